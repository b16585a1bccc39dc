import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { LIVE_SCHEMA, RebuildLedger, RebuildRow } from '@touchline/read-models';
import { PG_POOL } from '@touchline/platform';
import { ProjectionPosition, ProjectionStatusService } from './projection-status.service';

export interface ParkedStream {
  streamId: string;
  partition: number;
  offset: number;
  error: string;
  heldRecords: number;
  parkedAt: string;
}

export interface ProjectionsReport {
  projections: ProjectionPosition[];
  rebuild: (RebuildRow & { eta: number | null }) | null;
  parked: ParkedStream[];
}

export class GetProjectionsQuery extends Query<ProjectionsReport> {}

@QueryHandler(GetProjectionsQuery)
export class GetProjectionsHandler implements IQueryHandler<GetProjectionsQuery> {
  private readonly ledger: RebuildLedger;

  constructor(
    private readonly status: ProjectionStatusService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.ledger = new RebuildLedger(pool);
  }

  async execute(): Promise<ProjectionsReport> {
    const [projections, rebuild, parked] = await Promise.all([
      this.status.positions(),
      this.ledger.latest(),
      this.parked(),
    ]);
    const eta =
      rebuild && rebuild.status === 'running' && rebuild.rate
        ? (rebuild.total - rebuild.done) / rebuild.rate
        : null;
    return { projections, rebuild: rebuild ? { ...rebuild, eta } : null, parked };
  }

  private async parked(): Promise<ParkedStream[]> {
    const { rows } = await this.pool.query<{
      stream_id: string;
      kafka_partition: number;
      kafka_offset: string;
      error: string;
      held: number;
      parked_at: Date;
    }>(
      `SELECT DISTINCT ON (stream_id) stream_id, kafka_partition, kafka_offset, error, parked_at,
         (count(*) OVER (PARTITION BY stream_id))::int - 1 AS held
       FROM ${LIVE_SCHEMA}.parked ORDER BY stream_id, kafka_offset`,
    );
    return rows.map((r) => ({
      streamId: r.stream_id,
      partition: r.kafka_partition,
      offset: Number(r.kafka_offset),
      error: r.error,
      heldRecords: r.held,
      parkedAt: r.parked_at.toISOString(),
    }));
  }
}
