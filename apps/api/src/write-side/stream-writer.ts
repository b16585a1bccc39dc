import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Config, CONFIG, KAFKA, Logger, LOGGER, TimeoutError, withTimeout } from '@touchline/platform';
import {
  AppendOutcomeUnknownError,
  ensureEventsTopic,
  EventAppender,
  type KafkaClient,
  LogRecord,
  readWholeLog,
} from '@touchline/event-store';
import { Problem, unavailable } from '../http/problem';
import { AppendMetrics } from '../metrics/append.metrics';
import type { StreamLog } from './stream-log.port';
import { StreamRegistry } from './stream-registry';

/**
 * The single writer of every stream: serialises commands per stream (posts to different
 * streams run in parallel), appends through the group-committing producer, and keeps the
 * registry in step with what Kafka acknowledged.
 *
 * When an append's outcome is unknown (broker lost mid-request), memory may disagree with the
 * log, so it stops taking commands (503) until it has re-read the whole log.
 */
@Injectable()
export class StreamWriter implements StreamLog, OnApplicationBootstrap {
  private readonly queues = new Map<string, Promise<unknown>>();
  private ready = false;
  private inflight = 0;
  private recovering: Promise<void> | null = null;

  constructor(
    readonly registry: StreamRegistry,
    private readonly appender: EventAppender,
    private readonly metrics: AppendMetrics,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventsTopic(this.kafka, this.config.kafka);
    await this.appender.connect();
    // A freshly created topic may not have its partition leaders yet: keep trying, do not exit.
    await this.recoverUntilDone();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Runs `fn` after every earlier command on the same stream has finished. */
  async serialised<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    if (!this.ready) throw unavailable('the writer is re-reading the event log; retry shortly');
    const prev = this.queues.get(streamId) ?? Promise.resolve();
    const run = prev.then(async () => {
      if (!this.ready) throw unavailable('the writer is re-reading the event log; retry shortly');
      this.inflight++;
      try {
        return await fn();
      } finally {
        this.inflight--;
      }
    });
    const tail = run.catch(() => undefined);
    this.queues.set(streamId, tail);
    void tail.then(() => {
      if (this.queues.get(streamId) === tail) this.queues.delete(streamId);
    });
    return run;
  }

  /** Appends one stream's records (all or none) and folds them into memory once Kafka acked. */
  async append(records: LogRecord[]): Promise<void> {
    this.refuseOutOfStep(records[0]);
    const started = process.hrtime.bigint();
    try {
      await withTimeout(this.appender.append(records), this.config.appendTimeoutMs, 'the acknowledgement');
    } catch (err) {
      if (err instanceof AppendOutcomeUnknownError || err instanceof TimeoutError) {
        const cause = err instanceof AppendOutcomeUnknownError ? err.cause : err;
        this.logger.error({ err: cause }, 'append failed; re-reading the log before taking commands');
        void this.startRecovery();
        throw unavailable('the event log did not acknowledge the append; retry with the same eventId', 2);
      }
      throw err;
    }
    this.metrics.observe(records.length, Number(process.hrtime.bigint() - started) / 1e9);
    records.forEach((r) => this.registry.apply(r));
  }

  /**
   * Invariant 1 as a last line of defence: a record the domain could not fold (skipped on start)
   * leaves the in-memory version behind the log, and appending from it would reuse a seq.
   */
  private refuseOutOfStep(first: LogRecord | undefined): void {
    if (!first) return;
    const last = this.registry.lastSeq(first.streamId);
    if (first.seq === last + 1) return;
    this.logger.error(
      { streamId: first.streamId, seq: first.seq, last },
      'append out of step with the log; refused',
    );
    throw new Problem(
      500,
      'stream-out-of-step',
      'The stream cannot take events',
      `The log of ${first.streamId} holds seq ${last}, which the server could not apply; nothing was recorded.`,
    );
  }

  private startRecovery(): Promise<void> {
    this.ready = false;
    if (!this.recovering) {
      this.recovering = this.recoverUntilDone().finally(() => (this.recovering = null));
    }
    return this.recovering;
  }

  private async recoverUntilDone(): Promise<void> {
    // Wait until no append can still land, so the re-read sees every record that will ever be
    // there: the appender is idle only once its last request was acknowledged or given up.
    while (this.inflight > 0 || !this.appender.idle) await new Promise((r) => setTimeout(r, 10));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.recover();
        return;
      } catch (err) {
        this.logger.warn({ err, attempt }, 'log re-read failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
  }

  private async recover(): Promise<void> {
    this.ready = false;
    const started = Date.now();
    this.registry.reset();
    const count = await readWholeLog(
      this.kafka,
      this.config.kafka.topic,
      ({ record }) => this.applySafely(record),
      (partition, offset, err) =>
        this.logger.warn({ partition, offset, err: err.message }, 'skipping malformed record'),
    );
    this.ready = true;
    this.logger.info(
      { events: count, streams: this.registry.size, ms: Date.now() - started },
      'write side ready',
    );
  }

  private applySafely(record: LogRecord): void {
    try {
      this.registry.apply(record);
    } catch (err) {
      this.logger.warn(
        { err, streamId: record.streamId, seq: record.seq },
        'record the domain cannot apply; skipped',
      );
    }
  }
}
