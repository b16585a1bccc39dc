import { Consumer, ConsumerCrashEvent } from 'kafkajs';

/** A crash of a group member, as kafkajs reported it. */
export interface MemberCrash {
  error: Error;
  /** kafkajs restarts this consumer itself; when false, a fresh consumer takes its place. */
  restart: boolean;
}

export interface CrashRejoinOptions {
  /**
   * Creates a consumer (not yet connected) and attaches its listeners. A listener must do nothing
   * once `isCurrent()` is false: the consumer crashed for good or was stopped, and a newer one
   * (or none) stands for this member.
   */
  create(isCurrent: () => boolean): Consumer;
  /** Connects, subscribes and runs a consumer `create` made. */
  run(consumer: Consumer): Promise<void>;
  /** Every crash of the current consumer, before anything is done about it. */
  onCrash?(crash: MemberCrash): void;
  /** A fresh consumer could not be started (it is retried after the back-off). */
  onRejoinFailed?(error: unknown): void;
  /** The wait before the first fresh consumer; doubled after each failed attempt, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10000;

/**
 * Keeps one kafkajs group consumer alive for as long as it is wanted. kafkajs restarts a crashed
 * consumer by itself only when the error was retriable (and `retry.restartOnFailure` agrees); on
 * any other crash (CRASH with `restart: false`, e.g. the group coordinator not found while a
 * broker restarts) it leaves the consumer disconnected for good, and the member would be gone
 * from its group forever. Then, and only then, this disconnects the crashed consumer and starts a
 * fresh one after a back-off, again and again until one runs or `stop()` is called. Each consumer
 * belongs to one generation: events of an older one never reach the current one's state.
 */
export class CrashRejoin {
  private current: Consumer | null = null;
  private generation = 0;
  private stopped = false;
  private failures = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: CrashRejoinOptions) {}

  /** The consumer that stands for this member now; null while a fresh one is awaited. */
  get consumer(): Consumer | null {
    return this.current;
  }

  /** Starts the first consumer; its failure to start is the caller's (nothing is retried). */
  async start(): Promise<void> {
    this.stopped = false;
    const consumer = this.spawn();
    try {
      await this.opts.run(consumer);
    } catch (err) {
      this.retire();
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /** Disconnects the current consumer (it leaves its group) and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    const consumer = this.retire();
    this.wake?.();
    await consumer?.disconnect();
  }

  private spawn(): Consumer {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    const consumer = this.opts.create(isCurrent);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (isCurrent()) this.failures = 0;
    });
    consumer.on(consumer.events.CRASH, ({ payload }: ConsumerCrashEvent) => {
      if (!isCurrent()) return;
      this.opts.onCrash?.({ error: payload.error, restart: payload.restart });
      // kafkajs restarts this same consumer: a second one would be a second member of the group.
      if (payload.restart) return;
      void this.rejoin();
    });
    this.current = consumer;
    return consumer;
  }

  /** Makes the current consumer stale; returns it. */
  private retire(): Consumer | null {
    const consumer = this.current;
    this.current = null;
    this.generation++;
    return consumer;
  }

  private async rejoin(): Promise<void> {
    const crashed = this.retire();
    // kafkajs disconnected it before reporting the crash; again, in case that failed half-way.
    await crashed?.disconnect().catch(() => undefined);
    while (!this.stopped) {
      await this.backOff();
      if (this.stopped) return;
      const consumer = this.spawn();
      try {
        await this.opts.run(consumer);
        // Stopped meanwhile (the connect may have finished after stop's disconnect), or crashed
        // while joining: that crash's own listener took over.
        if (this.current !== consumer) await consumer.disconnect().catch(() => undefined);
        return;
      } catch (err) {
        if (this.current !== consumer) {
          await consumer.disconnect().catch(() => undefined);
          return;
        }
        this.opts.onRejoinFailed?.(err);
        this.retire();
        await consumer.disconnect().catch(() => undefined);
      }
    }
  }

  private backOff(): Promise<void> {
    const base = this.opts.backoffMs ?? BACKOFF_MS;
    const ms = Math.min(this.opts.maxBackoffMs ?? MAX_BACKOFF_MS, base * 2 ** this.failures++);
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
