import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { STREAM_ID_PATTERN, type ScorerLine } from '@touchline/domain';
import { GetScorersQuery } from './get-scorers.query';
import { scorersSchema } from './query.openapi';
import { allowOnly, QueryParams } from './query-params';

@ApiTags('queries')
@Controller('competitions')
export class CompetitionQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':competition/scorers')
  @ApiOperation({
    summary: "A competition's scorers, most goals first",
    description: 'Counted goals only; own goals are credited to nobody. An unknown competition has none: [].',
  })
  @ApiParam({ name: 'competition', example: 'CCC' })
  @ApiOkResponse({ schema: scorersSchema })
  scorers(@Param('competition') competition: string, @Query() query: QueryParams): Promise<ScorerLine[]> {
    allowOnly(query, []);
    // Codes are scheduled with the id pattern: other text names no competition (and some, like
    // a NUL byte, PostgreSQL refuses as a parameter).
    if (!STREAM_ID_PATTERN.test(competition)) return Promise.resolve([]);
    return this.queries.execute(new GetScorersQuery(competition));
  }
}
