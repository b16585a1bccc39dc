import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import {
  LIVE_SCHEMA,
  ParkedStream,
  parkedStreams,
  ProjectionPosition,
  ProjectionStatus,
  RebuildLedger,
  RebuildRow,
} from '@touchline/read-models';
import { PG_POOL } from '@touchline/platform';

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
    private readonly status: ProjectionStatus,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.ledger = new RebuildLedger(pool);
  }

  async execute(): Promise<ProjectionsReport> {
    const [projections, rebuild, parked] = await Promise.all([
      this.status.positions(),
      this.ledger.latest(),
      parkedStreams(this.pool, LIVE_SCHEMA),
    ]);
    const eta =
      rebuild && rebuild.status === 'running' && rebuild.rate
        ? (rebuild.total - rebuild.done) / rebuild.rate
        : null;
    return { projections, rebuild: rebuild ? { ...rebuild, eta } : null, parked };
  }
}
