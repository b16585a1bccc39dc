import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Config, CONFIG } from '@touchline/platform';
import { notFound, unavailable, validationProblem } from '../http/problem';
import { StreamIdPipe } from '../http/stream-id.pipe';
import { LiveFeeds } from './live-feeds.service';
import { OpenStreams } from './open-streams';
import { SseStream } from './sse';

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
    private readonly open: OpenStreams,
    private readonly feeds: LiveFeeds,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get(':matchId/live')
  @ApiOperation({
    summary:
      'Server-Sent Events: each new event with the state after it; SSE id = seq, resume with Last-Event-ID',
    description:
      'Starts with a `snapshot` of the match as it stands (unless resuming), then a `match-event` per ' +
      'new event. At most STREAMS_PER_CLIENT streams per client address (429 beyond); a client that ' +
      'does not read is dropped once STREAM_BUFFER_BYTES are queued for it.',
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
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const resumeAfter = parseLastEventId(lastEventId);
    // Before any await: whenever the client goes, the feed and the count are released.
    const lifetime = this.open.admit(req, res);
    const feed = this.feeds.join(matchId, lifetime);
    const exists = await feed.ready.catch(() => {
      throw unavailable('the read models cannot be reached; retry shortly');
    });
    if (!exists) throw notFound('Match', matchId);
    if (lifetime.isOver) return;
    const sse = new SseStream(res, lifetime, this.config.streams);
    await this.feeds.follow(matchId, feed, sse, lifetime, resumeAfter);
  }
}
