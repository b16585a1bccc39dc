import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { BatchInfo, RereadInfo } from '@touchline/read-models';

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
  private readonly loads = new Counter({
    name: 'touchline_projector_batch_loads_total',
    help: "Batches by where the states they folded from came from: memory (the partition's last batch) or database",
    labelNames: ['from'],
  });
  private readonly rereads = new Counter({
    name: 'touchline_projector_rereads_total',
    help: "Batches not written, their partition read again from Kafka: refused (the write's guard failed: the checkpoint moved since the load, or an admin's write renewed its epoch) or behind (Kafka was ahead of the checkpoint)",
    labelNames: ['reason'],
  });
  private readonly lag = new Gauge({
    name: 'touchline_projector_lag_events',
    help: 'Events in the log not yet projected, per partition',
    labelNames: ['partition'],
  });

  /** Where the lag goes, per stage of a batch (`delivered`: per record, the others per batch). */
  private readonly stageSeconds = new Histogram({
    name: 'touchline_projector_stage_seconds',
    help: 'Time of each stage from append to visible: delivered (record created -> fetched), fetch_wait, queued, load, fold, write, commit',
    labelNames: ['stage'],
    buckets: [
      0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
      0.5, 0.75, 1, 2, 5,
    ],
  });

  observe(b: BatchInfo): void {
    const s = b.stages;
    // One child for the batch's records (a rebuild's batch has thousands): the label is looked up once.
    const delivered = this.stageSeconds.labels({ stage: 'delivered' });
    for (const ms of s.deliveredMs) delivered.observe(Math.max(0, ms) / 1000);
    const perBatch = { fetch_wait: s.fetchWaitMs, queued: s.queuedMs, load: s.loadMs, fold: s.foldMs };
    for (const [stage, ms] of Object.entries({ ...perBatch, write: s.writeMs, commit: s.commitMs })) {
      this.stageSeconds.observe({ stage }, Math.max(0, ms) / 1000);
    }
    this.projected.inc(b.events);
    this.batchSize.observe(b.events);
    this.loads.inc({ from: b.loadedFrom });
    this.batchSeconds.observe(b.seconds);
    this.lag.set({ partition: String(b.partition) }, Number(b.lag));
  }

  reread(r: RereadInfo): void {
    this.rereads.inc({ reason: r.reason });
  }
}
