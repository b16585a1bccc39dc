import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Config, CONFIG, LOGGER } from '@touchline/platform';
import { matchStreamId } from '@touchline/event-store';
import { ProjectionNotifications, ReadModelRepository } from '@touchline/read-models';
import { scrapeGauge } from '../metrics/gauge';
import { counter } from '../metrics/registered';
import { HotViewsService } from '../queries/hot-views.service';
import type { ClientLifetime } from './client-lifetime';
import { LiveFeed } from './live-feed';
import { foldedEvents } from './match-fold';
import type { SseStream } from './sse';

/**
 * Every live feed, one per followed match, woken by the projector's notifications. One timer
 * re-reads the versions of all followed matches at once, in case a notification was missed;
 * no client polls anything.
 */
@Injectable()
export class LiveFeeds implements OnApplicationShutdown {
  private readonly feeds = new Map<string, LiveFeed>();
  private timer: NodeJS.Timeout | null = null;
  private readonly reads = counter(
    'touchline_live_feed_reads_total',
    'Read-model reads made by live feeds (shared by all their clients)',
  );
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly repo: ReadModelRepository,
    notifications: ProjectionNotifications,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly hot: HotViewsService,
  ) {
    scrapeGauge('touchline_live_feeds', 'Matches with a shared live reader', () => this.feeds.size);
    this.unsubscribe = [
      notifications.onStreamProjected((c) => this.feeds.get(c.streamId)?.wake(c.version)),
      notifications.onResync(() => this.feeds.forEach((f) => f.wake(Infinity))),
    ];
  }

  onApplicationShutdown(): void {
    this.unsubscribe.forEach((u) => u());
    if (this.timer) clearInterval(this.timer);
  }

  /** The match's feed, held until `lifetime` ends. */
  join(matchId: string, lifetime: ClientLifetime): LiveFeed {
    const streamId = matchStreamId(matchId);
    let feed = this.feeds.get(streamId);
    if (!feed || feed.stale) {
      feed = new LiveFeed(
        streamId,
        matchId,
        this.repo,
        this.logger,
        () => this.reads.inc(),
        (s, v) => this.hot.seen(s, v),
      );
      this.feeds.set(streamId, feed);
    }
    const joined = feed;
    joined.members++;
    lifetime.onEnd(() => {
      joined.members--;
      if (joined.members === 0 && this.feeds.get(streamId) === joined) this.feeds.delete(streamId);
      if (this.feeds.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    });
    this.timer ??= setInterval(() => void this.recheck(), this.config.streams.recheckMs);
    return joined;
  }

  /**
   * Sends `sse` everything after `resumeAfter` (or a snapshot when it has seen nothing), then
   * makes it a follower of the feed. Catching up reads the stored events by pages, waiting for
   * the client to take each; it joins the feed once it has reached the feed's position.
   */
  async follow(
    matchId: string,
    feed: LiveFeed,
    sse: SseStream,
    lifetime: ClientLifetime,
    resumeAfter: number | undefined,
  ): Promise<void> {
    let sent = resumeAfter ?? feed.position;
    // Following from the start: what the feed sends while this client catches up is ignored, and
    // the catch-up stops, without an await in between, once it has sent the feed's position.
    let catchingUp = resumeAfter !== undefined && resumeAfter < feed.position;
    lifetime.onEnd(
      feed.follow({
        deliver: (seq, frame) => {
          if (catchingUp || seq <= sent) return;
          sent = seq;
          sse.write(frame);
        },
      }),
    );
    if (resumeAfter === undefined) sse.write(feed.snapshotFrame());
    if (!catchingUp) return;
    // A pass over the stored events can end short of the feed's position: the feed read newer
    // events after the pass read its last page, and this client ignored them. It then reads on
    // from where it got to (they are stored: the feed read them there).
    while (catchingUp) {
      for await (const item of foldedEvents(this.repo, matchId, sent)) {
        sent = item.seq;
        if (!sse.send({ id: item.seq, event: 'match-event', data: item }) && !(await sse.drained())) return;
        if (sent >= feed.position) {
          catchingUp = false; // before `break`: leaving a for-await awaits the generator's return
          break;
        }
      }
      if (sent >= feed.position) catchingUp = false;
    }
  }

  private async recheck(): Promise<void> {
    if (!this.feeds.size) return;
    try {
      this.reads.inc();
      const versions = await this.repo.streamVersions([...this.feeds.keys()]);
      for (const [streamId, version] of versions) this.feeds.get(streamId)?.wake(version);
    } catch (err) {
      this.logger.warn({ err }, 'could not re-check live feeds');
    }
  }
}
