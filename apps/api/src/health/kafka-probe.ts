import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA, Logger, LOGGER, withTimeout } from '@touchline/platform';
import { counter } from '../metrics/gauge';

/**
 * Readiness's view of Kafka: one admin connection, opened on first use and kept, so that health
 * checks do not open a socket each (a failed check drops it; the next one reconnects).
 */
@Injectable()
export class KafkaProbe implements OnApplicationShutdown {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;
  private readonly connects = counter(
    'touchline_readiness_kafka_connects_total',
    'Admin connections opened by readiness checks (kept between checks)',
  );

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** True when the cluster answers a metadata request within `timeoutMs`; the reason is logged, not returned. */
  async reachable(timeoutMs: number): Promise<boolean> {
    try {
      const admin = await withTimeout(this.connected(), timeoutMs);
      await withTimeout(admin.describeCluster(), timeoutMs);
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'readiness: kafka unreachable');
      await this.reset();
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reset();
  }

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      this.connects.inc();
      try {
        await admin.connect();
        this.admin = admin;
        return admin;
      } catch (err) {
        await admin.disconnect().catch(() => undefined);
        throw err;
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }
}
