import type { Pool } from 'pg';
import { withTimeout } from '@touchline/platform';
import { endOffsets, type KafkaClient } from '@touchline/event-store';
import { LIVE_SCHEMA, PROJECTIONS } from './schema';

export interface PartitionPosition {
  partition: number;
  nextOffset: number;
  endOffset: number;
  lag: number;
}

export interface ProjectionPosition {
  name: string;
  lag: number;
  partitions: PartitionPosition[];
}

/** Where each projection stands against the log: checkpoints (PostgreSQL) vs end offsets (Kafka). */
export class ProjectionStatus {
  private cached: { at: number; value: Promise<ProjectionPosition[]> } | null = null;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly pool: Pool,
    private readonly topic: string,
  ) {}

  /** Cached for a second: scrapes and dashboards may poll often, the broker need not feel it. */
  positions(): Promise<ProjectionPosition[]> {
    if (!this.cached || Date.now() - this.cached.at > 1000) {
      const value = this.read();
      value.catch(() => (this.cached = null));
      this.cached = { at: Date.now(), value };
    }
    return this.cached.value;
  }

  private async read(): Promise<ProjectionPosition[]> {
    const [ends, { rows }] = await Promise.all([
      withTimeout(endOffsets(this.kafka, this.topic), 2000, 'Kafka'),
      this.pool.query<{ projection: string; kafka_partition: number; next_offset: string }>(
        `SELECT projection, kafka_partition, next_offset FROM ${LIVE_SCHEMA}.checkpoints`,
      ),
    ]);
    return PROJECTIONS.map((name) => {
      const partitions = [...ends].map(([partition, end]) => {
        const row = rows.find((r) => r.projection === name && r.kafka_partition === partition);
        const next = row ? Number(row.next_offset) : 0;
        return { partition, nextOffset: next, endOffset: Number(end), lag: Math.max(0, Number(end) - next) };
      });
      partitions.sort((a, b) => a.partition - b.partition);
      return { name, lag: partitions.reduce((n, p) => n + p.lag, 0), partitions };
    });
  }
}
