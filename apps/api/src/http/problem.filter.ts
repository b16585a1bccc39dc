import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { Problem, ProblemBody, problemType } from './problem';
import type { ProblemCode } from './problem.types';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/** Renders every error as application/problem+json; never leaks a stack trace or SQL. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { body, headers } = this.toProblem(exception);
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private malformedJson(): { body: ProblemBody; headers: Record<string, string> } {
    return {
      body: {
        type: problemType('malformed-json'),
        title: 'The request body is not valid JSON',
        status: 400,
        detail: 'body: malformed JSON',
        errors: [{ field: 'body', message: 'malformed JSON' }],
      },
      headers: {},
    };
  }

  private tooLarge(): { body: ProblemBody; headers: Record<string, string> } {
    return {
      body: { type: problemType('payload-too-large'), title: 'The request body is too large', status: 413 },
      headers: {},
    };
  }

  private toProblem(exception: unknown): { body: ProblemBody; headers: Record<string, string> } {
    if (exception instanceof Problem) return { body: exception.body, headers: exception.headers };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 400 && /JSON/i.test(exception.message)) return this.malformedJson();
      if (status === 413) return this.tooLarge();
      const title = status === 404 ? 'Not found' : exception.message;
      return { body: { type: problemType(codeFor(status)), title, status }, headers: {} };
    }
    const e = exception as BodyParserError;
    if (e && typeof e === 'object' && e.type === 'entity.parse.failed') return this.malformedJson();
    if (e && typeof e === 'object' && e.type === 'entity.too.large') return this.tooLarge();
    const status = e?.status ?? e?.statusCode;
    if (e?.expose && typeof status === 'number' && status >= 400 && status < 500) {
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
