import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { withTimeout } from '@touchline/platform';
import { KAFKA, PG_POOL } from '../infra/tokens';
import { Problem } from '../http/problem';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: a real round trip to Kafka (cluster metadata) and to PostgreSQL (select 1). */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; kafka: 'ok'; postgres: 'ok' }> {
    const [kafka, postgres] = await Promise.all([this.checkKafka(), this.checkPostgres()]);
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

  private async checkKafka(): Promise<string> {
    const admin = this.kafka.admin();
    try {
      await withTimeout(admin.connect(), 2000);
      await withTimeout(admin.describeCluster(), 2000);
      return 'ok';
    } catch (err) {
      return `down: ${(err as Error).message}`;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async checkPostgres(): Promise<string> {
    try {
      await withTimeout(this.pool.query('select 1'), 2000);
      return 'ok';
    } catch (err) {
      return `down: ${(err as Error).message}`;
    }
  }
}
