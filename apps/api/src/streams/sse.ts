import type { Request, Response } from 'express';

/** A Server-Sent Events response: opened once, then messages and keep-alive comments. */
export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    req: Request,
    private readonly res: Response,
    heartbeatMs = 15000,
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    // Comments keep proxies from closing an idle stream; clients ignore them.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), heartbeatMs);
    req.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(fn: () => void): void {
    this.res.on('close', fn);
  }

  send(message: { id?: number | string; event?: string; data: unknown }): void {
    const lines: string[] = [];
    if (message.id !== undefined) lines.push(`id: ${message.id}`);
    if (message.event) lines.push(`event: ${message.event}`);
    lines.push(`data: ${JSON.stringify(message.data)}`);
    this.write(`${lines.join('\n')}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
  }

  private write(chunk: string): void {
    if (!this.closed) this.res.write(chunk);
  }
}
