import { Client, Notification } from 'pg';
import type { Logger } from 'pino';
import {
  parseProjectedPayload,
  parseTablesChanged,
  READ_MODELS_REPLACED,
  StreamProjected,
} from './projected-payload';
import { ReadModelRepository } from './read-model.repository';
import { PROJECTED_CHANNEL } from './schema';

/** How often waits re-read versions (a notification can be lost, e.g. across a reconnect) and time out. */
const RECHECK_MS = 250;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;
/** How the LISTEN session shows in `pg_stat_activity`. */
export const NOTIFICATIONS_APPLICATION_NAME = 'touchline-projection-notifications';

interface Waiter {
  streamId: string;
  version: number;
  deadline: number;
  done: (reached: boolean) => void;
}

/**
 * One shared PostgreSQL LISTEN connection on the projector's channel: wakes read-your-writes
 * waiters and tells live streams which streams moved. Notifications are a fast path only; a
 * timer re-reads the versions of whatever is awaited, and every (re)connect triggers a resync.
 */
export class ProjectionNotifications {
  private client: Client | null = null;
  private closing = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(change: StreamProjected) => void>();
  private readonly tablesListeners = new Set<(competition: string) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly lostListeners = new Set<() => void>();
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly repo: ReadModelRepository,
  ) {}

  /** Connects (a failed first attempt is retried in the background, like any lost connection). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    for (const w of [...this.waiters.values()].flatMap((set) => [...set])) w.done(false);
    await this.client?.end().catch(() => undefined);
  }

  /** Calls `listener` with every stream version the projector commits. Returns an unsubscribe. */
  onStreamProjected(listener: (change: StreamProjected) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with every competition whose table rows the projector wrote (a match of it,
   * no leg of a tie, scheduled or moved), before the streams of the same batch. Returns an unsubscribe.
   */
  onTablesChanged(listener: (competition: string) => void): () => void {
    this.tablesListeners.add(listener);
    return () => this.tablesListeners.delete(listener);
  }

  /**
   * Calls `listener` after the LISTEN connection is (re)established, and when the read models
   * were replaced wholesale (a rebuild swapped them in, or they were cleared to be folded again):
   * notifications may have been missed, or rows changed without a new version.
   */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Calls `listener` when the LISTEN connection is lost: notifications are missed until `onResync`. */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Whether notifications are being received now. */
  get connected(): boolean {
    return this.client !== null;
  }

  /** Read-your-writes waits held now. */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  /**
   * Resolves true once the read model holds every target, false when `timeoutMs` runs out first.
   * No timer per wait: one ticker re-reads all awaited versions in one query and ends the waits
   * whose time is up, right after that read (their last look).
   */
  async waitForVersions(
    targets: Array<{ streamId: string; version: number }>,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const reached = await Promise.all(
      targets.map(
        ({ streamId, version }) =>
          new Promise<boolean>((resolve) => {
            const waiter: Waiter = {
              streamId,
              version,
              deadline,
              done: (ok) => {
                this.removeWaiter(waiter);
                resolve(ok);
              },
            };
            this.addWaiter(waiter);
          }),
      ),
    );
    return reached.every(Boolean);
  }

  private addWaiter(w: Waiter): void {
    const set = this.waiters.get(w.streamId) ?? new Set<Waiter>();
    set.add(w);
    this.waiters.set(w.streamId, set);
    this.recheckTimer ??= setInterval(() => void this.tick(), RECHECK_MS);
  }

  private removeWaiter(w: Waiter): void {
    const set = this.waiters.get(w.streamId);
    set?.delete(w);
    if (set && set.size === 0) this.waiters.delete(w.streamId);
    if (this.waiters.size === 0 && this.recheckTimer) {
      clearInterval(this.recheckTimer);
      this.recheckTimer = null;
    }
  }

  private async tick(): Promise<void> {
    await this.recheck([...this.waiters.keys()]);
    const now = Date.now();
    for (const set of [...this.waiters.values()])
      for (const w of [...set]) if (w.deadline <= now) w.done(false);
  }

  private async recheck(streamIds: string[]): Promise<void> {
    if (!streamIds.length) return;
    try {
      const versions = await this.repo.streamVersions(streamIds);
      for (const [streamId, version] of versions) this.wake(streamId, version);
    } catch (err) {
      this.logger.warn({ err }, 'could not re-check projected versions');
    }
  }

  private wake(streamId: string, version: number): void {
    for (const w of [...(this.waiters.get(streamId) ?? [])]) if (version >= w.version) w.done(true);
  }

  private onNotification(msg: Notification): void {
    if (msg.channel !== PROJECTED_CHANNEL || !msg.payload) return;
    if (msg.payload === READ_MODELS_REPLACED) return this.resync();
    for (const competition of parseTablesChanged(msg.payload)) {
      for (const listener of this.tablesListeners) {
        try {
          listener(competition);
        } catch (err) {
          this.logger.warn({ err }, 'projection listener failed');
        }
      }
    }
    for (const change of parseProjectedPayload(msg.payload)) {
      this.wake(change.streamId, change.version);
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (err) {
          this.logger.warn({ err }, 'projection listener failed');
        }
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: NOTIFICATIONS_APPLICATION_NAME,
    });
    client.on('notification', (msg) => this.onNotification(msg));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECTED_CHANNEL}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.resync();
  }

  private resync(): void {
    void this.recheck([...this.waiters.keys()]);
    this.tell(this.resyncListeners);
  }

  private tell(listeners: Set<() => void>): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch (err) {
        this.logger.warn({ err }, 'projection listener failed');
      }
    }
  }

  private lost(client: Client, err?: unknown): void {
    if (this.closing || client.listenerCount('notification') === 0) return;
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.client === client) {
      this.client = null;
      this.tell(this.lostListeners);
    }
    this.logger.warn({ err, retryInMs: this.reconnectDelay }, 'projection notifications connection lost');
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }
}
