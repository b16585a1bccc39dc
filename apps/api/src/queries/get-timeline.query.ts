import { Query } from '@nestjs/cqrs';
import type { Score, TimelineEntry } from '@touchline/domain';

/** `GET /matches/{id}/timeline`: the match's events as they now stand, each with its effect on the score. */
export interface TimelineResponse {
  matchId: string;
  version: number;
  score: Score;
  events: TimelineEntry[];
}

export class GetTimelineQuery extends Query<TimelineResponse> {
  constructor(
    readonly matchId: string,
    readonly minVersion?: number,
  ) {
    super();
  }
}
