import { Query } from '@nestjs/cqrs';
import type { Standings, StandingsRules } from '@touchline/domain';
import type { Versioned } from '../http/version-etag';
import type { VersionTarget } from './query-params';

/** `GET /competitions/{c}/standings`: the tables as they stand, with the rules they were ranked by. */
export type StandingsResponse = Standings & {
  competition: string;
  /** Null for a competition never declared (it is ranked by the defaults). */
  name: string | null;
  rules: StandingsRules;
};

export class GetStandingsQuery extends Query<Versioned<StandingsResponse>> {
  constructor(
    readonly competition: string,
    readonly group: string | undefined,
    readonly minVersions: VersionTarget[] = [],
  ) {
    super();
  }
}
