import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { Logger, LOGGER, PG_POOL, withTimeout } from '@touchline/platform';
import { Problem } from '../http/problem';
import { KafkaProbe } from './kafka-probe';

type Check = 'ok' | 'down';

@ApiTags('operations')
// Probes and scrapers must never be refused because of other traffic from their address.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly kafka: KafkaProbe,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
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
