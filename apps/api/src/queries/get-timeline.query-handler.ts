import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { timelineView } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { GetTimelineQuery, TimelineResponse } from './get-timeline.query';
import { MinVersionGate } from './min-version.gate';

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  async execute({ matchId, minVersion }: GetTimelineQuery): Promise<TimelineResponse> {
    await this.gate.require([{ matchId, version: minVersion ?? 0 }]);
    const row = await this.repo.matchWithLog(matchId);
    if (!row) throw notFound('Match', matchId);
    return {
      matchId,
      version: row.state.version,
      score: { ...row.state.score },
      events: timelineView(row.state),
    };
  }
}
