import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Config, CONFIG, KAFKA, Logger, LOGGER, TimeoutError, withTimeout } from '@touchline/platform';
import {
  AppendFencedError,
  AppendNotRecordedError,
  AppendOutcomeUnknownError,
  ensureEventsTopic,
  EventAppender,
  type KafkaClient,
  LogRecord,
  readLogFrom,
  WRITER_SESSION_TIMEOUT_MS,
  WriterElection,
} from '@touchline/event-store';
import { Problem, unavailable } from '../http/problem';
import { AppendMetrics } from '../metrics/append.metrics';
import { PartitionPositions } from './partition-positions';
import { type RereadObserver, type RereadReport } from './reread-observer';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot-store.port';
import type { StreamLog } from './stream-log.port';
import { StreamRegistry } from './stream-registry';
import { StreamWarmer } from './stream-warmer';

const NOT_THE_WRITER = 'this instance is not the writer (the role is moving); retry shortly';

/**
 * The single writer of every stream, while this instance holds the writer role: serialises commands per stream (posts to different
 * streams run in parallel), appends through the group-committing producer, and keeps the
 * registry in step with what Kafka acknowledged.
 *
 * It starts from its last snapshot (docs/adr/0011) and folds only the log's tail; it writes a
 * snapshot every so many events or seconds and on shutdown, and lets finished streams go.
 *
 * When an append's outcome is unknown (a commit unanswered, or no answer in time), memory may
 * disagree with the log on that append's partition only: commands reading streams of that
 * partition are refused (503) while the writer re-initialises its producer (which completes or
 * aborts the open transaction) and re-reads that partition's tail from its position; commands on
 * the other partitions go on (docs/adr/0012-partition-local-recovery.md). A re-read that has not
 * ended within `REREAD_TIMEOUT_MS` is given up for a full read of the log, as on election.
 *
 * It takes commands only while elected (docs/adr/0010-one-elected-writer.md): on election it
 * connects the producer, which fences any earlier writer, then reads the log; on losing the role
 * it stops at once and lets the producer go without connecting it again.
 *
 * When the broker fences its producer (another instance initialised the writer's transactional
 * id), it is no longer the writer either: it stands down the same way (503 from then on, the
 * producer never re-initialised on its own, which would fence the new writer) and tells whoever
 * listens (`onFenced`).
 */
@Injectable()
export class StreamWriter implements StreamLog, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly queues = new Map<string, Promise<unknown>>();
  private ready = false;
  private inflight = 0;
  /** Per partition, the next offset whose record memory has not folded. */
  private readonly positions = new PartitionPositions();
  /** Partitions whose streams are refused until their tail is re-read; those waiting for the re-read job. */
  private readonly rereading = new Set<number>();
  private readonly rereadQueue = new Set<number>();
  private rereadJob: Promise<void> | null = null;
  /** The producer's re-initialisation after a failed commit or abort, shared by whoever needs it. */
  private settling: Promise<void> | null = null;
  private readonly rereadObservers: RereadObserver[] = [];
  /** Bumped by every full read: a snapshot captured before one must not evict after it, nor an older ack fold into it. */
  private generation = 0;
  private sinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly warmer: StreamWarmer;
  /** Bumped at every election and deposition: work of an older term must not make this ready. */
  private term = 0;
  /** Whether the latest term is one this instance was elected in (false after a deposition). */
  private elected = false;
  private transition: Promise<void> = Promise.resolve();
  private readonly fencedListeners: ((err: AppendFencedError) => void)[] = [];
  private fencedInTerm = -1;

  constructor(
    readonly registry: StreamRegistry,
    private readonly appender: EventAppender,
    private readonly metrics: AppendMetrics,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SNAPSHOT_STORE) private readonly store: SnapshotStore,
    private readonly election: WriterElection,
  ) {
    this.warmer = new StreamWarmer(registry, store);
  }

  /** Listens only once this instance can take commands itself or knows where to forward them. */
  async onApplicationBootstrap(): Promise<void> {
    await ensureEventsTopic(this.kafka, this.config.kafka);
    this.timer = setInterval(() => void this.snapshot(), this.config.snapshots.intervalMs);
    this.timer.unref();
    await this.election.start({
      onElected: () => this.takeOver(),
      onDeposed: (reason) => this.standDown(reason),
      onMemberCrashed: ({ error, restart }) =>
        this.logger.warn(
          { err: error, restart },
          restart
            ? 'writer election: group member crashed, kafkajs restarts it'
            : 'writer election: group member crashed, rejoining with a fresh one',
        ),
      onRejoinFailed: (err) =>
        this.logger.warn({ err }, 'writer election: could not rejoin yet, trying again'),
    });
    for (;;) {
      const { self, url } = this.election.view;
      if (self ? this.ready : url !== null) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private takeOver(): void {
    const term = ++this.term;
    this.elected = true;
    this.logger.info({ term }, 'elected writer: fencing the previous writer, then reading the log');
    this.transition = this.transition.then(async () => {
      for (let attempt = 1; term === this.term; attempt++) {
        try {
          await this.appender.connect();
          // A freshly created topic may not have its partition leaders yet: keep trying, do not exit.
          await this.recoverUntilDone(term);
          return;
        } catch (err) {
          this.logger.warn({ err, attempt }, 'taking over the writer role failed; retrying');
          await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
        }
      }
    });
  }

  private standDown(reason: string): void {
    this.term++;
    this.elected = false;
    this.ready = false;
    this.logger.warn({ reason }, 'no longer the writer: commands are refused here');
    this.transition = this.transition.then(() =>
      this.appender
        .disconnect()
        .catch((err: unknown) => this.logger.warn({ err }, 'producer disconnect failed')),
    );
  }

  /** Elected, caught up with the log, and heard from the group within its lease. */
  get takingCommands(): boolean {
    return this.ready && this.election.leaseValid;
  }

  private refuseUnlessTaking(): void {
    if (this.takingCommands) return;
    if (!this.election.view.self) throw unavailable(NOT_THE_WRITER);
    // Caught up but not heard from the group lately (a rebalance, or a pause such as SIGSTOP):
    // the role may have moved, and only the next word from the group says whether it did.
    if (this.ready) throw unavailable('this instance cannot confirm it is still the writer; retry shortly');
    throw unavailable('the writer is re-reading the event log; retry shortly');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.snapshot();
  }

  /** The last seq the log holds for the stream (0: none); null while re-reading the log. */
  async lastSeq(streamId: string): Promise<number | null> {
    if (!this.ready || this.rereading.has(this.appender.partitionOf(streamId))) return null;
    if (this.registry.has(streamId) || !this.registry.mayBeElsewhere) return this.registry.lastSeq(streamId);
    const { streams } = await this.store.load([streamId], []);
    return this.registry.has(streamId) ? this.registry.lastSeq(streamId) : (streams[0]?.lastSeq ?? 0);
  }

  /** Loads the streams a command reads that left memory; they stay until the release is called. */
  async warm(needs: Parameters<StreamWarmer['warm']>[0]): Promise<() => void> {
    let release: () => void;
    try {
      release = await this.warmer.warm(needs);
    } catch (err) {
      this.logger.warn({ err }, 'the snapshot store did not answer; command refused');
      throw unavailable('the write side could not load a stream it keeps out of memory; retry shortly');
    }
    // A decision must not read a stream whose memory may lag the log (its partition is re-read).
    try {
      this.refuseWhileRereading(needs(this.registry).streams);
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  /** Called before and after each re-read of partitions after an unknown outcome (logs, tests). */
  observeRereads(observer: RereadObserver): void {
    this.rereadObservers.push(observer);
  }

  private refuseWhileRereading(streamIds: readonly string[]): void {
    if (this.rereading.size === 0) return;
    if (!streamIds.some((id) => this.rereading.has(this.appender.partitionOf(id)))) return;
    throw unavailable(
      "the writer is re-reading this stream's part of the event log after an append with an unknown outcome; retry shortly",
      2,
    );
  }

  /**
   * Writes what changed since the last snapshot, captured in one synchronous step (states and
   * positions agree), then lets go of the finished streams it stored. One at a time.
   */
  snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    if (!this.ready) return Promise.resolve();
    const generation = this.generation;
    const capture = this.registry.capture(this.positions.all());
    this.sinceSnapshot = 0;
    this.snapshotting = this.store
      .write(capture)
      .then((written) => {
        if (!written) {
          this.logger.warn('snapshot refused: the store holds a newer one (another writer took over)');
          return;
        }
        // A re-read loads streams the store kept and folds them a step later: none may leave between.
        if (generation !== this.generation || !this.ready || this.rereading.size > 0) return;
        const evicted = this.registry.evictFinished((id) => this.queues.has(id));
        this.logger.info(
          { streams: capture.streams.length, evicted, inMemory: this.registry.size },
          'snapshot written',
        );
      })
      .catch((err: unknown) => {
        this.registry.recapture(capture);
        this.logger.warn({ err }, 'snapshot not written; the next one takes its changes');
      })
      .finally(() => (this.snapshotting = null));
    return this.snapshotting;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** True once the broker fenced this writer's producer (until it is elected and connects again). */
  get isFenced(): boolean {
    return this.appender.state === 'fenced';
  }

  /** Called when the broker fences this writer: another instance holds the writer's id now. */
  onFenced(listener: (err: AppendFencedError) => void): void {
    this.fencedListeners.push(listener);
  }

  /** Runs `fn` after every earlier command on the same stream has finished. */
  async serialised<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    this.refuseUnlessTaking();
    this.refuseWhileRereading([streamId]);
    const prev = this.queues.get(streamId) ?? Promise.resolve();
    const run = prev.then(async () => {
      this.refuseUnlessTaking();
      this.refuseWhileRereading([streamId]);
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
    this.refuseUnlessTaking();
    const term = this.term;
    const streamId = records[0]?.streamId ?? '';
    this.refuseWhileRereading([streamId]);
    this.refuseOutOfStep(records[0]);
    const started = process.hrtime.bigint();
    const partition = this.appender.partitionOf(streamId);
    try {
      await withTimeout(
        this.appendAndFold(partition, records),
        this.config.appendTimeoutMs,
        'the acknowledgement',
      );
    } catch (err) {
      if (err instanceof AppendFencedError) throw this.fence(err);
      if (err instanceof AppendNotRecordedError) {
        this.logger.warn({ err: err.cause }, 'append not recorded (its transaction was aborted)');
        // A producer whose abort failed too must be re-initialised before it takes appends again.
        if (this.appender.state === 'broken') void this.settleProducer(term).catch(() => undefined);
        throw unavailable('the event log did not take the append; retry with the same eventId');
      }
      if (err instanceof AppendOutcomeUnknownError || err instanceof TimeoutError) {
        const cause = err instanceof AppendOutcomeUnknownError ? err.cause : err;
        this.logger.error({ err: cause, partition }, 'append outcome unknown; re-reading its partition');
        this.reread(partition);
        throw unavailable('the event log did not acknowledge the append; retry with the same eventId', 2);
      }
      throw err;
    }
    this.metrics.observe(records.length, Number(process.hrtime.bigint() - started) / 1e9);
    this.sinceSnapshot += records.length;
    if (this.sinceSnapshot >= this.config.snapshots.everyEvents) void this.snapshot();
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

  private fence(err: AppendFencedError): Problem {
    // Every append of the fenced producer fails so: stand down once per term.
    if (this.fencedInTerm !== this.term) {
      this.logger.error({ err: err.cause }, 'fenced by a newer writer');
      this.standDown('fenced by the broker: another instance initialised the writer id');
      this.fencedInTerm = this.term;
      this.fencedListeners.forEach((listener) => listener(err));
      this.retakeIfStillElected(this.term);
    }
    return unavailable(NOT_THE_WRITER, 2);
  }

  /**
   * The group decides who writes, the fence only enforces it. A newly elected writer fences the
   * old one, whose membership then lapses within a session timeout. If after that the group
   * still names this instance (no join since, heard from lately), whoever fenced it held a stale
   * claim: take the role back, fencing that one in turn, rather than leave nobody writing.
   */
  private retakeIfStillElected(term: number): void {
    const check = setTimeout(() => {
      if (term === this.term && this.election.view.self && this.election.leaseValid) this.takeOver();
    }, WRITER_SESSION_TIMEOUT_MS);
    check.unref();
  }

  /**
   * Hands the records to the producer and folds them in the acknowledgement's own step, together
   * with the partition's position (see PartitionPositions), so that a snapshot never sees one
   * without the other. An acknowledgement that comes after the command gave up waiting (a
   * timeout) is folded all the same, unless a full read has replaced memory since.
   */
  private appendAndFold(partition: number, records: LogRecord[]): Promise<unknown> {
    const generation = this.generation;
    this.positions.begin(partition);
    return this.appender
      .append(records)
      .then((ack) => {
        if (generation !== this.generation) return;
        records.forEach((r) => this.registry.apply(r));
        this.positions.acknowledged(ack.partition, ack.lastOffset);
      })
      .finally(() => this.positions.end(partition));
  }

  private settleProducer(term: number): Promise<void> {
    this.settling ??= (async () => {
      if (this.appender.state === 'broken') await this.reinitialise(term);
    })().finally(() => (this.settling = null));
    return this.settling;
  }

  /** Still the writer of `term`: no election or deposition since, and heard from the group lately. */
  private holds(term: number): boolean {
    return term === this.term && this.election.view.self && this.election.leaseValid;
  }

  /**
   * Re-initialises the producer after a failed commit, but only while this instance still holds
   * the role of `term`: initialising the writer's transactional id fences whoever holds it, so
   * done by an instance that lost the role it would fence the new writer (docs/adr/0010). The
   * check before narrows that to a re-initialisation already under way when the role moved; the
   * check after lets such a producer go at once, before it takes an append (appends queued for
   * it were failed by the stand-down), and the new writer, still named by the group, takes the
   * role back after a session timeout (`retakeIfStillElected`).
   */
  private async reinitialise(term: number): Promise<void> {
    if (!this.holds(term)) return;
    await this.appender.connect();
    if (this.holds(term)) return;
    this.logger.warn({ term }, 'the writer role moved while the producer was re-initialised; letting it go');
    this.letGoUnlessElected();
  }

  /** Disconnects the producer after the transitions under way, unless this instance is elected again by then. */
  private letGoUnlessElected(): void {
    const term = this.term;
    this.transition = this.transition.then(async () => {
      if (term !== this.term || this.elected) return;
      await this.appender
        .disconnect()
        .catch((err: unknown) => this.logger.warn({ err }, 'producer disconnect failed'));
    });
  }

  /** Refuses the partition's streams (from now, synchronously) until its tail is re-read. */
  private reread(partition: number): void {
    if (!this.rereading.has(partition)) {
      this.rereading.add(partition);
      this.positions.hold(partition);
    }
    this.rereadQueue.add(partition);
    this.startRereadJob();
  }

  /**
   * One re-read job at a time, bounded by `rereadTimeoutMs`: one that has not brought its
   * partitions back by then (a producer that does not settle, a read that hangs) is given up for
   * a full read of the log, as on election (docs/adr/0012).
   */
  private startRereadJob(): void {
    if (this.rereadJob || this.rereadQueue.size === 0) return;
    const term = this.term;
    const generation = this.generation;
    const live = () => term === this.term && generation === this.generation;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'overdue'>((resolve) => {
      timer = setTimeout(() => resolve('overdue'), this.config.rereadTimeoutMs);
      timer.unref();
    });
    const job: Promise<void> = Promise.race([this.rereadUntilDone(live), bound])
      .then((outcome) => {
        if (outcome === 'overdue' && live()) this.giveUpReread(term);
      })
      .finally(() => {
        clearTimeout(timer);
        if (this.rereadJob !== job) return;
        this.rereadJob = null;
        if (term === this.term) this.startRereadJob();
      });
    this.rereadJob = job;
  }

  /**
   * Every command is refused and memory is rebuilt from the snapshot and the whole log, after
   * the producer settles, exactly as on election; the overdue re-read, if it ever ends, folds
   * nothing (the generation moved on).
   */
  private giveUpReread(term: number): void {
    const partitions = [...this.rereading].sort((a, b) => a - b);
    this.logger.error(
      { partitions, timeoutMs: this.config.rereadTimeoutMs },
      'partition re-read overdue; giving it up and reading the whole log again',
    );
    this.ready = false;
    this.generation++;
    this.rereadQueue.clear();
    this.transition = this.transition.then(() => this.recoverUntilDone(term));
    this.rereadObservers.forEach((o) => o.overdue?.(partitions));
  }

  private async rereadUntilDone(live: () => boolean): Promise<void> {
    for (let attempt = 1; live() && this.rereadQueue.size > 0; attempt++) {
      let partitions: number[] = [];
      try {
        const settled = await this.settleQueued(live);
        if (!settled) return;
        partitions = settled;
        for (const o of this.rereadObservers) await o.beforeRead?.(partitions);
        const report = await this.rereadPartitions(partitions, live);
        if (!report) return;
        this.logger.warn(
          { partitions, events: report.records, ms: report.ms },
          'partitions re-read after an unknown outcome; their streams take commands again',
        );
        this.rereadObservers.forEach((o) => o.afterRead?.(report));
        attempt = 0;
      } catch (err) {
        this.logger.warn({ err, attempt, partitions }, 'partition re-read failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
  }

  /**
   * Waits until nothing can still land on the partitions waiting for a re-read: the producer
   * re-initialised if a failed commit or abort left it broken (that completes or aborts the open
   * transaction), and every append handed to it for them settled (no new one starts: they are
   * refused). Returns them, all that queued up meanwhile included (one read for all), or null
   * once the job is no longer live (the term ended, or the re-read was given up).
   */
  private async settleQueued(live: () => boolean): Promise<number[] | null> {
    for (let wait = 1; live(); wait = Math.min(wait * 2, 100)) {
      const partitions = [...this.rereadQueue].sort((a, b) => a - b);
      const busy = () => partitions.some((p) => this.positions.pending(p) > 0);
      if (this.appender.state === 'broken') await this.settleProducer(this.term);
      else if (!busy()) return partitions;
      if (this.appender.state === 'broken' || busy()) await new Promise((r) => setTimeout(r, wait));
    }
    return null;
  }

  /**
   * The partitions' records from the positions memory holds up to their end offsets measured now
   * (after the producer settled), folded: those of the unknown append that landed are folded,
   * those that did not are not there to fold, and records memory holds already are ignored.
   */
  private async rereadPartitions(partitions: number[], live: () => boolean): Promise<RereadReport | null> {
    const started = Date.now();
    const from = new Map(partitions.map((p) => [p, this.positions.get(p)]));
    const tail: LogRecord[] = [];
    const { count, positions } = await readLogFrom(
      this.kafka,
      this.config.kafka.topic,
      from,
      ({ record }) => tail.push(record),
      (partition, offset, err) =>
        this.logger.warn({ partition, offset, err: err.message }, 'skipping malformed record'),
      { partitions },
    );
    if (this.registry.mayBeElsewhere) await this.warmer.warmForRecords(tail);
    if (!live()) return null;
    tail.forEach((r) => this.applySafely(r));
    for (const p of partitions) {
      this.positions.release(p, positions.get(p) ?? this.positions.get(p));
      this.rereading.delete(p);
      this.rereadQueue.delete(p);
    }
    this.sinceSnapshot += count;
    return { partitions, from, to: positions, records: count, ms: Date.now() - started };
  }

  private async recoverUntilDone(term: number): Promise<void> {
    for (let attempt = 1; term === this.term; attempt++) {
      try {
        // A failed commit left the producer's transaction open: initialising it again (only
        // while this instance is still the elected writer) commits or aborts it, and sends the
        // appends that waited for it; only then is the log's content settled for the re-read.
        if (this.appender.state === 'broken') await this.settleProducer(term);
        // Wait until no append can still land, so the re-read sees every record that will ever
        // be there: the appender is idle only once its last request was acknowledged or given up.
        const settling = () => this.inflight > 0 || !this.appender.idle;
        while (settling() && this.appender.state !== 'broken') await new Promise((r) => setTimeout(r, 10));
        if (this.appender.state === 'broken') throw new Error('the producer is not re-initialised yet');
        await this.recover(term);
        return;
      } catch (err) {
        this.logger.warn({ err, attempt }, 'log re-read failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
  }

  /**
   * Memory from the snapshot's streams still in play, then the log's tail from the snapshot's
   * positions. A tail's records may belong to streams that left memory: those are loaded first,
   * so the tail is held until then (it is short: what came since the last snapshot). Without a
   * snapshot the whole log is folded as it is read.
   */
  private async recover(term: number): Promise<void> {
    this.ready = false;
    this.generation++;
    const started = Date.now();
    this.registry.reset();
    // Everything is read again: no partition waits for a re-read of its own.
    this.rereading.clear();
    this.rereadQueue.clear();
    const snapshot = await this.store.start();
    if (snapshot) {
      this.registry.import(snapshot.streams, snapshot.legs);
      this.registry.markPartial();
    }
    const tail: LogRecord[] = [];
    const { count, positions } = await readLogFrom(
      this.kafka,
      this.config.kafka.topic,
      snapshot?.positions ?? new Map(),
      ({ record }) => (snapshot ? tail.push(record) : this.applySafely(record)),
      (partition, offset, err) =>
        this.logger.warn({ partition, offset, err: err.message }, 'skipping malformed record'),
    );
    await this.warmer.warmForRecords(tail);
    tail.forEach((r) => this.applySafely(r));
    if (term !== this.term) return;
    this.positions.reset(positions);
    this.sinceSnapshot = count;
    this.ready = true;
    this.logger.info(
      { snapshot: snapshot !== null, events: count, streams: this.registry.size, ms: Date.now() - started },
      'write side ready',
    );
    if (count >= this.config.snapshots.everyEvents) void this.snapshot();
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
