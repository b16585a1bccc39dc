import { Inject, Injectable } from '@nestjs/common';
import { Config } from '@touchline/platform';
import { matchStreamId, tieStreamId } from '@touchline/event-store';
import { unavailable } from '../http/problem';
import { CONFIG } from '../infra/tokens';
import { ProjectionNotifications } from '../projection-events/projection-notifications.service';
import type { VersionTarget } from './query-params';

/** Read-your-writes: holds a query until the read model has applied the versions its client asked for. */
@Injectable()
export class MinVersionGate {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly notifications: ProjectionNotifications,
  ) {}

  /** Returns once every target is projected; a 503 problem with Retry-After when the wait runs out. */
  async require(targets: VersionTarget[], alsoTieId?: string): Promise<void> {
    const wanted = targets.filter((t) => t.version > 0);
    if (!wanted.length) return;
    const streams = wanted.map((t) => ({ streamId: matchStreamId(t.matchId), version: t.version }));
    // A leg can be projected before its tie, which sits in another partition: wait for both.
    if (alsoTieId) streams.push({ streamId: tieStreamId(alsoTieId), version: 1 });
    const reached = await this.notifications.waitForVersions(streams, this.config.minVersionWaitMs);
    if (!reached) {
      const which = wanted.map((t) => `${t.matchId} at version ${t.version}`).join(', ');
      throw unavailable(
        `The read model has not yet applied ${which} (waited ${this.config.minVersionWaitMs} ms); retry shortly.`,
        1,
      );
    }
  }
}
