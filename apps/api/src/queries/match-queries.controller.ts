import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MatchView } from '@touchline/domain';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { VersionedETag, VersionETag, type Versioned } from '../http/version-etag';
import { GetMatchEventsQuery, MatchEventsResponse } from './get-match-events.query';
import { GetMatchStateQuery } from './get-match-state.query';
import { GetMatchQuery } from './get-match.query';
import { GetTimelineQuery, TimelineResponse } from './get-timeline.query';
import {
  ApiMinVersion,
  ApiQueryProblems,
  eventsSchema,
  matchViewSchema,
  timelineSchema,
} from './query.openapi';
import { allowOnly, clockParam, instantParam, integerParam, QueryParams } from './query-params';

const minVersionOf = (query: QueryParams) => integerParam(query, 'minVersion', 0);
/** Each of these answers is a function of its URL and the match's version. */
const ByMatchVersion = () => VersionETag((body: { version: number }) => String(body.version));

@ApiTags('queries')
@ApiParam({ name: 'matchId', example: 'ccc-2025-qf-mia-lafc-2' })
@Controller('matches')
export class MatchQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':matchId')
  @ApiOperation({ summary: 'Scoreline and state of a match' })
  @ApiMinVersion()
  @ApiOkResponse({ schema: matchViewSchema })
  @ApiQueryProblems()
  @ByMatchVersion()
  get(@Param('matchId', StreamIdPipe) matchId: string, @Query() query: QueryParams): Promise<MatchView> {
    allowOnly(query, ['minVersion']);
    return this.queries.execute(new GetMatchQuery(matchId, minVersionOf(query)));
  }

  @Get(':matchId/timeline')
  @ApiOperation({
    summary: 'Every event in order with its effect on the score',
    description: 'Goals that no longer count say why (offside, VAR…); VAR reviews carry their outcome.',
  })
  @ApiMinVersion()
  @ApiOkResponse({ schema: timelineSchema })
  @ApiQueryProblems()
  @ByMatchVersion()
  timeline(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Query() query: QueryParams,
  ): Promise<TimelineResponse> {
    allowOnly(query, ['minVersion']);
    return this.queries.execute(new GetTimelineQuery(matchId, minVersionOf(query)));
  }

  @Get(':matchId/events')
  @ApiOperation({ summary: 'The raw stream, in seq order' })
  @ApiQuery({
    name: 'fromSeq',
    required: false,
    type: Number,
    description: 'first seq to return (default 1)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'at most this many (1-10000)' })
  @ApiMinVersion()
  @ApiOkResponse({ schema: eventsSchema })
  @ApiQueryProblems()
  @ByMatchVersion()
  events(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Query() query: QueryParams,
  ): Promise<MatchEventsResponse> {
    allowOnly(query, ['fromSeq', 'limit', 'minVersion']);
    const fromSeq = integerParam(query, 'fromSeq', 0) ?? 1;
    const limit = integerParam(query, 'limit', 1, 10000) ?? 10000;
    return this.queries.execute(new GetMatchEventsQuery(matchId, fromSeq, limit, minVersionOf(query)));
  }

  @Get(':matchId/state')
  @ApiOperation({
    summary: 'Time travel: the match as it stood at a seq, a minute and/or an instant',
    description:
      'Same shape as GET /matches/{matchId}. atSeq keeps events up to that seq; at keeps events up to ' +
      'that point of the match clock (corrections applied); asOf keeps what had been recorded by then. ' +
      'They combine. Without any, the current state.',
  })
  @ApiQuery({ name: 'atSeq', required: false, type: Number, example: 12 })
  @ApiQuery({ name: 'at', required: false, type: String, example: '90+3' })
  @ApiQuery({ name: 'asOf', required: false, type: String, example: '2025-04-10T02:31:00Z' })
  @ApiMinVersion()
  @ApiOkResponse({ schema: matchViewSchema })
  @ApiQueryProblems()
  @VersionedETag()
  state(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Query() query: QueryParams,
  ): Promise<Versioned<MatchView>> {
    allowOnly(query, ['atSeq', 'at', 'asOf', 'minVersion']);
    const travel = {
      atSeq: integerParam(query, 'atSeq', 1),
      at: clockParam(query, 'at'),
      asOf: instantParam(query, 'asOf'),
    };
    return this.queries.execute(new GetMatchStateQuery(matchId, travel, minVersionOf(query)));
  }
}
