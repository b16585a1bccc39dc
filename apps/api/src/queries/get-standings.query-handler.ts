import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { computeStandings, DEFAULT_STANDINGS_RULES } from '@touchline/domain';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { Versioned, versionsDigest } from '../http/version-etag';
import { GetStandingsQuery, StandingsResponse } from './get-standings.query';
import { MinVersionGate } from './min-version.gate';

/**
 * Computed at query time from one row per match (a group has a handful), so a table always
 * agrees with the scores the read model holds, a goal disallowed by VAR included. Versioned by
 * the competition's declaration and every table match (each read with its own rows), whichever
 * group is asked for: the third-placed ranking spans the groups.
 */
@QueryHandler(GetStandingsQuery)
export class GetStandingsHandler implements IQueryHandler<GetStandingsQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
  ) {}

  async execute({
    competition,
    group,
    minVersions,
  }: GetStandingsQuery): Promise<Versioned<StandingsResponse>> {
    await this.gate.require(minVersions);
    const [declared, { rows: matches, versions }] = await Promise.all([
      this.repo.competition(competition),
      this.repo.tableMatches(competition),
    ]);
    // Only a competition with neither a declaration nor a table match needs the third look.
    if (!declared && !matches.length && !(await this.repo.competitionExists(competition)))
      throw notFound('Competition', competition);
    const rules = declared?.standings ?? DEFAULT_STANDINGS_RULES;
    const standings = computeStandings(matches, rules);
    const tables = group === undefined ? standings.tables : standings.tables.filter((t) => t.group === group);
    if (group !== undefined && !tables.length) throw notFound('Group', group);
    const response = {
      competition,
      name: declared?.name ?? null,
      rules,
      tables,
      thirdPlaced: standings.thirdPlaced,
    };
    return new Versioned(response, versionsDigest([`declared@${declared?.version ?? '-'}`, ...versions]));
  }
}
