import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { STREAM_ID_PATTERN, type FixtureView, type MatchStatus, type ScorerLine } from '@touchline/domain';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { Versioned, VersionedETag, versionsDigest } from '../http/version-etag';
import { GetFixturesQuery } from './get-fixtures.query';
import { GetScorersQuery } from './get-scorers.query';
import { GetStandingsQuery, StandingsResponse } from './get-standings.query';
import {
  ApiMatchVersions,
  ApiQueryProblems,
  fixturesSchema,
  scorersSchema,
  standingsSchema,
} from './query.openapi';
import {
  allowOnly,
  enumParam,
  matchVersionsParam,
  MAX_COMPETITION_VERSION_TARGETS,
  QueryParams,
  textParam,
} from './query-params';

const STATUSES: readonly MatchStatus[] = ['scheduled', 'live', 'finished', 'abandoned'];
const COMPETITION_TARGETS = { count: MAX_COMPETITION_VERSION_TARGETS, why: 'one per match' };

@ApiTags('queries')
@ApiParam({ name: 'competition', example: 'CCC' })
@Controller('competitions')
export class CompetitionQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':competition/scorers')
  @ApiOperation({
    summary: "A competition's scorers, most goals first",
    description:
      'Counted goals in every match of the competition, knockouts included; own goals are credited to nobody and shootout kicks are not goals. An unknown competition has none: [].',
  })
  @ApiOkResponse({ schema: scorersSchema })
  @VersionedETag()
  scorers(
    @Param('competition') competition: string,
    @Query() query: QueryParams,
  ): Promise<Versioned<ScorerLine[]>> {
    allowOnly(query, []);
    // Codes are scheduled with the id pattern: other text names no competition (and some, like
    // a NUL byte, PostgreSQL refuses as a parameter).
    if (!STREAM_ID_PATTERN.test(competition)) return Promise.resolve(new Versioned([], versionsDigest([])));
    return this.queries.execute(new GetScorersQuery(competition));
  }

  @Get(':competition/standings')
  @ApiOperation({
    summary: 'Group and league tables, as they stand',
    description:
      'One table per group; matches with neither group nor tie form the league table (group null); legs of ties never count. ' +
      'Finished matches count, and live ones at their current score (their rows and table say live: true). ' +
      "Ranked by the competition's points and tiebreakers (fifa, uefa or league; the defaults 3/1/0 and fifa if never declared); " +
      'teams level on everything have lots: true. thirdPlaced ranks the third-placed teams across groups (null with fewer than two groups). ' +
      '404 for a competition with no match that was never declared, or a group it does not have.',
  })
  @ApiQuery({
    name: 'group',
    required: false,
    type: String,
    description: "only this group's table",
    example: 'A',
  })
  @ApiMatchVersions()
  @ApiOkResponse({ schema: standingsSchema })
  @ApiQueryProblems()
  @VersionedETag()
  standings(
    @Param('competition', StreamIdPipe) competition: string,
    @Query() query: QueryParams,
  ): Promise<Versioned<StandingsResponse>> {
    allowOnly(query, ['group', 'minVersion']);
    return this.queries.execute(
      new GetStandingsQuery(
        competition,
        textParam(query, 'group', 32),
        matchVersionsParam(query, 'minVersion', COMPETITION_TARGETS),
      ),
    );
  }

  @Get(':competition/matches')
  @ApiOperation({
    summary: 'Fixtures and results',
    description:
      'Every match of the competition (group, league and knockout), by kickoffAt then matchId; matches without a kick-off time last.',
  })
  @ApiQuery({ name: 'round', required: false, type: String, example: 'Matchday 1' })
  @ApiQuery({ name: 'group', required: false, type: String, example: 'A' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiMatchVersions()
  @ApiOkResponse({ schema: fixturesSchema })
  @ApiQueryProblems()
  @VersionedETag()
  fixtures(
    @Param('competition', StreamIdPipe) competition: string,
    @Query() query: QueryParams,
  ): Promise<Versioned<FixtureView[]>> {
    allowOnly(query, ['round', 'group', 'status', 'minVersion']);
    const filter = {
      round: textParam(query, 'round', 64),
      group: textParam(query, 'group', 32),
      status: enumParam(query, 'status', STATUSES),
    };
    return this.queries.execute(
      new GetFixturesQuery(competition, filter, matchVersionsParam(query, 'minVersion', COMPETITION_TARGETS)),
    );
  }
}
