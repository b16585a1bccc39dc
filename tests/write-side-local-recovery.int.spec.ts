import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Pool } from 'pg';
import {
  clusterId,
  createKafka,
  EventAppender,
  type LogRecord,
  matchStreamId,
  partitionOfStream,
  readLogFrom,
  readWholeLog,
  WriterElection,
  writersTopicOf,
} from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
import { migrate } from '@touchline/read-models';
import type { Principal } from '../apps/api/src/access/api-keys';
import { Problem } from '../apps/api/src/http/problem';
import { AppendMetrics } from '../apps/api/src/metrics/append.metrics';
import { CommandPath } from '../apps/api/src/write-side/command-path';
import { PgSnapshotStore } from '../apps/api/src/write-side/pg-snapshot-store';
import type { RereadReport } from '../apps/api/src/write-side/reread-observer';
import { recordEvents, scheduleMatch } from '../apps/api/src/write-side/stream-commands';
import { StreamRegistry } from '../apps/api/src/write-side/stream-registry';
import { StreamWriter } from '../apps/api/src/write-side/stream-writer';
import { CommitFaults } from './support/commit-faults';
import { createTestDatabase } from './support/database';

const PARTITIONS = 4;
const feeder: Principal = { role: 'feeder', competitions: null, id: 'feeder-1' };
const teams = { homeTeam: { id: 'MIA', name: 'Inter Miami' }, awayTeam: { id: 'LAFC', name: 'LAFC' } };
const goal = (eventId: string, minute: number) => ({
  eventId,
  type: 'GoalScored' as const,
  minute,
  team: 'LAFC',
  player: 'Long',
  kind: 'header' as const,
});
const kickOff = (id: string) => ({
  eventId: `${id}-ko`,
  type: 'PeriodStarted' as const,
  period: '1H',
  minute: 0,
});
const partitionOf = (matchId: string) => partitionOfStream(matchStreamId(matchId), PARTITIONS);

/** Match ids: `count` on partition `p` (or on any partition but `p` when `other`). */
function idsOn(prefix: string, p: number, count: number, other = false): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const id = `${prefix}-${i}`;
    if ((partitionOf(id) === p) !== other) ids.push(id);
  }
  return ids;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The writer in this process on the real broker and PostgreSQL, its producer's commits failing on
 * demand: after an append whose outcome is unknown it re-reads only that append's partition, and
 * the other partitions keep taking commands meanwhile.
 */
describe('the writer after an append with an unknown outcome', () => {
  const topic = `touchline-test-local-${randomUUID().slice(0, 8)}`;
  const real = createKafka({
    brokers: ['127.0.0.1:9092'],
    clientId: 'touchline-test-local-recovery',
    logger: pino({ level: 'silent' }),
  });
  const faults = new CommitFaults(real);
  let db: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let appender: EventAppender;
  let election: WriterElection;
  let writer: StreamWriter;
  let registry: StreamRegistry;
  let path: CommandPath;
  /** What the next re-read waits for before reading, and tells when it starts and ends. */
  let hooks: { gate: Promise<void>; starting: Deferred<readonly number[]>; done: Deferred<RereadReport> };
  const expectNext = () => {
    hooks = { gate: Promise.resolve(), starting: deferred(), done: deferred() };
  };

  const schedule = (matchId: string) =>
    path.execute(scheduleMatch({ matchId, competition: 'CCC', ...teams }, feeder));
  const post = (matchId: string, events: object[]) =>
    path.execute(recordEvents(matchId, { events: events as never, isArray: true }, feeder, 100));
  const refusal = async (run: Promise<unknown>) => {
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof Problem)) throw new Error(`expected a refusal, got ${String(err)}`);
    return { status: err.getStatus(), retryAfter: err.headers['Retry-After'] };
  };
  const log = async (): Promise<LogRecord[]> => {
    const records: LogRecord[] = [];
    await readWholeLog(real, topic, ({ record }) => records.push(record));
    return records;
  };
  const seqsOf = async (matchId: string) =>
    (await log()).filter((r) => r.streamId === matchStreamId(matchId)).map((r) => [r.seq, r.eventId]);
  /** Memory against a fold of the whole log from offset 0. */
  const expectMemoryToEqualTheLog = async () => {
    const fresh = new StreamRegistry();
    (await log()).forEach((r) => fresh.apply(r));
    expect(registry.exportAll()).toEqual(fresh.exportAll());
  };
  const openMatch = async (matchId: string) => {
    expect((await schedule(matchId)).status).toBe(201);
    expect((await post(matchId, [kickOff(matchId)])).status).toBe(201);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, pino({ level: 'silent' }));
    pool = new Pool({ connectionString: db.url, max: 2 });
    const config = loadConfig({
      KAFKA_TOPIC: topic,
      KAFKA_PARTITIONS: String(PARTITIONS),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      SNAPSHOT_EVERY_EVENTS: '1000000',
      SNAPSHOT_INTERVAL_MS: '3600000',
      // Generous: a timeout would count as an unknown outcome of its own.
      APPEND_TIMEOUT_MS: '60000',
      TOUCHLINE_ADVERTISED_URL: 'http://127.0.0.1:9',
    });
    appender = new EventAppender(faults.kafka, topic);
    election = new WriterElection(real, { topic, replicationFactor: 1, advertisedUrl: config.advertisedUrl });
    registry = new StreamRegistry();
    const store = new PgSnapshotStore(pool, async () => `${await clusterId(real)}/${topic}`);
    const logger = pino({ level: 'silent' });
    writer = new StreamWriter(registry, appender, new AppendMetrics(), real, config, logger, store, election);
    path = new CommandPath(registry, writer);
    expectNext();
    writer.observeRereads({
      beforeRead: (partitions) => {
        hooks.starting.resolve(partitions);
        return hooks.gate;
      },
      afterRead: (report) => hooks.done.resolve(report),
    });
    await writer.onApplicationBootstrap();
  });

  afterAll(async () => {
    await writer?.beforeApplicationShutdown();
    await election?.stop();
    await appender?.disconnect();
    await pool?.end();
    const admin = real.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, writersTopicOf(topic)] }).catch(() => undefined);
    await admin.disconnect();
    await db?.drop();
  });

  it('folds the records that landed, re-reading only their partition, while the other partitions take commands', async () => {
    const P = 1;
    const [hit, neighbour] = idsOn('landed', P, 2);
    const [elsewhere] = idsOn('landed-other', P, 1, true);
    for (const id of [hit, neighbour, elsewhere]) await openMatch(id);
    await post(elsewhere, [goal('else-g0', 3)]);

    expectNext();
    const gate = deferred();
    hooks.gate = gate.promise;
    faults.arm('answer-lost');
    expect(await refusal(post(hit, [goal('landed-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    expect(faults.met).toEqual(['answer-lost']);

    // The re-read of P is under way (producer re-initialised, streams of P refused), held at the gate.
    expect(await hooks.starting.promise).toEqual([P]);
    expect(await refusal(post(neighbour, [goal('nb-g1', 10)]))).toEqual({ status: 503, retryAfter: '2' });
    expect(await refusal(post(hit, [goal('landed-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    const other = await post(elsewhere, [goal('else-g1', 11)]);
    expect(other).toMatchObject({ status: 201, body: [{ seq: 4, eventId: 'else-g1' }] });
    gate.resolve();
    const report = await hooks.done.promise;

    // Only P was read, from the position memory held to P's end: the landed goal and nothing else.
    expect(report.partitions).toEqual([P]);
    expect([...report.from.keys()]).toEqual([P]);
    expect(report.records).toBe(1);
    const direct: LogRecord[] = [];
    await readLogFrom(real, topic, report.from, ({ record }) => direct.push(record), undefined, {
      partitions: [P],
    });
    expect(direct.map((r) => r.eventId)).toEqual(['landed-g1']);
    expect((await log()).length).toBeGreaterThan(report.records + 6);

    await expectMemoryToEqualTheLog();
    expect(registry.match(hit)?.version).toBe(3);
    const retry = await post(hit, [goal('landed-g1', 9)]);
    expect(retry).toMatchObject({ status: 200, body: [{ seq: 3, eventId: 'landed-g1' }] });
    expect((await post(hit, [goal('landed-g2', 12)])).body).toMatchObject([{ seq: 4 }]);
    expect((await post(neighbour, [goal('nb-g1', 10)])).status).toBe(201);
    expect(await seqsOf(hit)).toEqual([
      [1, `schedule-${hit}`],
      [2, `${hit}-ko`],
      [3, 'landed-g1'],
      [4, 'landed-g2'],
    ]);
    await expectMemoryToEqualTheLog();
  });

  it('folds nothing of a commit that never reached the coordinator, and a retry takes the next seq', async () => {
    const P = 2;
    const [hit] = idsOn('lost', P, 1);
    await openMatch(hit);

    expectNext();
    faults.arm('never-sent');
    expect(await refusal(post(hit, [goal('lost-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    const report = await hooks.done.promise;
    expect(report.partitions).toEqual([P]);
    expect(report.records).toBe(0);

    expect(registry.match(hit)?.version).toBe(2);
    await expectMemoryToEqualTheLog();
    const retry = await post(hit, [goal('lost-g1', 9)]);
    expect(retry).toMatchObject({ status: 201, body: [{ seq: 3, eventId: 'lost-g1' }] });
    expect((await seqsOf(hit)).map(([seq]) => seq)).toEqual([1, 2, 3]);
    await expectMemoryToEqualTheLog();
  });
});
