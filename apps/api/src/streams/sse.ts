import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { counter } from '../metrics/registered';
import type { ClientLifetime } from './client-lifetime';

const dropped = counter(
  'touchline_streams_dropped_total',
  'Streams dropped because their client did not read',
);

export interface SseMessage {
  id?: number | string;
  event?: string;
  data: unknown;
}

/** One SSE message as it goes on the wire; built once and shared by every client it goes to. */
export function sseFrame(message: SseMessage): string {
  const lines: string[] = [];
  if (message.id !== undefined) lines.push(`id: ${message.id}`);
  if (message.event) lines.push(`event: ${message.event}`);
  lines.push(`data: ${JSON.stringify(message.data)}`);
  return `${lines.join('\n')}\n\n`;
}

export interface SseLimits {
  /** Bytes queued for a client that does not read before it is dropped. */
  bufferBytes: number;
  /** How long `drained` waits for a client to take what it was sent. */
  stallMs: number;
  heartbeatMs?: number;
}

/**
 * A Server-Sent Events response, opened once, released with its client's lifetime. Memory per
 * client is bounded: a client whose queued bytes pass the limit is dropped, and producers that
 * can wait (replay, catch-up) wait for `drained` before writing more.
 */
export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private readonly res: ServerResponse;

  constructor(
    reply: FastifyReply,
    private readonly lifetime: ClientLifetime,
    private readonly limits: SseLimits,
  ) {
    // The stream is written to the socket directly; the headers set so far (helmet's) go with it.
    reply.hijack();
    this.res = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) this.res.setHeader(name, value);
    }
    this.res.statusCode = 200;
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    // Comments keep proxies from closing an idle stream; clients ignore them.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), limits.heartbeatMs ?? 15000);
    lifetime.onEnd(() => clearInterval(this.heartbeat));
  }

  get isClosed(): boolean {
    return this.lifetime.isOver;
  }

  /** Queues a message; false when the client is behind (wait for `drained`) or gone. */
  send(message: SseMessage): boolean {
    return this.write(sseFrame(message));
  }

  /** Queues a frame built by `sseFrame`; false when the client is behind or gone. */
  write(frame: string): boolean {
    if (this.lifetime.isOver) return false;
    const ok = this.res.write(frame);
    if (this.res.writableLength > this.limits.bufferBytes) {
      dropped.inc();
      this.lifetime.drop();
      return false;
    }
    return ok;
  }

  /** Resolves true once the client has taken what was queued; false if it goes or stalls (it is then dropped). */
  drained(): Promise<boolean> {
    if (this.lifetime.isOver) return Promise.resolve(false);
    if (!this.res.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        this.res.off('drain', onDrain);
        this.lifetime.forget(onEnd);
        if (!ok && !this.lifetime.isOver) {
          dropped.inc();
          this.lifetime.drop();
        }
        resolve(ok);
      };
      const onDrain = (): void => finish(true);
      const onEnd = (): void => finish(false);
      const timer = setTimeout(() => finish(false), this.limits.stallMs);
      this.res.on('drain', onDrain);
      this.lifetime.onEnd(onEnd);
    });
  }

  /** Ends the response normally (replay's end). */
  close(): void {
    if (this.lifetime.isOver) return;
    this.res.end();
  }
}
