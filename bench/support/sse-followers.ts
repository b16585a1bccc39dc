import { Agent, request } from 'node:http';

/**
 * A live SSE client that keeps only what a soak needs: how many `match-event` messages arrived,
 * whether their ids ran 1 by 1 with no gap or repeat, and when each of a sample arrived.
 */
export class Follower {
  status = 0;
  received = 0;
  last = 0;
  gaps = 0;
  repeats = 0;
  closedEarly = false;
  private buffer = '';
  private req: ReturnType<typeof request> | null = null;

  constructor(
    private readonly url: string,
    private readonly agent: Agent,
    private readonly onEvent?: (seq: number) => void,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = request(this.url, { agent: this.agent, headers: { accept: 'text/event-stream' } }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.take(chunk));
        res.on('close', () => (this.closedEarly = true));
        resolve();
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  close(): void {
    this.closedEarly = false;
    this.req?.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const id = Number(/^id: (\d+)$/m.exec(block)?.[1] ?? NaN);
      if (!/^event: snapshot$/m.test(block) && !/^event: match-event$/m.test(block)) continue;
      if (/^event: snapshot$/m.test(block)) {
        this.last = id;
        continue;
      }
      if (id <= this.last) this.repeats++;
      else if (id > this.last + 1) this.gaps += id - this.last - 1;
      this.last = Math.max(this.last, id);
      this.received++;
      this.onEvent?.(id);
    }
  }
}
