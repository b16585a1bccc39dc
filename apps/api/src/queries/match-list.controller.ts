import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { MatchView } from '@touchline/domain';
import { VersionETag, versionsDigest } from '../http/version-etag';
import { ListMatchesQuery, MATCH_LISTS, MatchList } from './list-matches.query';
import { matchViewSchema } from './query.openapi';
import { allowOnly, integerParam, enumParam, QueryParams } from './query-params';

@ApiTags('queries')
@Controller('matches')
export class MatchListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Matches across competitions: live, recent or scheduled',
    description:
      'Each item has the shape of GET /matches/{matchId}. live and scheduled come in kick-off order; ' +
      'recent (finished or abandoned) and no status at all, latest activity first.',
  })
  @ApiQuery({ name: 'status', required: false, enum: MATCH_LISTS })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: 'at most this many (1-100, default 20)',
  })
  @ApiOkResponse({ schema: { type: 'array', items: matchViewSchema } })
  @ApiResponse({ status: 400, description: 'a query parameter is not valid (named in errors[].field)' })
  // Each view is a function of its match's version, and the list's order of the views.
  @VersionETag((views: MatchView[]) => versionsDigest(views.map((v) => `${v.matchId}@${v.version}`)))
  list(@Query() query: QueryParams): Promise<MatchView[]> {
    allowOnly(query, ['status', 'limit']);
    const list = enumParam<MatchList>(query, 'status', MATCH_LISTS) ?? null;
    const limit = integerParam(query, 'limit', 1, 100) ?? 20;
    return this.queries.execute(new ListMatchesQuery(list, limit));
  }
}
