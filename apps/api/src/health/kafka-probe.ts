import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClusterConnection, type KafkaClient } from '@touchline/event-store';
import { KAFKA, Logger, LOGGER, withTimeout } from '@touchline/platform';
import { counter } from '../metrics/registered';

/**
 * Readiness's view of Kafka: one admin connection, opened on first use and kept, so that health
 * checks do not open a socket each (a failed check drops it; the next one reconnects).
 */
@Injectable()
export class KafkaProbe implements OnApplicationShutdown {
  private readonly connects = counter(
    'touchline_readiness_kafka_connects_total',
    'Admin connections opened by readiness checks (kept between checks)',
  );
  private readonly cluster: ClusterConnection;

  constructor(
    @Inject(KAFKA) kafka: KafkaClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.cluster = new ClusterConnection(kafka, () => this.connects.inc());
  }

  /** True when the cluster answers a metadata request within `timeoutMs`; the reason is logged, not returned. */
  async reachable(timeoutMs: number): Promise<boolean> {
    try {
      await withTimeout(this.cluster.connect(), timeoutMs);
      await withTimeout(this.cluster.describe(), timeoutMs);
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'readiness: kafka unreachable');
      await this.cluster.reset();
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cluster.reset();
  }
}
