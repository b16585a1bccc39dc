import type { Kafka } from 'kafkajs';
import pino from 'pino';
import {
  clusterId,
  EventAppender,
  type LogRecord,
  matchStreamId,
  partitionOfStream,
  readLogFrom,
  WriterElection,
} from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
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
import { writerStores, type WriterStores } from './support/writer-stores';

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

/** A writer on the stores' topic in this process (its producer from `producing`), not started yet. */
function writerOn(stores: WriterStores, producing: Kafka, port: number, rereadTimeoutMs: string) {
  const { topic, real, pool } = stores;
  const config = loadConfig({
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: String(PARTITIONS),
    DATABASE_URL: 'postgres://unused',
    LOG_LEVEL: 'silent',
    SNAPSHOT_EVERY_EVENTS: '1000000',
    SNAPSHOT_INTERVAL_MS: '3600000',
    // Generous: a timeout would count as an unknown outcome of its own.
    APPEND_TIMEOUT_MS: '60000',
    REREAD_TIMEOUT_MS: rereadTimeoutMs,
    TOUCHLINE_ADVERTISED_URL: `http://127.0.0.1:${port}`,
  });
  const appender = new EventAppender(producing, topic);
  const election = new WriterElection(real, {
    topic,
    replicationFactor: 1,
    advertisedUrl: config.advertisedUrl,
  });
  const registry = new StreamRegistry();
  const store = new PgSnapshotStore(pool, async () => `${await clusterId(real)}/${topic}`);
  const logger = pino({ level: 'silent' });
  const writer = new StreamWriter(
    registry,
    appender,
    new AppendMetrics(),
    real,
    config,
    logger,
    store,
    election,
  );
  return { appender, election, writer, registry, path: new CommandPath(registry, writer) };
}
type Writer = ReturnType<typeof writerOn>;

/** Stops writers as the api's shutdown does; one never made (a failed beforeAll) is passed over. */
async function stopAll(writers: (Writer | undefined)[]): Promise<void> {
  for (const w of writers) {
    await w?.writer.beforeApplicationShutdown();
    await w?.election.stop();
    await w?.appender.disconnect();
  }
}

const schedule = (at: Writer, matchId: string) =>
  at.path.execute(scheduleMatch({ matchId, competition: 'CCC', ...teams }, feeder));
const post = (at: Writer, matchId: string, events: object[]) =>
  at.path.execute(recordEvents(matchId, { events: events as never, isArray: true }, feeder, 100));
const openMatch = async (at: Writer, matchId: string) => {
  expect((await schedule(at, matchId)).status).toBe(201);
  expect((await post(at, matchId, [kickOff(matchId)])).status).toBe(201);
};
/** One stream's records in the log, in order. */
const streamIn = async (stores: WriterStores, matchId: string) =>
  (await stores.log()).filter((r) => r.streamId === matchStreamId(matchId));
/** The writer's memory against a fold of the whole log from offset 0. */
async function expectMemoryToEqualTheLog(at: Writer, stores: WriterStores): Promise<void> {
  const fresh = new StreamRegistry();
  (await stores.log()).forEach((r) => fresh.apply(r));
  expect(at.registry.exportAll()).toEqual(fresh.exportAll());
}

/** Waits for a state the writer reaches on its own (a take-over, a read of the log), checking it every 50 ms. */
async function until(what: string, reached: () => boolean, withinMs = 60000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!reached()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The writer in this process on the real broker and PostgreSQL, its producer's commits failing on
 * demand: after an append whose outcome is unknown it re-reads only that append's partition, and
 * the other partitions keep taking commands meanwhile.
 */
describe('the writer after an append with an unknown outcome', () => {
  let w: Writer;
  const stores = writerStores('local', { poolMax: 2, stop: () => stopAll([w]) });
  const faults = new CommitFaults(stores.real);
  /** What the next re-read waits for before reading, and tells when it starts and ends. */
  let hooks: { gate: Promise<void>; starting: Deferred<readonly number[]>; done: Deferred<RereadReport> };
  const expectNext = () => {
    hooks = { gate: Promise.resolve(), starting: deferred(), done: deferred() };
  };

  const refusal = async (run: Promise<unknown>) => {
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof Problem)) throw new Error(`expected a refusal, got ${String(err)}`);
    return { status: err.getStatus(), retryAfter: err.headers['Retry-After'] };
  };
  const seqsOf = async (matchId: string) => (await streamIn(stores, matchId)).map((r) => [r.seq, r.eventId]);

  beforeAll(async () => {
    // Never reached: the gated re-reads below are held for as long as the test needs.
    w = writerOn(stores, faults.kafka, 9, '600000');
    expectNext();
    w.writer.observeRereads({
      beforeRead: (partitions) => {
        hooks.starting.resolve(partitions);
        return hooks.gate;
      },
      afterRead: (report) => hooks.done.resolve(report),
    });
    await w.writer.onApplicationBootstrap();
  });

  it('folds the records that landed, re-reading only their partition, while the other partitions take commands', async () => {
    const P = 1;
    const [hit, neighbour] = idsOn('landed', P, 2);
    const [elsewhere] = idsOn('landed-other', P, 1, true);
    for (const id of [hit, neighbour, elsewhere]) await openMatch(w, id);
    await post(w, elsewhere, [goal('else-g0', 3)]);

    expectNext();
    const gate = deferred();
    hooks.gate = gate.promise;
    faults.arm('answer-lost');
    expect(await refusal(post(w, hit, [goal('landed-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    expect(faults.met).toEqual(['answer-lost']);

    // The re-read of P is under way (producer re-initialised, streams of P refused), held at the gate.
    expect(await hooks.starting.promise).toEqual([P]);
    expect(await refusal(post(w, neighbour, [goal('nb-g1', 10)]))).toEqual({ status: 503, retryAfter: '2' });
    expect(await refusal(post(w, hit, [goal('landed-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    const other = await post(w, elsewhere, [goal('else-g1', 11)]);
    expect(other).toMatchObject({ status: 201, body: [{ seq: 4, eventId: 'else-g1' }] });
    gate.resolve();
    const report = await hooks.done.promise;

    // Only P was read, from the position memory held to P's end: the landed goal and nothing else.
    expect(report.partitions).toEqual([P]);
    expect([...report.from.keys()]).toEqual([P]);
    expect(report.records).toBe(1);
    const direct: LogRecord[] = [];
    await readLogFrom(
      stores.real,
      stores.topic,
      report.from,
      ({ record }) => direct.push(record),
      undefined,
      {
        partitions: [P],
      },
    );
    expect(direct.map((r) => r.eventId)).toEqual(['landed-g1']);
    expect((await stores.log()).length).toBeGreaterThan(report.records + 6);

    await expectMemoryToEqualTheLog(w, stores);
    expect(w.registry.match(hit)?.version).toBe(3);
    const retry = await post(w, hit, [goal('landed-g1', 9)]);
    expect(retry).toMatchObject({ status: 200, body: [{ seq: 3, eventId: 'landed-g1' }] });
    expect((await post(w, hit, [goal('landed-g2', 12)])).body).toMatchObject([{ seq: 4 }]);
    expect((await post(w, neighbour, [goal('nb-g1', 10)])).status).toBe(201);
    expect(await seqsOf(hit)).toEqual([
      [1, `schedule-${hit}`],
      [2, `${hit}-ko`],
      [3, 'landed-g1'],
      [4, 'landed-g2'],
    ]);
    await expectMemoryToEqualTheLog(w, stores);
  });

  it('folds nothing of a commit that never reached the coordinator, and a retry takes the next seq', async () => {
    const P = 2;
    const [hit] = idsOn('lost', P, 1);
    await openMatch(w, hit);

    expectNext();
    faults.arm('never-sent');
    expect(await refusal(post(w, hit, [goal('lost-g1', 9)]))).toEqual({ status: 503, retryAfter: '2' });
    const report = await hooks.done.promise;
    expect(report.partitions).toEqual([P]);
    expect(report.records).toBe(0);

    expect(w.registry.match(hit)?.version).toBe(2);
    await expectMemoryToEqualTheLog(w, stores);
    const retry = await post(w, hit, [goal('lost-g1', 9)]);
    expect(retry).toMatchObject({ status: 201, body: [{ seq: 3, eventId: 'lost-g1' }] });
    expect((await seqsOf(hit)).map(([seq]) => seq)).toEqual([1, 2, 3]);
    await expectMemoryToEqualTheLog(w, stores);
  });
});

/**
 * Two writers in this process on one topic: the elected one's commits fail on demand, and the
 * moments its re-read or its producer's re-initialisation take are held by the test. A re-read
 * that outlasts REREAD_TIMEOUT_MS is given up for a read of the whole log; a re-initialisation
 * that outlasts the role is let go before it takes an append, and the new writer writes on.
 */
describe('the writer whose re-read or re-initialisation outlasts its bound or its role', () => {
  let first: Writer;
  let second: Writer;
  const stores = writerStores('bounds', { poolMax: 4, stop: () => stopAll([first, second]) });
  const faults = new CommitFaults(stores.real);
  const statusOf = (run: Promise<{ status: number }>) =>
    run.then(
      (r) => r.status,
      (e: unknown) => (e instanceof Problem ? e.getStatus() : Promise.reject(e)),
    );
  const eventIdsOf = async (matchId: string) => (await streamIn(stores, matchId)).map((r) => r.eventId);

  beforeAll(async () => {
    first = writerOn(stores, faults.kafka, 9, '1500');
    second = writerOn(stores, stores.real, 10, '600000');
    await first.writer.onApplicationBootstrap();
    expect(first.writer.takingCommands).toBe(true);
    // The second joins the group as a follower: the group keeps the writer it has.
    await second.writer.onApplicationBootstrap();
    expect(second.election.view.self).toBe(false);
  });

  it('gives a re-read that outlasts REREAD_TIMEOUT_MS up and reads the whole log again', async () => {
    const P = 3;
    const [hit] = idsOn('overdue', P, 1);
    const [elsewhere] = idsOn('overdue-other', P, 1, true);
    for (const id of [hit, elsewhere]) await openMatch(first, id);

    const held = deferred();
    const starting = deferred<readonly number[]>();
    const overdue = deferred<readonly number[]>();
    const reports: RereadReport[] = [];
    first.writer.observeRereads({
      beforeRead: (partitions) => {
        starting.resolve(partitions);
        return held.promise;
      },
      afterRead: (report) => reports.push(report),
      overdue: (partitions) => overdue.resolve(partitions),
    });
    faults.arm('answer-lost');
    expect(await statusOf(post(first, hit, [goal('overdue-g1', 9)]))).toBe(503);
    expect(await starting.promise).toEqual([P]);

    // The read never comes back on its own: after 1.5 s it is given up for a whole read.
    expect(await overdue.promise).toEqual([P]);
    await until('the whole log read again', () => first.writer.takingCommands);
    const retry = await post(first, hit, [goal('overdue-g1', 9)]);
    expect(retry).toMatchObject({ status: 200, body: [{ seq: 3, eventId: 'overdue-g1' }] });
    expect((await post(first, elsewhere, [goal('overdue-else', 10)])).status).toBe(201);

    // The abandoned re-read, let go now, folds nothing into the memory that replaced it.
    held.resolve();
    expect((await post(first, hit, [goal('overdue-g2', 12)])).body).toMatchObject([{ seq: 4 }]);
    expect(reports).toEqual([]);
    await expectMemoryToEqualTheLog(first, stores);
  });

  it('lets a producer re-initialised after the role moved go before it takes an append, and the new writer writes on', async () => {
    const P = 0;
    const [hit] = idsOn('moved', P, 1);
    const [elsewhere] = idsOn('moved-other', P, 1, true);
    for (const id of [hit, elsewhere]) await openMatch(first, id);

    // The next re-initialisation of the first writer's producer waits at the gate, as one whose
    // request is still on its way to the broker when the role moves.
    const reached = deferred();
    const gate = deferred();
    const connected = deferred<unknown>();
    const connect = first.appender.connect.bind(first.appender);
    const spy = jest.spyOn(first.appender, 'connect').mockImplementationOnce(async () => {
      reached.resolve();
      await gate.promise;
      await connect().finally(() => connected.resolve(undefined));
    });
    faults.arm('never-sent');
    expect(await statusOf(post(first, hit, [goal('moved-g1', 9)]))).toBe(503);
    await reached.promise;
    // An append of another partition waits for the producer meanwhile.
    const waiting = statusOf(post(first, elsewhere, [goal('moved-else', 10)]));

    await first.election.stop();
    expect(await waiting).toBe(503);
    await until('the second instance elected and caught up', () => second.writer.takingCommands);

    // The held initialisation reaches the broker now, after the new writer's: it fences it.
    gate.resolve();
    await connected.promise;
    await until('the first producer let go', () => first.appender.state === 'idle');
    expect(first.writer.takingCommands).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);

    // The new writer is not left fenced: the group still names it, so it takes the role back
    // (fencing the let-go producer's id in turn) and its appends land. A client retries on 503.
    let status = 0;
    for (let tries = 0; status !== 201 && status !== 200; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 500));
      if (tries > 120) throw new Error(`the new writer still refuses: ${status}`);
      status = await statusOf(post(second, elsewhere, [goal('moved-new', 11)]));
    }
    expect(second.writer.isFenced).toBe(false);
    expect(second.writer.takingCommands).toBe(true);
    expect(await eventIdsOf(hit)).toEqual([`schedule-${hit}`, `${hit}-ko`]);
    expect(await eventIdsOf(elsewhere)).toEqual([`schedule-${elsewhere}`, `${elsewhere}-ko`, 'moved-new']);
  });
});
