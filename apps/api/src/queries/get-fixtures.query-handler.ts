import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { FixtureView } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { Versioned, versionsDigest } from '../http/version-etag';
import { GetFixturesQuery } from './get-fixtures.query';
import { MinVersionGate } from './min-version.gate';

@QueryHandler(GetFixturesQuery)
export class GetFixturesHandler implements IQueryHandler<GetFixturesQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  /** Versioned by the matches listed: a match that enters or leaves the filter changes the set. */
  async execute({ competition, filter, minVersions }: GetFixturesQuery): Promise<Versioned<FixtureView[]>> {
    await this.gate.require(minVersions);
    const fixtures = await this.repo.fixtures(competition, filter);
    // A filter that matches nothing is an empty list; a competition nobody knows is a 404.
    if (!fixtures.rows.length && !(await this.repo.competitionExists(competition)))
      throw notFound('Competition', competition);
    return new Versioned(fixtures.rows, versionsDigest(fixtures.versions));
  }
}
