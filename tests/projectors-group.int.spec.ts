import pino from 'pino';
import {
  createKafka,
  describeGroup,
  endOffsets,
  type GroupMember,
  partitionOfStream as partitionOf,
} from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
import { createTestDatabase } from './support/database';
import { Http } from './support/http';
import { MatchScript, scriptMatch } from './support/match-script';
import { metric } from './support/metrics';
import { AppProcess, freePort } from './support/processes';
import { MatchRowsGate } from './support/projector-gate';
import { caughtUp, checkpoints, expectSameRows, readModelRows, withDb } from './support/read-model-rows';
import { sleep } from './support/retrying-feeder';
import { ADMIN_KEY, TestSystem } from './support/system';
import { scriptTiesAndMatches } from './support/tied-matches';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS * 2);

const PARTITIONS = 8;
const MATCHES_PER_PARTITION = 3;
const TIES = 4;
const COMPETITION = 'GROUP';
const TEAMS = ['ARS', 'BAR', 'CEL', 'DOR', 'EVE', 'FIO', 'GAL', 'HAM'];

/** Match ids, `perPartition` on each partition of the topic. */
function matchIdsCovering(prefix: string, perPartition: number): string[] {
  const byPartition = new Map<number, string[]>();
  for (
    let i = 0;
    [...byPartition.values()].filter((ids) => ids.length >= perPartition).length < PARTITIONS;
    i++
  ) {
    const id = `${prefix}${i}`;
    const ids = byPartition.get(partitionOf(`match:${id}`, PARTITIONS)) ?? [];
    if (ids.length < perPartition) byPartition.set(partitionOf(`match:${id}`, PARTITIONS), [...ids, id]);
  }
  return [...byPartition.values()].flat();
}

describe('two projectors in one consumer group: one SIGKILLed mid-backlog, rows equal a clean rebuild', () => {
  let system: TestSystem;
  let http: Http;
  let clean: AppProcess | null = null;
  let dropCleanDb: (() => Promise<void>) | null = null;
  const projectors: Record<'a' | 'b', AppProcess> = {} as Record<'a' | 'b', AppProcess>;
  const metricsUrl: Record<'a' | 'b', string> = { a: '', b: '' };
  const kafka = createKafka({
    brokers: loadConfig().kafka.brokers,
    clientId: 'touchline-test-projectors-group',
    logger: pino({ level: 'silent' }),
  });
  const topic = () => system.env.KAFKA_TOPIC!;
  const group = () => system.env.PROJECTOR_GROUP!;

  beforeAll(async () => {
    system = await TestSystem.start({ partitions: PARTITIONS, projector: false });
    http = new Http(system.baseUrl);
    for (const name of ['a', 'b'] as const) {
      const port = await freePort();
      metricsUrl[name] = `http://127.0.0.1:${port}`;
      projectors[name] = new AppProcess('projector', {
        ...system.env,
        // Tells the group's members (client id) and the database sessions (application name) apart.
        KAFKA_CLIENT_ID: `touchline-${name}`,
        PGAPPNAME: `projector-${name}`,
        PROJECTOR_METRICS_PORT: String(port),
      });
    }
  });
  afterAll(async () => {
    await clean?.stop();
    await dropCleanDb?.();
    await Promise.all(Object.values(projectors).map((p) => p.stop()));
    await system?.stop();
  });

  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await http.post<T>(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /** The group's members by name (a, b), once it is stable with every partition held. */
  const stableGroup = async (names: Array<'a' | 'b'>): Promise<Map<string, GroupMember>> => {
    const deadline = Date.now() + FAULT_TEST_TIMEOUT_MS;
    for (;;) {
      const { state, members } = await describeGroup(kafka, group(), topic());
      const held = members.flatMap((m) => m.partitions).sort((x, y) => x - y);
      if (
        state === 'Stable' &&
        members.length === names.length &&
        JSON.stringify(held) === JSON.stringify([...Array(PARTITIONS).keys()])
      ) {
        return new Map(members.map((m) => [m.clientId.replace(/^touchline-(\w+)-projector$/, '$1'), m]));
      }
      if (Date.now() > deadline) throw new Error(`group not stable: ${state} ${JSON.stringify(members)}`);
      await sleep(200);
    }
  };

  /** The rows of a clean rebuild: a fresh projector, fresh consumer group, fresh database, from offset 0. */
  const cleanRebuild = async () => {
    await clean?.stop();
    await dropCleanDb?.();
    const db = await createTestDatabase();
    dropCleanDb = db.drop;
    clean = new AppProcess('projector', {
      ...system.env,
      DATABASE_URL: db.url,
      PROJECTOR_GROUP: `${group()}-clean-${Date.now()}`,
    });
    clean.start();
    await caughtUp(kafka, topic(), db.url, [clean]);
    return readModelRows(db.url);
  };

  it('two projectors share the partitions; the survivor of a kill -9 mid-batch ends on the rows of a clean rebuild', async () => {
    const scripts = await scriptTiesAndMatches({
      prefix: 'grp',
      competition: COMPETITION,
      ties: TIES,
      partitions: PARTITIONS,
      matchIds: matchIdsCovering('grp-m', MATCHES_PER_PARTITION),
      post,
    });
    await Promise.all(scripts.map((s) => post('/matches', s.schedule)));
    const third = (s: MatchScript) => Math.ceil(s.batches.length / 3);
    const feed = (part: (s: MatchScript) => MatchScript['batches']) =>
      Promise.all(
        scripts.map(async (s) => {
          for (const batch of part(s)) await post(`/matches/${s.schedule.matchId as string}/events`, batch);
        }),
      );
    // A first third of every match in the log before any projector runs: a backlog on every partition.
    await feed((s) => s.batches.slice(0, third(s)));

    projectors.a.start();
    projectors.b.start();
    const members = await stableGroup(['a', 'b']);
    const [a, b] = [members.get('a'), members.get('b')];
    // Both processes hold partitions of the one group, and no partition is held twice.
    expect(a?.partitions.length).toBeGreaterThan(0);
    expect(b?.partitions.length).toBeGreaterThan(0);
    expect([...a!.partitions, ...b!.partitions].sort((x, y) => x - y)).toEqual([...Array(PARTITIONS).keys()]);
    await caughtUp(kafka, topic(), system.databaseUrl, [projectors.a, projectors.b]);
    // Whoever joined first may have folded the whole backlog alone: two more batches of every
    // match, on every partition, now that the group is stable, and both must apply some.
    const projectedBy = async () => ({
      a: await metric(metricsUrl.a, 'touchline_projected_events_total'),
      b: await metric(metricsUrl.b, 'touchline_projected_events_total'),
    });
    const beforeSlice = await projectedBy();
    await feed((s) => s.batches.slice(third(s), third(s) + 2));
    await caughtUp(kafka, topic(), system.databaseUrl, [projectors.a, projectors.b]);
    const afterSlice = await projectedBy();
    expect(afterSlice.a).toBeGreaterThan(beforeSlice.a);
    expect(afterSlice.b).toBeGreaterThan(beforeSlice.b);

    // The moment of the kill: a's partitions have committed batches, the rest of the log is
    // posted behind a gate that holds a's next batch inside its open transaction.
    const atKill = await stableGroup(['a', 'b']);
    const victim = atKill.get('a')!;
    const gated = scripts
      .map((s) => s.schedule.matchId as string)
      .filter((id) => victim.partitions.includes(partitionOf(`match:${id}`, PARTITIONS)));
    const gate = await MatchRowsGate.close(system.databaseUrl, gated);
    const rest = feed((s) => s.batches.slice(third(s) + 2));
    await gate.holds('projector-a', () => projectors.a.running);
    await rest;
    const ends = await endOffsets(kafka, topic());
    const before = await withDb(system.databaseUrl, checkpoints);
    for (const p of victim.partitions) {
      // Some of a's batches committed, not all.
      expect({ p, committed: (before.get(p) ?? 0n) > 0n }).toEqual({ p, committed: true });
      expect({ p, behind: (before.get(p) ?? 0n) < ends.get(p)! }).toEqual({ p, behind: true });
    }
    await projectors.a.stop('SIGKILL');
    const killedAt = Date.now();
    await gate.open();

    // b takes a's partitions (after the session timeout) from a's checkpoints and finishes alone.
    const after = await stableGroup(['b']);
    const takenOverMs = Date.now() - killedAt;
    expect(after.get('b')?.partitions).toEqual([...Array(PARTITIONS).keys()]);
    await caughtUp(kafka, topic(), system.databaseUrl, [projectors.b]);
    const caughtUpMs = Date.now() - killedAt;
    const live = await readModelRows(system.databaseUrl);
    expect(live.parked).toEqual([]);
    const lastSeqs = new Map(scripts.map((s) => [s.schedule.matchId as string, 1 + s.batches.flat().length]));
    for (const m of live.matches as Array<{ match_id: string; version: number }>)
      expect({ match: m.match_id, version: m.version }).toEqual({
        match: m.match_id,
        version: lastSeqs.get(m.match_id),
      });
    const events = live.events as Array<{ stream_id: string; seq: number }>;
    expect(events).toHaveLength(scripts.reduce((n, s) => n + 1 + s.batches.flat().length, TIES));

    expectSameRows(live, await cleanRebuild());
    const pending = (ps: number[]) =>
      ps.reduce((n, p) => n + Number(ends.get(p)! - (before.get(p) ?? 0n)), 0);
    process.stdout.write(
      `${JSON.stringify({
        test: 'two projectors, one SIGKILLed mid-backlog',
        records: Number([...ends.values()].reduce((x, y) => x + y, 0n)),
        partitions: { a: victim.partitions, b: atKill.get('b')!.partitions },
        projectedAfterSlice: afterSlice,
        backlogAtKill: { ofA: pending(victim.partitions), all: pending([...Array(PARTITIONS).keys()]) },
        takenOverMs,
        caughtUpMs,
        rowsEqualCleanRebuild: true,
      })}\n`,
    );
  });

  it('a rebuild requested while both run is run by one of them and swaps in the rows of a clean rebuild', async () => {
    if (!projectors.a.running) projectors.a.start();
    await stableGroup(['a', 'b']);
    const more = matchIdsCovering('grp-r', 1).map((matchId, i) =>
      scriptMatch({
        matchId,
        competition: COMPETITION,
        home: TEAMS[i % 8],
        away: TEAMS[(i + 5) % 8],
        seed: 100 + i,
      }),
    );
    const admin = http.withKey(ADMIN_KEY);
    const started = await admin.post<{ rebuildId: string }>('/admin/projections/rebuild', {});
    expect(started.status).toBe(202);
    // New matches are fed while the rebuild runs, so the projector that is not rebuilding keeps
    // folding into the live schema up to (and across) the swap.
    const feeding = Promise.all(
      more.map(async (s) => {
        await post('/matches', s.schedule);
        for (const batch of s.batches) await post(`/matches/${s.schedule.matchId as string}/events`, batch);
      }),
    );
    const done = await http.eventually<{ rebuild?: { rebuildId: string; status: string } }>(
      '/admin/projections',
      // The status endpoint may answer 503 while Kafka is slow to give its end offsets: poll on.
      (r) =>
        r.status === 200 &&
        r.body.rebuild?.rebuildId === started.body.rebuildId &&
        ['done', 'failed'].includes(r.body.rebuild.status),
      FAULT_TEST_TIMEOUT_MS,
    );
    expect(done.body.rebuild?.status).toBe('done');
    await feeding;
    expect(projectors.a.running && projectors.b.running).toBe(true);
    await caughtUp(kafka, topic(), system.databaseUrl, [projectors.a, projectors.b]);
    const live = await readModelRows(system.databaseUrl);
    expect(live.parked).toEqual([]);
    expectSameRows(live, await cleanRebuild());
  });
});
