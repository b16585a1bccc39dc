import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { matchView, MatchView } from '@touchline/domain';
import { MatchListOrder, ReadModelRepository } from '@touchline/read-models';
import { ListMatchesQuery, MatchList } from './list-matches.query';

const LISTS: Record<MatchList, { statuses: string[]; order: MatchListOrder }> = {
  live: { statuses: ['live'], order: 'kickoff' },
  recent: { statuses: ['finished', 'abandoned'], order: 'latest' },
  scheduled: { statuses: ['scheduled'], order: 'kickoff' },
};

@QueryHandler(ListMatchesQuery)
export class ListMatchesHandler implements IQueryHandler<ListMatchesQuery> {
  constructor(private readonly repo: ReadModelRepository) {}

  async execute({ list, limit }: ListMatchesQuery): Promise<MatchView[]> {
    const { statuses, order } = list ? LISTS[list] : { statuses: null, order: 'latest' as const };
    const rows = await this.repo.listMatches(statuses, order, limit);
    return rows.map((r) => r.view ?? matchView(r.state!));
  }
}
