import pino from 'pino';
import { Pool } from 'pg';
import { createKafka, type LogRecord, readLogFrom } from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
import { PgSnapshotStore } from '../apps/api/src/write-side/pg-snapshot-store';
import { StreamRegistry } from '../apps/api/src/write-side/stream-registry';
import { StreamWarmer } from '../apps/api/src/write-side/stream-warmer';
import { clusterId } from '@touchline/event-store';
import { goal, SWAPPED_TEAMS as swapped, TEAMS as teams, wholeMatch } from '@touchline/testkit';
import { Http } from './support/http';
import { TestSystem } from './support/system';
import { topicRecords } from './support/topic';

const kafka = createKafka({
  brokers: loadConfig().kafka.brokers,
  clientId: 'touchline-test-snapshots',
  logger: pino({ level: 'silent' }),
});

/** The registry as it restarts from the snapshot in PostgreSQL and the tail, with every stored stream loaded back. */
async function restartFromSnapshot(system: TestSystem, pool: Pool): Promise<StreamRegistry> {
  const topic = system.env.KAFKA_TOPIC!;
  const store = new PgSnapshotStore(pool, async () => `${await clusterId(kafka)}/${topic}`);
  const registry = new StreamRegistry();
  const start = await store.start();
  expect(start).not.toBeNull();
  registry.import(start!.streams, start!.legs);
  const tail: LogRecord[] = [];
  await readLogFrom(kafka, topic, start!.positions, ({ record }) => tail.push(record));
  await new StreamWarmer(registry, store).warmForRecords(tail);
  tail.forEach((r) => registry.apply(r));
  const { rows } = await pool.query<{ stream_id: string; match_id: string }>(
    'SELECT stream_id, NULL AS match_id FROM write_side.snapshot_streams UNION ALL SELECT NULL, match_id FROM write_side.snapshot_legs',
  );
  const all = await store.load(
    rows.flatMap((r) => r.stream_id ?? []),
    rows.flatMap((r) => r.match_id ?? []),
  );
  registry.import(all.streams, all.legs);
  return registry;
}

describe('the writer restarts from its snapshot', () => {
  let system: TestSystem;
  let http: Http;
  let pool: Pool;

  beforeAll(async () => {
    // Snapshots only on a graceful stop, so the test decides what each one holds.
    system = await TestSystem.start({
      projector: false,
      env: { SNAPSHOT_EVERY_EVENTS: '1000000', SNAPSHOT_INTERVAL_MS: '3600000' },
    });
    http = new Http(system.baseUrl);
    pool = new Pool({ connectionString: system.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await system?.stop();
  });

  const post = (path: string, body: unknown) => http.post(path, body);
  const events = (matchId: string, body: unknown) => post(`/matches/${matchId}/events`, body);

  it('keeps eventId idempotency and expectedVersion for a finished match out of memory, and equals a full fold', async () => {
    const tie = {
      tieId: 'qf',
      competition: 'CCC',
      legs: ['qf-1', 'qf-2'],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    };
    expect((await post('/ties', tie)).status).toBe(201);
    expect(
      (await post('/matches', { matchId: 'qf-1', competition: 'CCC', tieId: 'qf', leg: 1, ...teams })).status,
    ).toBe(201);
    expect(
      (await post('/matches', { matchId: 'qf-2', competition: 'CCC', tieId: 'qf', leg: 2, ...swapped }))
        .status,
    ).toBe(201);
    expect((await post('/matches', { matchId: 'done', competition: 'CCC', ...teams })).status).toBe(201);
    expect((await post('/matches', { matchId: 'live', competition: 'CCC', ...teams })).status).toBe(201);
    expect((await events('qf-1', wholeMatch('qf-1'))).status).toBe(201);
    expect((await events('done', wholeMatch('done'))).status).toBe(201);
    expect((await events('live', wholeMatch('live').slice(0, 2))).status).toBe(201);

    await system.restartApi('SIGTERM');
    const stored = await pool.query<{ stream_id: string; finished: boolean }>(
      'SELECT stream_id, finished FROM write_side.snapshot_streams ORDER BY stream_id',
    );
    expect(stored.rows).toEqual([
      { stream_id: 'match:done', finished: true },
      { stream_id: 'match:live', finished: false },
      { stream_id: 'match:qf-1', finished: true },
      { stream_id: 'match:qf-2', finished: false },
      { stream_id: 'tie:qf', finished: false },
    ]);

    // 'done' started out of memory: the retry finds its seq, a stale version is refused.
    const retry = await events('done', goal('done-g1', 9));
    expect(retry).toMatchObject({ status: 200, body: { matchId: 'done', seq: 3, eventId: 'done-g1' } });
    const stale = await events('done', {
      eventId: 'late',
      type: 'EventRetracted',
      refEventId: 'done-g1',
      reason: 'no goal',
      expectedVersion: 3,
    });
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 7 } });
    const retracted = await events('done', {
      eventId: 'late',
      type: 'EventRetracted',
      refEventId: 'done-g1',
      reason: 'no goal',
      expectedVersion: 7,
    });
    expect(retracted).toMatchObject({ status: 201, body: { seq: 8 } });
    expect((await events('qf-2', wholeMatch('qf-2'))).status).toBe(201);
    expect((await events('live', wholeMatch('live').slice(2, 4))).status).toBe(201);

    await system.restartApi('SIGTERM');
    // After this one the tail holds records the snapshot does not.
    expect((await events('live', wholeMatch('live').slice(4))).status).toBe(201);
    expect((await events('qf-1', goal('qf-1-g1', 9))).status).toBe(200);

    const full = new StreamRegistry();
    (await topicRecords(system)).forEach((r) => full.apply(r));
    expect((await restartFromSnapshot(system, pool)).exportAll()).toEqual(full.exportAll());
  });
});
