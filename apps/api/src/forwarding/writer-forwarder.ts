import { Inject, Injectable } from '@nestjs/common';
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

export interface WriterAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Sends one command request on to the writer, in one hop, and hands back its answer as it is. */
@Injectable()
export class WriterForwarder {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async forward(writerUrl: string, req: FastifyRequest): Promise<WriterAnswer> {
    const headers: Record<string, string> = { [FORWARDED_HEADER]: this.config.advertisedUrl };
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let response: Response;
    try {
      response = await fetch(`${writerUrl}${req.url}`, {
        method: req.method,
        headers,
        body: rawJsonBody(req),
        redirect: 'manual',
        // A hang guard: the writer itself answers 503 once the log does not acknowledge in time.
        signal: AbortSignal.timeout(this.config.appendTimeoutMs + 10000),
      });
    } catch (err) {
      this.logger.warn({ err, writerUrl }, 'the writer could not be reached');
      throw unavailable('the writer could not be reached; retry shortly (with the same eventId)');
    }
    try {
      const body = Buffer.from(await response.arrayBuffer());
      const kept = [...response.headers].filter(([name]) => !HOP_BY_HOP.has(name));
      return { status: response.status, headers: kept, body };
    } catch (err) {
      this.logger.warn({ err, writerUrl }, "the writer's answer was cut off");
      throw unavailable("the writer's answer was cut off; retry with the same eventId");
    }
  }
}
