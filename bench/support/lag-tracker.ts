import { Samples } from './stats';

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Polls `check` every 100 ms until it holds; throws after `timeoutMs`, naming `what`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pairs acks with notifications, whichever the bench process sees first. */
export class LagTracker {
  readonly lag = new Samples();
  /** When each lag sample's event was acknowledged (now()), in the order of `lag`. */
  readonly ackedAt = new Samples();
  visibleBeforeAck = 0;
  private readonly pending = new Map<string, Array<{ seq: number; at: number }>>();
  private readonly visible = new Map<string, { version: number; at: number }>();

  acked(matchId: string, seq: number, at: number): void {
    const v = this.visible.get(matchId);
    if (v && v.version >= seq) {
      this.visibleBeforeAck++;
      this.sample(at, Math.max(0, v.at - at));
      return;
    }
    const list = this.pending.get(matchId) ?? [];
    list.push({ seq, at });
    this.pending.set(matchId, list);
  }

  projected(payload: string, at: number): void {
    for (const entry of payload.split(',')) {
      const m = /^match:(.+)@(\d+)$/.exec(entry);
      if (!m) continue;
      const [, matchId, v] = m;
      const version = Number(v);
      this.visible.set(matchId, { version, at });
      const list = this.pending.get(matchId);
      if (!list) continue;
      const still = list.filter((p) => {
        if (p.seq > version) return true;
        this.sample(p.at, at - p.at);
        return false;
      });
      if (still.length) this.pending.set(matchId, still);
      else this.pending.delete(matchId);
    }
  }

  private sample(ackedAt: number, lagMs: number): void {
    this.lag.add(lagMs);
    this.ackedAt.add(ackedAt);
  }

  get unseen(): number {
    return [...this.pending.values()].reduce((n, l) => n + l.length, 0);
  }

  /** Waits up to `timeoutMs` for every acknowledged event to be seen; how many were not. */
  async settle(timeoutMs: number): Promise<number> {
    await waitFor(async () => this.unseen === 0, timeoutMs, 'acknowledged events').catch(() => undefined);
    return this.unseen;
  }
}
