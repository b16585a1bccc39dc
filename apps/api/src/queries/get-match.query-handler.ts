import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { matchView, MatchView } from '@touchline/domain';
import { notFound } from '../http/problem';
import { ReadModelRepository } from './read-model.repository';
import { GetMatchQuery } from './get-match.query';

@QueryHandler(GetMatchQuery)
export class GetMatchHandler implements IQueryHandler<GetMatchQuery> {
  constructor(private readonly repo: ReadModelRepository) {}

  async execute({ matchId }: GetMatchQuery): Promise<MatchView> {
    const row = await this.repo.match(matchId);
    if (!row) throw notFound('Match', matchId);
    return matchView(row.state);
  }
}
