import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { isClientStreamId, WriterElection } from '@touchline/event-store';
import { Config, CONFIG, Logger, LOGGER, PG_POOL, withTimeout } from '@touchline/platform';
import { Problem, unavailable, validationProblem } from '../http/problem';
import type { WriterStreamStatus } from '../write-side/known-streams';
import { StreamWriter } from '../write-side/stream-writer';
import { KafkaProbe } from './kafka-probe';

type Check = 'ok' | 'down';

export interface WriterStatus {
  role: 'writer' | 'follower';
  takingCommands: boolean;
  writer: string | null;
  advertisedUrl: string;
}

@ApiTags('operations')
// Probes and scrapers must never be refused because of other traffic from their address.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly kafka: KafkaProbe,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: Config,
    private readonly election: WriterElection,
    private readonly writer: StreamWriter,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: a real round trip to Kafka (cluster metadata, on a kept admin connection) and to
   * PostgreSQL (select 1). The answer says which is down; why goes to the log only.
   */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; kafka: 'ok'; postgres: 'ok' }> {
    const [kafkaUp, postgres] = await Promise.all([this.kafka.reachable(2000), this.checkPostgres()]);
    const kafka: Check = kafkaUp ? 'ok' : 'down';
    if (kafka !== 'ok' || postgres !== 'ok') {
      throw new Problem(
        503,
        'not-ready',
        'Not ready',
        undefined,
        { kafka, postgres },
        { 'Retry-After': '1' },
      );
    }
    return { status: 'ok', kafka: 'ok', postgres: 'ok' };
  }

  /**
   * Who writes: whether this instance holds the writer role (and takes commands now), and the
   * writer's advertised URL, where this instance forwards commands (null while the role moves).
   */
  @Get('writer')
  writerRole(): WriterStatus {
    const { self, url } = this.election.view;
    return {
      role: self ? 'writer' : 'follower',
      takingCommands: self && this.writer.takingCommands,
      writer: url,
      advertisedUrl: this.config.advertisedUrl,
    };
  }

  /**
   * What the writer knows of one stream: the last seq the log holds (0: no such stream), from
   * memory or its snapshot store. The other instances ask it so, to answer a `minVersion` for a
   * stream that does not exist with a 404 as the writer does. 503 on any other instance, and on
   * the writer while it re-reads the log.
   */
  @Get('writer/streams/:streamId')
  async writerStream(@Param('streamId') streamId: string): Promise<WriterStreamStatus> {
    if (!isClientStreamId(streamId)) {
      throw validationProblem([
        { field: 'streamId', message: "must be a stream id such as 'match:<matchId>'" },
      ]);
    }
    if (!this.election.view.self) throw unavailable('this instance is not the writer; ask the writer');
    const lastSeq = await this.writer.lastSeq(streamId);
    if (lastSeq === null) throw unavailable('the writer is re-reading the event log; retry shortly');
    return { streamId, lastSeq };
  }

  private async checkPostgres(): Promise<Check> {
    try {
      await withTimeout(this.pool.query('select 1'), 2000);
      return 'ok';
    } catch (err) {
      this.logger.warn({ err }, 'readiness: postgresql unreachable');
      return 'down';
    }
  }
}
