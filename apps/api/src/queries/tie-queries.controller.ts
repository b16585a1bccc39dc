import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { VersionETag } from '../http/version-etag';
import { GetTieQuery, TieResponse } from './get-tie.query';
import { ApiQueryProblems, tieSchema } from './query.openapi';
import { allowOnly, matchVersionsParam, QueryParams } from './query-params';

@ApiTags('queries')
@Controller('ties')
export class TieQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':tieId')
  @ApiOperation({
    summary: 'Standing of a tie (one match or two legs)',
    description:
      "Who goes through if it ended now, and why: aggregate, away goals, penalties. For a one-match tie the aggregate is that match's score and awayGoals are zero.",
  })
  @ApiParam({ name: 'tieId', example: 'ccc-2025-qf-lafc-mia' })
  @ApiQuery({
    name: 'minVersion',
    required: false,
    type: String,
    isArray: true,
    description: 'read-your-writes, repeatable: <matchId>:<seq> of a leg',
    example: 'ccc-2025-qf-mia-lafc-2:14',
  })
  @ApiOkResponse({ schema: tieSchema })
  @ApiQueryProblems()
  // The tie's own terms never change once scheduled: its legs' versions say when the answer does.
  @VersionETag((tie: TieResponse) => tie.legs.map((leg) => leg.version ?? 'n').join('-'))
  get(@Param('tieId', StreamIdPipe) tieId: string, @Query() query: QueryParams): Promise<TieResponse> {
    allowOnly(query, ['minVersion']);
    return this.queries.execute(new GetTieQuery(tieId, matchVersionsParam(query, 'minVersion')));
  }
}
