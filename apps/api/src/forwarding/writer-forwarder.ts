import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Config, CONFIG, Logger, LOGGER } from '@touchline/platform';
import { rawJsonBody } from '../http/body-parsers';
import { unavailable } from '../http/problem';

/** Marks a request one instance forwarded to the writer: it is never forwarded again. */
export const FORWARDED_HEADER = 'x-touchline-forwarded-by';

/** What a command needs on the writer: the key, the body's type, and its preconditions. */
const REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'if-match',
  'idempotency-key',
  'accept',
  'user-agent',
];
/** Headers of one connection, not of the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);
/**
 * An idle connection to the writer is closed after this long: well before a server closes it
 * (Node's default keep-alive timeout is 5 s, Fastify's 72 s), so a request is not sent on a
 * connection the writer is closing at that moment.
 */
const IDLE_CONNECTION_MS = 4000;

export interface WriterAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Why a forward failed: before the writer answered, or while its answer was read. */
class ForwardError extends Error {
  constructor(
    readonly stage: 'request' | 'answer',
    override readonly cause: unknown,
  ) {
    super(stage);
  }
}

/**
 * Sends one command request on to the writer, in one hop, and hands back its answer as it is.
 *
 * Over Node's own HTTP client with keep-alive connections to the writer: a connection is opened
 * once and reused by the commands that follow, and no WHATWG Request/Response/Headers objects
 * are built per command (what `fetch` cost a follower in CPU, docs/BENCHMARKS.md).
 */
@Injectable()
export class WriterForwarder implements OnApplicationShutdown {
  private readonly http = new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
  private readonly https = new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationShutdown(): void {
    this.http.destroy();
    this.https.destroy();
  }

  async forward(writerUrl: string, req: FastifyRequest): Promise<WriterAnswer> {
    const headers: OutgoingHttpHeaders = { [FORWARDED_HEADER]: this.config.advertisedUrl };
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const body = rawJsonBody(req);
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    try {
      return await this.exchange(new URL(`${writerUrl}${req.url}`), req.method, headers, body);
    } catch (err) {
      const { stage, cause } = err instanceof ForwardError ? err : { stage: 'request', cause: err };
      if (stage === 'answer') {
        this.logger.warn({ err: cause, writerUrl }, "the writer's answer was cut off");
        throw unavailable("the writer's answer was cut off; retry with the same eventId");
      }
      this.logger.warn({ err: cause, writerUrl }, 'the writer could not be reached');
      throw unavailable('the writer could not be reached; retry shortly (with the same eventId)');
    }
  }

  private exchange(
    url: URL,
    method: string,
    headers: OutgoingHttpHeaders,
    body: string | undefined,
  ): Promise<WriterAnswer> {
    const tls = url.protocol === 'https:';
    return new Promise<WriterAnswer>((resolve, reject) => {
      let answered = false;
      const fail = (err: unknown) => {
        clearTimeout(guard);
        reject(new ForwardError(answered ? 'answer' : 'request', err));
      };
      const outgoing = (tls ? httpsRequest : httpRequest)(
        url,
        { method, headers, agent: tls ? this.https : this.http },
        (res: IncomingMessage) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) fail(new Error('the connection closed before the answer ended'));
          });
          res.on('end', () => {
            clearTimeout(guard);
            resolve({ status: res.statusCode ?? 502, headers: kept(res), body: Buffer.concat(chunks) });
          });
        },
      );
      // A hang guard: the writer itself answers 503 once the log does not acknowledge in time.
      const guard = setTimeout(
        () => outgoing.destroy(new Error('the writer did not answer in time')),
        this.config.appendTimeoutMs + 10000,
      );
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  }
}

/** The answer's headers, repeated ones joined as `fetch` would (`set-cookie` kept apart). */
function kept(res: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (Array.isArray(value)) value.forEach((v) => out.push([name, v]));
    else out.push([name, value]);
  }
  return out;
}
