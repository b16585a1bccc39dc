import { Query } from '@nestjs/cqrs';
import type { TieLegView, TieStanding } from '@touchline/domain';
import type { VersionTarget } from './query-params';

/** `GET /ties/{id}`: the standing, each leg also carrying its projected version (null before it is scheduled). */
export type TieResponse = Omit<TieStanding, 'legs'> & {
  legs: Array<TieLegView & { version: number | null }>;
};

export class GetTieQuery extends Query<TieResponse> {
  constructor(
    readonly tieId: string,
    readonly minVersions: VersionTarget[] = [],
  ) {
    super();
  }
}
