import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireRole } from '../access/api-key.guard';
import { ForwardToWriter } from '../forwarding/forward-to-writer';
import { JsonBodyGuard } from '../http/json-body.guard';
import { DeclareCompetitionCommand } from './declare-competition.command';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('competitions')
@UseGuards(ApiKeyGuard, JsonBodyGuard)
export class CompetitionCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writer: ForwardToWriter,
  ) {}

  @Post()
  @RequireRole('feeder')
  @ApiOperation({
    summary: 'Declare a competition and the rules of its tables',
    description:
      'Points per result (default 3/1/0) and tiebreakers: fifa (default), uefa or league. 201; the same body again 200; ' +
      'another body for the same competitionId 409. A competition never declared works with the defaults.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        competitionId: 'WC2026',
        name: 'FIFA World Cup 2026',
        standings: { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'fifa' },
      },
    },
  })
  async declare(
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const relayed = this.writer.unlessWriter(req, res);
    if (relayed) return relayed;
    const result = await this.commands.execute(new DeclareCompetitionCommand(body, req.principal!));
    void res.status(result.status).send(result.body);
  }
}
