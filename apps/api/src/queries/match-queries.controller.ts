import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MatchView } from '@touchline/domain';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { GetMatchQuery } from './get-match.query';

@ApiTags('queries')
@Controller('matches')
export class MatchQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':matchId')
  @ApiOperation({ summary: 'Scoreline and state of a match' })
  get(@Param('matchId', StreamIdPipe) matchId: string): Promise<MatchView> {
    return this.queries.execute(new GetMatchQuery(matchId));
  }
}
