import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { validationProblem } from '../http/problem';
import { parseLastEventId } from './live.controller';
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

/** Where to start: after Last-Event-ID (a reconnecting EventSource), else at fromSeq (default 1). */
function parseStart(rawFrom: string | undefined, lastEventId: string | undefined): number {
  const resumeAfter = parseLastEventId(lastEventId);
  if (resumeAfter !== undefined) return resumeAfter + 1;
  if (rawFrom === undefined || rawFrom === '') return 1;
  const from = /^\d{1,10}$/.test(rawFrom) ? Number(rawFrom) : NaN;
  if (!Number.isSafeInteger(from) || from < 1)
    throw validationProblem([{ field: 'fromSeq', message: 'must be an integer ≥ 1' }]);
  return from;
}

@ApiTags('replay')
@Controller('matches')
export class ReplayController {
  constructor(private readonly streams: MatchStreamService) {}

  @Get(':matchId/replay')
  @ApiOperation({ summary: "Re-stream a match's events (SSE), each with the state after it, paced by speed" })
  @ApiQuery({ name: 'speed', required: false, description: 'original gaps divided by this; 0 = no pacing' })
  @ApiQuery({
    name: 'fromSeq',
    required: false,
    type: Number,
    description:
      'start at this seq (default 1), e.g. to resume a paused replay; the state still covers the events before it',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'the last seq received: a reconnecting client resumes after it (takes precedence over fromSeq)',
  })
  @ApiProduces('text/event-stream')
  async replay(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Query('speed') rawSpeed: string | undefined,
    @Query('fromSeq') rawFrom: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const speed = parseSpeed(rawSpeed);
    const start = parseStart(rawFrom, lastEventId);
    await this.streams.ensureExists(matchId);
    const cursor = await this.streams.cursor(matchId, start - 1);
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
