import { Query } from '@nestjs/cqrs';
import type { MatchView, TimeTravel } from '@touchline/domain';
import type { Versioned } from '../http/version-etag';

/** `GET /matches/{id}/state`: the match as it stood at a seq, a point of the match clock and/or an instant. */
export class GetMatchStateQuery extends Query<Versioned<MatchView>> {
  constructor(
    readonly matchId: string,
    readonly travel: TimeTravel,
    readonly minVersion?: number,
  ) {
    super();
  }
}
