import type { Logger } from 'pino';
import { matchView, MatchState } from '@touchline/domain';
import type { ReadModelRepository } from '@touchline/read-models';
import { evolveStored, PAGE_SIZE, Seen, streamed, tieContext } from './match-fold';
import { sseFrame } from './sse';

/** A client following a feed: takes each new event's frame once, in seq order. */
export interface FeedFollower {
  deliver(seq: number, frame: string): void;
}

/**
 * The one reader of a live match, shared by every client following it. It starts from the match
 * as stored, with its log read from the stored events (no re-fold of the match), reads only what
 * the projector reports as new, folds it once and hands the same serialised frame to every
 * follower. What it reads, before anyone is sent it, is told to `seen` (the views held in memory,
 * which must not answer older than what a client has just been sent).
 */
export class LiveFeed {
  /** Clients holding the feed, following or still catching up. */
  members = 0;
  private readonly followers = new Set<FeedFollower>();
  private state: MatchState | null = null;
  private seq = 0;
  private reading = false;
  private wanted = false;
  private snapshot: { seq: number; frame: string } | null = null;
  /** False when there is no such match. */
  readonly ready: Promise<boolean>;
  private loaded: boolean | null = null;

  constructor(
    readonly streamId: string,
    private readonly matchId: string,
    private readonly repo: ReadModelRepository,
    private readonly logger: Logger,
    private readonly onRead: () => void,
    private readonly seen: Seen = () => undefined,
  ) {
    this.ready = this.load();
  }

  get position(): number {
    return this.seq;
  }

  /** Known not to exist, or not loadable: a later client gets a fresh feed rather than this answer. */
  get stale(): boolean {
    return this.loaded === false;
  }

  /** The `snapshot` message: the match as it stands, id = its seq. */
  snapshotFrame(): string {
    if (this.snapshot?.seq !== this.seq) {
      const view = this.state ? matchView(this.state) : null;
      this.snapshot = {
        seq: this.seq,
        frame: sseFrame({ id: this.seq, event: 'snapshot', data: { seq: this.seq, state: view } }),
      };
    }
    return this.snapshot.frame;
  }

  /** Adds a follower that has everything up to the feed's position; returns its removal. */
  follow(follower: FeedFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** The projector reports the stream at `version`: read what is new. */
  wake(version: number): void {
    if (version > this.seq) void this.pump();
  }

  private async load(): Promise<boolean> {
    this.onRead();
    const row = await this.repo.matchWithLog(this.matchId).catch((err: unknown) => {
      this.loaded = false;
      throw err;
    });
    this.loaded = row !== null;
    if (!row) return false;
    this.state = row.state;
    this.seq = row.version;
    this.seen(this.streamId, row.version);
    void this.pump();
    return true;
  }

  // One read at a time; a wake-up during a read asks for one more.
  private async pump(): Promise<void> {
    if (!this.loaded) return;
    if (this.reading) {
      this.wanted = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.wanted = false;
        this.onRead();
        const page = await this.repo.events(this.streamId, this.seq + 1, PAGE_SIZE);
        if (!page.length) break;
        // Read after a notification, or ahead of it (the re-check timer, a later batch committed).
        this.seen(this.streamId, page[page.length - 1].seq);
        const tie = await tieContext(this.repo, this.state!, this.seen);
        for (const e of page) {
          this.state = evolveStored(this.state, e);
          this.seq = e.seq;
          const frame = sseFrame({ id: e.seq, event: 'match-event', data: streamed(e, this.state, tie) });
          for (const follower of this.followers) follower.deliver(e.seq, frame);
        }
        if (page.length === PAGE_SIZE) this.wanted = true;
      } while (this.wanted && this.members > 0);
    } catch (err) {
      this.logger.warn(
        { err, streamId: this.streamId },
        'live feed read failed; retried on the next wake-up',
      );
    } finally {
      this.reading = false;
    }
  }
}
