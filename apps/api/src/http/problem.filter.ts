import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { TimeoutError } from '@touchline/platform';
import { bodyTooLarge, malformedJson } from './body-parsers';
import { Problem, ProblemBody, problemType, unavailable } from './problem';
import type { ProblemCode } from './problem.types';

/** What Fastify itself refuses with, before a route runs (an unreadable body, a bad URL). */
interface FrameworkError {
  code?: string;
  statusCode?: number;
  message?: string;
}

type Rendered = { body: ProblemBody; headers: Record<string, string> };

/** Renders every error as application/problem+json; never leaks a stack trace or SQL. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    this.send(exception, host.switchToHttp().getResponse<FastifyReply>());
  }

  /** Also Fastify's `frameworkErrors`: what it refuses before routing (a URL it cannot decode). */
  send(exception: unknown, reply: FastifyReply): void {
    const { body, headers } = this.toProblem(exception);
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    reply.headers(headers).status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): Rendered {
    if (exception instanceof Problem) return { body: exception.body, headers: exception.headers };
    // A dependency (Kafka, PostgreSQL) that did not answer in time: worth a retry, not a fault of ours.
    if (exception instanceof TimeoutError) {
      const problem = unavailable(exception.message);
      return { body: problem.body, headers: problem.headers };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 400 && /JSON/i.test(exception.message))
        return { body: malformedJson().body, headers: {} };
      if (status === 413) return { body: bodyTooLarge().body, headers: {} };
      const title = status === 404 ? 'Not found' : exception.message;
      return { body: { type: problemType(codeFor(status)), title, status }, headers: {} };
    }
    const e = exception as FrameworkError;
    if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { body: bodyTooLarge().body, headers: {} };
    const status = e?.statusCode;
    if (typeof e?.code === 'string' && e.code.startsWith('FST_') && status && status >= 400 && status < 500) {
      return {
        body: { type: problemType(codeFor(status)), title: e.message ?? 'Bad request', status },
        headers: {},
      };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return {
      body: { type: problemType('internal'), title: 'Internal error', status: 500 },
      headers: {},
    };
  }
}

function codeFor(status: number): ProblemCode {
  const codes: Record<number, ProblemCode> = {
    400: 'bad-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    429: 'too-many-requests',
    503: 'unavailable',
  };
  return codes[status] ?? 'error';
}
