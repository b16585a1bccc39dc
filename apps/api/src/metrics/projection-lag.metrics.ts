import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { Gauge, register } from 'prom-client';
import { LIVE_SCHEMA, parkedStreamCount, ProjectionStatus } from '@touchline/read-models';
import { LOGGER, PG_POOL } from '@touchline/platform';

const LAG = 'touchline_projection_lag_events';
const PARKED = 'touchline_parked_streams';

/**
 * Read-side gauges computed at scrape time: lag per partition (Kafka's end offset minus the
 * checkpoint the read models were committed with: what readers see) and parked streams.
 */
@Injectable()
export class ProjectionLagMetrics implements OnModuleDestroy {
  constructor(status: ProjectionStatus, @Inject(PG_POOL) pool: Pool, @Inject(LOGGER) logger: Logger) {
    this.onModuleDestroy();
    new Gauge({
      name: LAG,
      help: 'Events in the log not yet applied to the read models, per partition (end offset - checkpoint)',
      labelNames: ['partition'],
      async collect() {
        this.reset();
        try {
          const [slowest] = [...(await status.positions())].sort((a, b) => b.lag - a.lag);
          for (const p of slowest?.partitions ?? []) this.set({ partition: String(p.partition) }, p.lag);
        } catch (err) {
          logger.warn({ err }, 'projection lag unavailable');
        }
      },
    });
    new Gauge({
      name: PARKED,
      help: 'Streams a projection could not apply, waiting for an admin to retry or skip them',
      async collect() {
        try {
          this.set(await parkedStreamCount(pool, LIVE_SCHEMA));
        } catch (err) {
          logger.warn({ err }, 'parked streams unavailable');
        }
      },
    });
  }

  onModuleDestroy(): void {
    register.removeSingleMetric(LAG);
    register.removeSingleMetric(PARKED);
  }
}
