import { Query } from '@nestjs/cqrs';
import type { MatchView } from '@touchline/domain';

/**
 * `GET /matches?status=`: matches across competitions. `live` and `scheduled` come in kick-off
 * order, `recent` (finished or abandoned) and no status at all latest activity first.
 */
export const MATCH_LISTS = ['live', 'recent', 'scheduled'] as const;
export type MatchList = (typeof MATCH_LISTS)[number];

export class ListMatchesQuery extends Query<MatchView[]> {
  constructor(
    readonly list: MatchList | null,
    readonly limit: number,
  ) {
    super();
  }
}
