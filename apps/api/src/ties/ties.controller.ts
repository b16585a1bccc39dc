import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireRole } from '../access/api-key.guard';
import { ForwardToWriter } from '../forwarding/forward-to-writer';
import { JsonBodyGuard } from '../http/json-body.guard';
import { ScheduleTieCommand } from './schedule-tie.command';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('ties')
@UseGuards(ApiKeyGuard, JsonBodyGuard)
export class TieCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writer: ForwardToWriter,
  ) {}

  @Post()
  @RequireRole('feeder')
  @ApiOperation({
    summary: 'Schedule a tie: two legs, or one match (a final) with awayGoals "none"',
    description:
      'A level tie goes to extra time (if extraTime) and penalties (if penalties) in its deciding match: the second leg, or the only one.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        tieId: 't1',
        competition: 'CCC',
        legs: ['m1', 'm2'],
        rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
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
    const result = await this.commands.execute(new ScheduleTieCommand(body, req.principal!));
    void res.status(result.status).send(result.body);
  }
}
