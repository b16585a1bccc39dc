import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Config, CONFIG } from '@touchline/platform';
import { ReadModelRepository } from '@touchline/read-models';
import { notFound, validationProblem } from '../http/problem';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { parseLastEventId } from './live.controller';
import { foldedEvents } from './match-fold';
import { OpenStreams } from './open-streams';
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
  constructor(
    private readonly repo: ReadModelRepository,
    private readonly open: OpenStreams,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get(':matchId/replay')
  @ApiOperation({
    summary: "Re-stream a match's events (SSE), each with the state after it, paced by speed",
    description:
      'Ends with an `end` message carrying the last seq sent. The stream goes only as fast as the ' +
      'client reads; one that stops reading for STREAM_STALL_MS is dropped.',
  })
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
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const speed = parseSpeed(rawSpeed);
    const start = parseStart(rawFrom, lastEventId);
    // Before any await: whenever the client goes, its timers, reads and count are released.
    const lifetime = this.open.admit(req, res);
    const stored = await this.repo.matchVersion(matchId);
    if (stored === null) throw notFound('Match', matchId);
    if (lifetime.isOver) return;
    const sse = new SseStream(res, lifetime, this.config.streams);
    let previous: number | null = null;
    let version = stored;
    for await (const item of foldedEvents(this.repo, matchId, start - 1)) {
      const at = Date.parse(String(item.event.recordedAt));
      if (speed > 0 && previous !== null && at > previous) {
        await lifetime.sleep(Math.min(MAX_GAP_MS, (at - previous) / speed));
      }
      previous = at;
      if (lifetime.isOver) return;
      if (!sse.send({ id: item.seq, event: 'match-event', data: item }) && !(await sse.drained())) return;
      version = Math.max(version, item.seq);
    }
    sse.send({ event: 'end', data: { matchId, version } });
    sse.close();
  }
}
