import type { Message } from 'kafkajs';

interface Waiting {
  messages: Message[];
  done: (err?: unknown) => void;
}

/**
 * Coalesces whatever concurrent callers have waiting: messages sent while a flush is in flight
 * go together in the next one (at most `maxRecords`, unless a single caller's are more), each
 * caller answered by its flush's outcome. One flush at a time.
 */
export class CoalescedSends {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly flushOne: (messages: Message[]) => Promise<void>,
    private readonly maxRecords = Infinity,
  ) {}

  /** Resolves once the flush that carried the messages succeeded; rejects with its error. */
  send(messages: Message[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves once no flush is in flight. */
  async idle(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.take();
      try {
        await this.flushOne(batch.flatMap((b) => b.messages));
        batch.forEach((b) => b.done());
      } catch (err) {
        batch.forEach((b) => b.done(err));
      }
    }
    this.flushing = false;
  }

  private take(): Waiting[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n].messages.length <= this.maxRecords))
      count += this.queue[n++].messages.length;
    return this.queue.splice(0, n);
  }
}
