import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { computeStandings, DEFAULT_STANDINGS_RULES } from '@touchline/domain';
import { competitionStreamId, matchStreamId } from '@touchline/event-store';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound } from '../http/problem';
import { Versioned, versionsDigest } from '../http/version-etag';
import { GetStandingsQuery, StandingsResponse } from './get-standings.query';
import type { LoadedView } from './hot-views';
import { HotStandings, HotViewsService, tablesKey } from './hot-views.service';
import { MinVersionGate } from './min-version.gate';
import type { VersionTarget } from './query-params';

/**
 * Computed at query time from one row per match (a group has a handful), so a table always
 * agrees with the scores the read model holds, a goal disallowed by VAR included. Versioned by
 * the competition's declaration and every table match (each read with its own rows), whichever
 * group is asked for: the third-placed ranking spans the groups. Every group of a competition is
 * held in memory, ranked, until its declaration or one of its table matches moves, or a match
 * joins it.
 */
@QueryHandler(GetStandingsQuery)
export class GetStandingsHandler implements IQueryHandler<GetStandingsQuery> {
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly gate: MinVersionGate,
    private readonly hot: HotViewsService,
  ) {}

  async execute({
    competition,
    group,
    minVersions,
  }: GetStandingsQuery): Promise<Versioned<StandingsResponse>> {
    const held = this.hot.standings.lookup(competition, (deps) => atLeast(deps, minVersions));
    const standings = held ?? (await this.load(competition, minVersions));
    if (group === undefined) return new Versioned(standings.response, standings.version);
    const tables = standings.response.tables.filter((t) => t.group === group);
    if (!tables.length) throw notFound('Group', group);
    return new Versioned({ ...standings.response, tables }, standings.version);
  }

  private async load(competition: string, minVersions: VersionTarget[]): Promise<HotStandings> {
    await this.gate.require(minVersions);
    const standings = await this.hot.standings.load(competition, () => this.rank(competition));
    if (!standings) throw notFound('Competition', competition);
    return standings;
  }

  /** Every table of the competition as its rows stand, with what it was read from; null: unknown. */
  private async rank(competition: string): Promise<LoadedView<HotStandings> | null> {
    const [declared, { rows: matches, versions, matchVersions }] = await Promise.all([
      this.repo.competition(competition),
      this.repo.tableMatches(competition),
    ]);
    // Only a competition with neither a declaration nor a table match needs the third look.
    if (!declared && !matches.length && !(await this.repo.competitionExists(competition))) return null;
    const rules = declared?.standings ?? DEFAULT_STANDINGS_RULES;
    const { tables, thirdPlaced } = computeStandings(matches, rules);
    const response = { competition, name: declared?.name ?? null, rules, tables, thirdPlaced };
    const version = versionsDigest([`declared@${declared?.version ?? '-'}`, ...versions]);
    const deps = new Map([
      [competitionStreamId(competition), declared?.version ?? 0],
      [tablesKey(competition), 0],
    ]);
    for (const [matchId, v] of matchVersions) deps.set(matchStreamId(matchId), v);
    return { value: { response, version }, deps };
  }
}

/** A view held will do for `minVersion` only if it was read at those versions of its own matches already. */
function atLeast(deps: ReadonlyMap<string, number>, targets: VersionTarget[]): boolean {
  return targets.every((t) => (deps.get(matchStreamId(t.matchId)) ?? 0) >= t.version);
}
