import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

const counter = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help });

/** Prometheus metrics of the write path. */
@Injectable()
export class AppendMetrics {
  private readonly appended = counter('touchline_events_appended_total', 'Events appended to the log');
  private readonly latency =
    (register.getSingleMetric('touchline_append_latency_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'touchline_append_latency_seconds',
      help: 'Time from handing records to the producer to Kafka acknowledging them',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });

  private readonly visibleWait =
    (register.getSingleMetric('touchline_append_visible_wait_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'touchline_append_visible_wait_seconds',
      help: 'Per transaction: time from the commit being acknowledged to read-committed readers seeing it, which the acknowledgements wait for',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });

  observeVisibleWait(seconds: number): void {
    this.visibleWait.observe(seconds);
  }

  observe(events: number, seconds: number): void {
    this.appended.inc(events);
    this.latency.observe(seconds);
  }
}
