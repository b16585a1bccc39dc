import { Injectable } from '@nestjs/common';
import type { FlushTimings } from '@touchline/event-store';
import { Histogram } from 'prom-client';
import { counter, registered } from './registered';

/** Prometheus metrics of the write path. */
@Injectable()
export class AppendMetrics {
  private readonly appended = counter('touchline_events_appended_total', 'Events appended to the log');
  private readonly latency = registered(Histogram, {
    name: 'touchline_append_latency_seconds',
    help: 'Time from handing records to the producer to Kafka acknowledging them',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  private readonly visibleWait = registered(Histogram, {
    name: 'touchline_append_visible_wait_seconds',
    help: 'Per transaction: time from the commit being acknowledged to read-committed readers seeing it, which the acknowledgements wait for',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

  private readonly flushStage = registered(Histogram<'stage'>, {
    name: 'touchline_append_flush_stage_seconds',
    help: 'Per transaction (group-commit flush), by stage: queued (its oldest append waiting for the flush to start), send (AddPartitionsToTxn + Produce), commit (EndTxn), visible (until read-committed readers see it)',
    labelNames: ['stage'],
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  private readonly flushSize = registered(Histogram<'of'>, {
    name: 'touchline_append_flush_size',
    help: 'Per transaction (group-commit flush): records, appends, and ListOffsets polls of its visible wait',
    labelNames: ['of'],
    buckets: [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 4000],
  });

  /** One committed flush: its stages and sizes, and its visible wait on the histogram of its own. */
  observeFlush(t: FlushTimings): void {
    this.visibleWait.observe(t.visible);
    this.flushStage.observe({ stage: 'queued' }, t.queued);
    this.flushStage.observe({ stage: 'send' }, t.send);
    this.flushStage.observe({ stage: 'commit' }, t.commit);
    this.flushStage.observe({ stage: 'visible' }, t.visible);
    this.flushSize.observe({ of: 'records' }, t.records);
    this.flushSize.observe({ of: 'appends' }, t.appends);
    this.flushSize.observe({ of: 'polls' }, t.polls);
  }

  observe(events: number, seconds: number): void {
    this.appended.inc(events);
    this.latency.observe(seconds);
  }
}
