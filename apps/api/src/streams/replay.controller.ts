import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { validationProblem } from '../http/problem';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { MatchStreamService } from './match-stream.service';
import { SseStream } from './sse';

const MAX_GAP_MS = 10 * 60 * 1000;

function parseSpeed(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed < 0) {
    throw validationProblem([{ field: 'speed', message: 'must be a number ≥ 0 (0: no pacing)' }]);
  }
  return speed;
}

@ApiTags('replay')
@Controller('matches')
export class ReplayController {
  constructor(private readonly streams: MatchStreamService) {}

  @Get(':matchId/replay')
  @ApiOperation({ summary: "Re-stream a match's events (SSE), each with the state after it, paced by speed" })
  @ApiQuery({ name: 'speed', required: false, description: 'original gaps divided by this; 0 = no pacing' })
  @ApiProduces('text/event-stream')
  async replay(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Query('speed') rawSpeed: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const speed = parseSpeed(rawSpeed);
    await this.streams.ensureExists(matchId);
    const cursor = await this.streams.cursor(matchId, 0);
    const events = await cursor.next();
    const sse = new SseStream(req, res);
    let previous: number | null = null;
    for (const item of events) {
      if (sse.isClosed) return;
      const at = Date.parse(String(item.event.recordedAt));
      if (speed > 0 && previous !== null && at > previous) {
        await new Promise((r) => setTimeout(r, Math.min(MAX_GAP_MS, (at - previous!) / speed)));
      }
      previous = at;
      sse.send({ id: item.seq, event: 'match-event', data: item });
    }
    sse.send({ event: 'end', data: { matchId, version: cursor.position } });
    sse.close();
  }
}
