import { Query } from '@nestjs/cqrs';
import type { MatchView } from '@touchline/domain';

export class GetMatchQuery extends Query<MatchView> {
  constructor(
    readonly matchId: string,
    readonly minVersion?: number,
  ) {
    super();
  }
}
