import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  /** Expiry times of the hits still counted, oldest first, from `head` on. */
  expiries: number[];
  head: number;
  expiresAt: number;
  blockExpiresAt: number;
  blocked: boolean;
}

const SWEEP_MS = 60_000;

/**
 * The throttler's counts with @nestjs/throttler's own semantics (a hit counts for `ttl`; past
 * `limit` the key is blocked for `blockDuration`), at O(1) per request: a window's hits expire in
 * the order they came, so expired ones are dropped from the front of a queue, where the default
 * storage filters (copies) every hit of the window on every request — 10,000 of them for a busy
 * key at the default limit.
 */
export class HitWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(`${throttlerName}:${key}`, ttl, limit, blockDuration));
  }

  hit(id: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    const now = this.now();
    this.sweepLater();
    let w = this.windows.get(id);
    if (!w) {
      w = { expiries: [], head: 0, expiresAt: now + ttl, blockExpiresAt: 0, blocked: false };
      this.windows.set(id, w);
    }
    dropExpired(w, now);
    if (w.expiresAt <= now) w.expiresAt = now + ttl;
    const timeToExpire = seconds(w.expiresAt - now);
    const blocking = blockDuration > 0;
    const full = count(w) >= limit;
    if (!w.blocked && (blocking || !full)) w.expiries.push(now + ttl);
    if (!blocking) {
      const oldest = w.expiries[w.head];
      return {
        totalHits: count(w) + (full ? 1 : 0),
        timeToExpire,
        isBlocked: full,
        timeToBlockExpire: full ? (oldest === undefined ? timeToExpire : seconds(oldest - now)) : 0,
      };
    }
    if (count(w) > limit && !w.blocked) {
      w.blocked = true;
      w.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(w.blockExpiresAt - now);
    if (w.blocked && timeToBlockExpire <= 0) {
      w.blocked = false;
      w.expiries = [now + ttl];
      w.head = 0;
    }
    return { totalHits: count(w), timeToExpire, isBlocked: w.blocked, timeToBlockExpire };
  }

  /** Windows idle for a sweep interval are forgotten (as the default storage does). */
  sweep(now = this.now()): void {
    for (const [id, w] of this.windows) {
      if (w.blocked && w.blockExpiresAt > now) continue;
      if (w.expiresAt > now || (w.expiries.length > w.head && w.expiries[w.expiries.length - 1] > now))
        continue;
      this.windows.delete(id);
    }
  }

  get size(): number {
    return this.windows.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.windows.clear();
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);
const count = (w: Window): number => w.expiries.length - w.head;

function dropExpired(w: Window, now: number): void {
  while (w.head < w.expiries.length && w.expiries[w.head] <= now) w.head++;
  // Reclaim the dropped front now and then, not on every hit.
  if (w.head > 1024 && w.head * 2 > w.expiries.length) {
    w.expiries = w.expiries.slice(w.head);
    w.head = 0;
  }
}
