import type { ServerResponse } from 'node:http';

/**
 * The life of one streaming response, from the first line of its handler to its socket closing.
 * Created before any await: `close` is emitted once, and a listener added after it (or a socket
 * already reset before the handler ran) would otherwise never hear it, leaking whatever the
 * stream went on to start. Everything the stream holds is handed to `onEnd` and released at once.
 */
export class ClientLifetime {
  private ended = false;
  private readonly cleanups = new Set<() => void>();

  constructor(private readonly res: ServerResponse) {
    res.once('close', () => this.end());
    if (res.destroyed || res.socket === null || res.socket.destroyed) this.end();
  }

  get isOver(): boolean {
    return this.ended;
  }

  /** Runs `fn` when the client goes (at once if it has already gone). */
  onEnd(fn: () => void): void {
    if (this.ended) fn();
    else this.cleanups.add(fn);
  }

  /** Ends the stream from our side: the socket is destroyed, so nothing more is buffered for it. */
  drop(): void {
    this.res.destroy();
    this.end();
  }

  /** Stops calling `fn` at the end (it has been released some other way). */
  forget(fn: () => void): void {
    this.cleanups.delete(fn);
  }

  /** Resolves after `ms`, or as soon as the client goes; the timer never outlives the stream. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.ended) return resolve();
      const finish = (): void => {
        clearTimeout(timer);
        this.forget(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.cleanups.add(finish);
    });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const cleanups = [...this.cleanups];
    this.cleanups.clear();
    for (const fn of cleanups) fn();
  }
}
