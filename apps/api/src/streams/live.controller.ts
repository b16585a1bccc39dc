import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { matchStreamId } from '@touchline/event-store';
import { validationProblem } from '../http/problem';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { ProjectionNotifications } from '../projection-events/projection-notifications.service';
import { MatchStreamService } from './match-stream.service';
import { SseStream } from './sse';

/** Re-reads the stream this often even without a notification (a NOTIFY can be missed). */
const POLL_MS = 2000;

export function parseLastEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const seq = Number(raw);
  if (!Number.isInteger(seq) || seq < 0)
    throw validationProblem([{ field: 'Last-Event-ID', message: 'must be a seq' }]);
  return seq;
}

@ApiTags('queries')
@Controller('matches')
export class LiveController {
  constructor(
    private readonly streams: MatchStreamService,
    private readonly notifications: ProjectionNotifications,
  ) {}

  @Get(':matchId/live')
  @ApiOperation({
    summary:
      'Server-Sent Events: each new event with the state after it; SSE id = seq, resume with Last-Event-ID',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'the last seq received; events after it follow',
  })
  @ApiProduces('text/event-stream')
  async live(
    @Param('matchId', StreamIdPipe) matchId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const resumeAfter = parseLastEventId(lastEventId);
    await this.streams.ensureExists(matchId);
    const streamId = matchStreamId(matchId);
    let wanted = false;
    let pumping = false;
    const cursor = await this.streams.cursor(matchId, resumeAfter ?? Number.MAX_SAFE_INTEGER);
    const sse = new SseStream(req, res);
    if (resumeAfter === undefined) {
      sse.send({
        id: cursor.position,
        event: 'snapshot',
        data: { seq: cursor.position, state: cursor.view },
      });
    }

    // One read at a time per client, in seq order; a wake-up during a read schedules one more.
    const pump = async (): Promise<void> => {
      if (pumping) {
        wanted = true;
        return;
      }
      pumping = true;
      try {
        do {
          wanted = false;
          for (const item of await cursor.next()) {
            if (sse.isClosed) return;
            sse.send({ id: item.seq, event: 'match-event', data: item });
          }
        } while (wanted && !sse.isClosed);
      } catch {
        wanted = true; // a failed read is retried by the poll timer
      } finally {
        pumping = false;
      }
    };

    const unsubscribe = this.notifications.onStreamProjected((c) => {
      if (c.streamId === streamId && c.version > cursor.position) void pump();
    });
    const unsubscribeResync = this.notifications.onResync(() => void pump());
    const timer = setInterval(() => void pump(), POLL_MS);
    sse.onClose(() => {
      unsubscribe();
      unsubscribeResync();
      clearInterval(timer);
    });
    await pump();
  }
}
