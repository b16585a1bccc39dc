import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { matchStreamId } from '@touchline/event-store';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { GetMatchEventsQuery, MatchEventsResponse } from './get-match-events.query';
import { MinVersionGate } from './min-version.gate';

@QueryHandler(GetMatchEventsQuery)
export class GetMatchEventsHandler implements IQueryHandler<GetMatchEventsQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  async execute({ matchId, fromSeq, limit, minVersion }: GetMatchEventsQuery): Promise<MatchEventsResponse> {
    await this.gate.require([{ matchId, version: minVersion ?? 0 }]);
    const version = await this.repo.matchVersion(matchId);
    if (version === null) throw notFound('Match', matchId);
    const rows = await this.repo.events(matchStreamId(matchId), fromSeq, limit);
    // Rows past the version read above were committed in between: leave them to the next call.
    return { matchId, version, events: rows.filter((r) => r.seq <= version).map((r) => r.body) };
  }
}
