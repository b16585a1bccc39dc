import { Inject, Injectable } from '@nestjs/common';
import { Config, CONFIG } from '@touchline/platform';
import { matchStreamId, parseStreamId, tieStreamId } from '@touchline/event-store';
import { ProjectionNotifications, ReadModelRepository } from '@touchline/read-models';
import { notFound, unavailable } from '../http/problem';
import { scrapeGauge } from '../metrics/gauge';
import { KnownStreams } from '../write-side/known-streams';
import { HotViewsService } from './hot-views.service';
import type { VersionTarget } from './query-params';

/**
 * Read-your-writes: holds a query until the read model has applied the versions its client asked
 * for. A stream the log does not hold is a 404 at once (never a wait), and waits are capped.
 */
@Injectable()
export class MinVersionGate {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly notifications: ProjectionNotifications,
    private readonly repo: ReadModelRepository,
    private readonly known: KnownStreams,
    private readonly hot: HotViewsService,
  ) {
    scrapeGauge('touchline_min_version_waits', 'Queries waiting for minVersion', () => notifications.waiting);
  }

  /** Returns once every target is projected; 404 for a stream that does not exist; 503 when the wait runs out. */
  async require(targets: VersionTarget[], alsoTieId?: string): Promise<void> {
    const wanted = targets.filter((t) => t.version > 0);
    if (!wanted.length) return;
    const streams = wanted.map((t) => ({ streamId: matchStreamId(t.matchId), version: t.version }));
    // A leg can be projected before its tie, which sits in another partition: wait for both.
    if (alsoTieId) streams.push({ streamId: tieStreamId(alsoTieId), version: 1 });
    const projected = await this.repo.streamVersions(streams.map((s) => s.streamId));
    // What was seen here retires older views held in memory, so that other reads do not go back.
    projected.forEach((version, streamId) => this.hot.seen(streamId, version));
    const behind = streams.filter((s) => (projected.get(s.streamId) ?? 0) < s.version);
    if (!behind.length) return;
    for (const { streamId } of behind) {
      if (projected.has(streamId)) continue;
      const logged = await this.known.lastSeq(streamId);
      if (logged === 0) {
        const ref = parseStreamId(streamId)!;
        throw notFound(ref.kind === 'match' ? 'Match' : 'Tie', ref.id);
      }
    }
    if (this.notifications.waiting + behind.length > this.config.minVersionWaiters) {
      throw unavailable('too many queries are waiting for the read model; retry shortly');
    }
    const reached = await this.notifications.waitForVersions(behind, this.config.minVersionWaitMs);
    if (reached) behind.forEach(({ streamId, version }) => this.hot.seen(streamId, version));
    if (!reached) {
      const which = wanted.map((t) => `${t.matchId} at version ${t.version}`).join(', ');
      throw unavailable(
        `The read model has not yet applied ${which} (waited ${this.config.minVersionWaitMs} ms); retry shortly.`,
        1,
      );
    }
  }
}
