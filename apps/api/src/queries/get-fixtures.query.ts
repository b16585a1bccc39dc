import { Query } from '@nestjs/cqrs';
import type { FixtureView, MatchStatus } from '@touchline/domain';
import type { Versioned } from '../http/version-etag';
import type { VersionTarget } from './query-params';

export interface FixturesFilter {
  round?: string;
  group?: string;
  status?: MatchStatus;
}

/** `GET /competitions/{c}/matches`: fixtures and results, by kick-off then matchId. */
export class GetFixturesQuery extends Query<Versioned<FixtureView[]>> {
  constructor(
    readonly competition: string,
    readonly filter: FixturesFilter,
    readonly minVersions: VersionTarget[] = [],
  ) {
    super();
  }
}
