import { Query } from '@nestjs/cqrs';

/** `GET /matches/{id}/events`: the raw stream, each record as it sits in the log. */
export interface MatchEventsResponse {
  matchId: string;
  version: number;
  events: Array<Record<string, unknown>>;
}

export class GetMatchEventsQuery extends Query<MatchEventsResponse> {
  constructor(
    readonly matchId: string,
    readonly fromSeq: number,
    readonly limit: number,
    readonly minVersion?: number,
  ) {
    super();
  }
}
