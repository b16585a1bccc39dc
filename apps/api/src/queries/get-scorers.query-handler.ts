import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ScorerLine, sortScorers } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { Versioned, versionsDigest } from '../http/version-etag';
import { GetScorersQuery } from './get-scorers.query';

@QueryHandler(GetScorersQuery)
export class GetScorersHandler implements IQueryHandler<GetScorersQuery> {
  constructor(private readonly repo: ReadModelRepository) {}

  /**
   * Counted goals summed over the competition's matches, in the domain's order (most goals first),
   * versioned by the matches whose lines were summed.
   */
  async execute({ competition }: GetScorersQuery): Promise<Versioned<ScorerLine[]>> {
    const { rows, versions } = await this.repo.scorers(competition);
    return new Versioned(sortScorers(rows), versionsDigest(versions));
  }
}
