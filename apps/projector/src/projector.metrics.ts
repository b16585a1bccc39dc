import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Prometheus metrics of the projector, served on PROJECTOR_METRICS_PORT. */
@Injectable()
export class ProjectorMetrics {
  private readonly projected = new Counter({
    name: 'touchline_projected_events_total',
    help: 'Events applied to the read models',
  });
  private readonly batchSize = new Histogram({
    name: 'touchline_projector_batch_size',
    help: 'Events per projector batch',
    buckets: [1, 5, 20, 100, 500, 2000, 5000],
  });
  private readonly batchSeconds = new Histogram({
    name: 'touchline_projector_batch_seconds',
    help: 'Time to apply one batch in PostgreSQL',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  private readonly lag = new Gauge({
    name: 'touchline_projector_lag_events',
    help: 'Events in the log not yet projected, per partition',
    labelNames: ['partition'],
  });

  observe(b: { partition: number; events: number; lag: bigint; seconds: number }): void {
    this.projected.inc(b.events);
    this.batchSize.observe(b.events);
    this.batchSeconds.observe(b.seconds);
    this.lag.set({ partition: String(b.partition) }, Number(b.lag));
  }
}
