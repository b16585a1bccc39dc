import { Body, Controller, Headers, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireRole } from '../access/api-key.guard';
import { ForwardToWriter } from '../forwarding/forward-to-writer';
import { JsonBodyGuard } from '../http/json-body.guard';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { RecordEventsCommand } from './record-events.command';
import { ScheduleMatchCommand } from './schedule-match.command';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('matches')
@UseGuards(ApiKeyGuard, JsonBodyGuard)
export class MatchCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writer: ForwardToWriter,
  ) {}

  @Post()
  @RequireRole('feeder')
  @ApiOperation({ summary: 'Schedule a match (optionally a leg of a tie)' })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        matchId: 'm1',
        competition: 'CCC',
        homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
        awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
      },
    },
  })
  async schedule(
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const relayed = this.writer.unlessWriter(req, res);
    if (relayed) return relayed;
    const result = await this.commands.execute(new ScheduleMatchCommand(body, req.principal!));
    void res.status(result.status).send(result.body);
  }

  @Post(':matchId/events')
  @RequireRole('feeder')
  @ApiOperation({ summary: 'Record one event (object) or several (array, all or none)' })
  @ApiBody({
    schema: {
      oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }],
      example: {
        eventId: 'goal-1',
        type: 'GoalScored',
        minute: 9,
        team: 'LAFC',
        player: 'Aaron Long',
        kind: 'header',
      },
    },
  })
  async record(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const relayed = this.writer.unlessWriter(req, res);
    if (relayed) return relayed;
    const result = await this.commands.execute(
      new RecordEventsCommand(matchId, body, ifMatch, req.principal!),
    );
    void res.status(result.status).send(result.body);
  }
}
