import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ScorerLine, sortScorers } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { GetScorersQuery } from './get-scorers.query';

@QueryHandler(GetScorersQuery)
export class GetScorersHandler implements IQueryHandler<GetScorersQuery> {
  constructor(private readonly repo: ReadModelRepository) {}

  /** Counted goals summed over the competition's matches, in the domain's order (most goals first). */
  async execute({ competition }: GetScorersQuery): Promise<ScorerLine[]> {
    return sortScorers(await this.repo.scorers(competition));
  }
}
