import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { MatchView } from '@touchline/domain';
import { Config, CONFIG } from '@touchline/platform';
import {
  parseProjectedPayload,
  parseTablesChanged,
  ProjectionNotifications,
  READ_MODELS_REPLACED,
} from '@touchline/read-models';
import { scrapeGauge } from '../metrics/gauge';
import { counter } from '../metrics/registered';
import { HotViews } from './hot-views';
import type { StandingsResponse } from './get-standings.query';
import type { TieResponse } from './get-tie.query';

/** A tie's answer kept with its legs, which `minVersion` is checked against. */
export interface HotTie {
  legs: readonly string[];
  response: TieResponse;
}

/** A competition's standings, every group, with the version its ETag names. */
export interface HotStandings {
  response: StandingsResponse;
  version: string;
}

/**
 * What a competition's standings depend on besides its declaration and the versions of its table
 * matches: the set of those matches, which grows without any of them moving (a match scheduled
 * into it). The projector names it (`tables:<competition>`) in every batch that writes one of them.
 */
export const tablesKey = (competition: string): string => `tables:${competition}`;

const hits = counter(
  'touchline_hot_views_hits_total',
  'Reads answered from the views held in memory, without SQL',
  ['view'],
);
const misses = counter(
  'touchline_hot_views_misses_total',
  'Reads of a view not held in memory, or not known current: read from PostgreSQL',
  ['view'],
);
const resets = counter(
  'touchline_hot_views_resets_total',
  'Times every view held in memory was dropped (notifications lost or back, read models replaced)',
);

/**
 * The views of matches, ties and competitions' standings the API holds in memory, fed by this process's own LISTEN on the
 * projector's notifications (each API instance has its own). Cold ones come from PostgreSQL.
 */
@Injectable()
export class HotViewsService implements OnModuleDestroy {
  readonly matches: HotViews<MatchView>;
  readonly ties: HotViews<HotTie>;
  /** By competition id. */
  readonly standings: HotViews<HotStandings>;
  private readonly unsubscribe: Array<() => void>;

  constructor(@Inject(CONFIG) config: Config, notifications: ProjectionNotifications) {
    const observe = (view: string) => (hit: boolean) => (hit ? hits : misses).inc({ view });
    const loaded = (deps: ReadonlyMap<string, number>) => deps.forEach((v, s) => this.seen(s, v));
    this.matches = new HotViews(config.hotViewsMax, observe('match'), loaded);
    this.ties = new HotViews(config.hotViewsMax, observe('tie'), loaded);
    this.standings = new HotViews(config.hotViewsMax, observe('standings'), loaded);
    const all = [this.matches, this.ties, this.standings];
    this.unsubscribe = [
      notifications.onStreamProjected(({ streamId, version }) => this.seen(streamId, version)),
      notifications.onTablesChanged((competition) => this.standings.changed(tablesKey(competition))),
      notifications.onResync(() => {
        resets.inc();
        all.forEach((v) => v.connected());
      }),
      notifications.onLost(() => {
        resets.inc();
        all.forEach((v) => v.disconnected());
      }),
    ];
    if (notifications.connected) all.forEach((v) => v.connected());
    scrapeGauge(
      'touchline_hot_views_entries',
      'Views held in memory',
      () => this.matches.size + this.ties.size + this.standings.size,
    );
    scrapeGauge(
      'touchline_projection_notifications_connected',
      "1 while the API receives the projector's notifications",
      () => (notifications.connected ? 1 : 0),
    );
  }

  /**
   * The read model holds `streamId` at `version` (a notification said so, or a read saw it): no
   * view held from an older version answers again, whichever endpoint learnt it first. A client
   * that saw a version on one endpoint never gets an older one on another of this instance.
   */
  seen(streamId: string, version: number): void {
    this.matches.projected(streamId, version);
    this.ties.projected(streamId, version);
    this.standings.projected(streamId, version);
  }

  /**
   * This process wrote rows to the read models itself (an admin's action) and notified `payloads`
   * in the same transaction, now committed: they are told here before its answer goes out, not
   * when LISTEN delivers them (later, maybe after the client's next read).
   */
  wrote(payloads: readonly string[]): void {
    for (const payload of payloads) {
      if (payload === READ_MODELS_REPLACED) {
        resets.inc();
        [this.matches, this.ties, this.standings].forEach((v) => v.replaced());
        continue;
      }
      for (const competition of parseTablesChanged(payload)) this.standings.changed(tablesKey(competition));
      for (const { streamId, version } of parseProjectedPayload(payload)) this.seen(streamId, version);
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((off) => off());
  }
}
