import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { matchView, MatchView } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { GetMatchQuery } from './get-match.query';
import { MinVersionGate } from './min-version.gate';

@QueryHandler(GetMatchQuery)
export class GetMatchHandler implements IQueryHandler<GetMatchQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  async execute({ matchId, minVersion }: GetMatchQuery): Promise<MatchView> {
    await this.gate.require([{ matchId, version: minVersion ?? 0 }]);
    const row = await this.repo.matchView(matchId);
    if (!row) throw notFound('Match', matchId);
    return row.view ?? matchView(row.state!);
  }
}
