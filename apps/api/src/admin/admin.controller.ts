import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ParkedOutcome } from '@touchline/read-models';
import { ApiKeyGuard, RequireRole } from '../access/api-key.guard';
import { LogStreamIdPipe } from '../http/log-stream-id.pipe';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { GetProjectionsQuery, ProjectionsReport } from './get-projections.query';
import { RebuildMatchCommand } from './rebuild-match.command';
import { RequestRebuildCommand } from './request-rebuild.command';
import { ResolveParkedCommand } from './resolve-parked.command';

@ApiTags('replay')
@Controller('admin')
@UseGuards(ApiKeyGuard)
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('projections/rebuild')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rebuild every read model from offset 0, then swap it in atomically' })
  rebuild(): Promise<{ rebuildId: string; status: string }> {
    return this.commands.execute(new RequestRebuildCommand());
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projections with their lag, the latest rebuild, parked streams' })
  projections(): Promise<ProjectionsReport> {
    return this.queries.execute(new GetProjectionsQuery());
  }

  @Post('matches/:matchId/rebuild')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Rebuild one match's read models in place from its stored events" })
  rebuildMatch(
    @Param('matchId', StreamIdPipe) matchId: string,
  ): Promise<{ matchId: string; version: number }> {
    return this.commands.execute(new RebuildMatchCommand(matchId));
  }

  @Post('parked/:streamId/retry')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Apply a parked stream's held records again" })
  retryParked(@Param('streamId', LogStreamIdPipe) streamId: string): Promise<ParkedOutcome> {
    return this.commands.execute(new ResolveParkedCommand(streamId, 'retry'));
  }

  @Post('parked/:streamId/skip')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Drop the record that parked a stream and apply the rest' })
  skipParked(@Param('streamId', LogStreamIdPipe) streamId: string): Promise<ParkedOutcome> {
    return this.commands.execute(new ResolveParkedCommand(streamId, 'skip'));
  }
}
