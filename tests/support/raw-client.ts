import { request } from 'node:http';
import { connect, Socket } from 'node:net';

/** Sends a GET and resets the connection at once (TCP RST), as a client that vanishes would. */
export function resetRequest(port: number, path: string, afterMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
      const reset = () => {
        socket.resetAndDestroy();
        resolve();
      };
      if (afterMs > 0) setTimeout(reset, afterMs);
      else setImmediate(reset);
    });
    socket.on('error', () => resolve());
  });
}

/** Opens a stream and never reads it: the server's writes pile up unless it respects backpressure. */
export function stalledRequest(port: number, path: string): Socket {
  const socket = connect(port, '127.0.0.1', () => {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    socket.pause();
  });
  socket.on('error', () => undefined);
  return socket;
}

/** A light SSE client for many parallel streams: records the ids of `match-event` messages. */
export class SseCounter {
  readonly ids: number[] = [];
  status = 0;
  snapshots = 0;
  /** Every message, whatever its event name. */
  messages = 0;
  private buffer = '';
  private destroy: () => void = () => undefined;
  readonly opened: Promise<number>;
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  private firstWaiters: Array<() => void> = [];
  closed = false;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.opened = new Promise((resolve) => {
      const req = request(
        url,
        { headers: { accept: 'text/event-stream', ...headers }, agent: false },
        (res) => {
          this.status = res.statusCode ?? 0;
          resolve(this.status);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => this.take(chunk));
          res.on('close', () => {
            this.closed = true;
            this.waiters.forEach((w) => w.resolve());
          });
        },
      );
      req.on('error', () => {
        this.closed = true;
        resolve(this.status);
        this.waiters.forEach((w) => w.resolve());
      });
      this.destroy = () => req.destroy();
      req.end();
    });
  }

  /** Resolves once an event with this seq (or later) arrived, or the stream closed. */
  reached(seq: number): Promise<void> {
    if (this.closed || (this.ids.length && this.ids[this.ids.length - 1] >= seq)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Resolves once any message arrived, or the stream closed. */
  first(): Promise<void> {
    if (this.closed || this.messages > 0) return Promise.resolve();
    return new Promise((resolve) => this.firstWaiters.push(resolve));
  }

  close(): void {
    this.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const id = /^id: (.*)$/m.exec(block)?.[1];
      this.messages++;
      if (event === 'snapshot') this.snapshots++;
      if (event === 'match-event' && id !== undefined) this.ids.push(Number(id));
    }
    if (this.messages) this.firstWaiters.splice(0).forEach((f) => f());
    const last = this.ids[this.ids.length - 1] ?? 0;
    this.waiters = this.waiters.filter((w) => (w.seq <= last ? (w.resolve(), false) : true));
  }
}

/**
 * Sends `head` and the first 64 KiB of `body`, and the rest of the body once the answer's header
 * has come (a server may answer a body it refuses before reading it), then closes its side.
 * Returns what the server sent, and the socket error if the connection broke under the client.
 */
export function answeredBeforeBody(
  port: number,
  head: string,
  body: Buffer,
): Promise<{ received: string; error?: Error }> {
  return new Promise((resolve) => {
    let received = '';
    let error: Error | undefined;
    let rest = false;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body.subarray(0, 64 * 1024));
    });
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1');
      if (!rest && received.includes('\r\n\r\n')) {
        rest = true;
        socket.end(body.subarray(64 * 1024));
      }
    });
    socket.on('error', (err) => (error = err));
    socket.on('close', () => resolve({ received, error }));
  });
}
