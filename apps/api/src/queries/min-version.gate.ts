import { Inject, Injectable } from '@nestjs/common';
import { Config } from '@touchline/platform';
import { matchStreamId } from '@touchline/event-store';
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
  async require(targets: VersionTarget[]): Promise<void> {
    const wanted = targets.filter((t) => t.version > 0);
    if (!wanted.length) return;
    const reached = await this.notifications.waitForVersions(
      wanted.map((t) => ({ streamId: matchStreamId(t.matchId), version: t.version })),
      this.config.minVersionWaitMs,
    );
    if (!reached) {
      const which = wanted.map((t) => `${t.matchId} at version ${t.version}`).join(', ');
      throw unavailable(
        `The read model has not yet applied ${which} (waited ${this.config.minVersionWaitMs} ms); retry shortly.`,
        1,
      );
    }
  }
}
