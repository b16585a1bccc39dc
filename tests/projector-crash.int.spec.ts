import pino from 'pino';
import { Client } from 'pg';
import { legsInOrder, MatchState, tieStanding, TieState } from '@touchline/domain';
import { createKafka, endOffsets, partitionOfStream as partitionOf } from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
import { createTestDatabase } from './support/database';
import { Http } from './support/http';
import { MatchScript, scriptMatch, seededRandom } from './support/match-script';
import { AppProcess } from './support/processes';
import { ProjectorGate } from './support/projector-gate';
import { TestSystem } from './support/system';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const PARTITIONS = 4;
const MATCHES = 30;
const TIES = 5;
const KILLS = 4;
const COMPETITION = 'CRASH';
const TEAMS = ['ARS', 'BAR', 'CEL', 'DOR', 'EVE', 'FIO', 'GAL', 'HAM'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each table's rows in a stable order, every column: two databases folded from one log must agree. */
const TABLES: Record<string, string> = {
  matches: 'SELECT match_id, competition, tie_id, version, status, state FROM read.matches ORDER BY match_id',
  ties: 'SELECT tie_id, competition, version, state FROM read.ties ORDER BY tie_id',
  match_scorers: 'SELECT * FROM read.match_scorers ORDER BY match_id, player, team',
  events: `SELECT stream_id, seq, type, event_id, recorded_at, body, kafka_partition, kafka_offset
           FROM read.events ORDER BY stream_id, seq`,
  checkpoints: 'SELECT projection, kafka_partition, next_offset FROM read.checkpoints ORDER BY 1, 2',
  parked: 'SELECT stream_id, kafka_offset, error FROM read.parked ORDER BY 1, 2',
};

async function withDb<T>(url: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

describe('projector: exactly once across SIGKILLs, equal to a clean rebuild from offset 0', () => {
  let system: TestSystem;
  let http: Http;
  let rebuild: AppProcess | null = null;
  let dropRebuildDb: (() => Promise<void>) | null = null;
  const kafka = createKafka({
    brokers: loadConfig().kafka.brokers,
    clientId: 'touchline-test-crash',
    logger: pino({ level: 'silent' }),
  });

  beforeAll(async () => {
    system = await TestSystem.start({ partitions: PARTITIONS });
    http = new Http(system.baseUrl);
  });
  afterAll(async () => {
    await rebuild?.stop();
    await dropRebuildDb?.();
    await system?.stop();
  });

  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await http.post<T>(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /**
   * Kills the projector while it is applying a batch: the batch is held at a gate inside its open
   * transaction (some rows written, nothing committed), the projector is SIGKILLed there, the gate
   * opens, and the projector restarts. Returns whether the kill landed inside a held batch.
   */
  const killMidBatch = async (gate: ProjectorGate, rnd: () => number): Promise<boolean> => {
    await gate.projectorHeld(() => system.projector.running);
    await system.projector.stop('SIGKILL');
    await gate.open();
    await sleep(50 + Math.floor(rnd() * 250));
    system.projector.start();
    return true;
  };

  /** Until every partition's checkpoint (in the database at `url`) has reached the log's end. */
  const caughtUp = async (
    url: string,
    projector: AppProcess,
    timeoutMs = FAULT_TEST_TIMEOUT_MS,
  ): Promise<void> => {
    const ends = await endOffsets(kafka, system.env.KAFKA_TOPIC!);
    const deadline = Date.now() + timeoutMs;
    await withDb(url, async (db) => {
      for (;;) {
        const { rows } = await db
          .query<{ kafka_partition: number; next: string }>(
            `SELECT kafka_partition, min(next_offset)::text AS next FROM read.checkpoints GROUP BY 1`,
          )
          .catch(() => ({ rows: [] as Array<{ kafka_partition: number; next: string }> }));
        const at = new Map(rows.map((r) => [r.kafka_partition, BigInt(r.next)]));
        if ([...ends].every(([p, end]) => end === 0n || at.get(p) === end)) return;
        if (Date.now() > deadline) {
          const activity = await db.query(
            `SELECT pid, state, xact_start, wait_event_type, left(query, 80) AS query FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          );
          throw new Error(
            `not caught up: ends ${[...ends]} checkpoints ${[...at]}\n` +
              `sessions: ${JSON.stringify(activity.rows)}\nprojector (running: ${projector.running}):\n` +
              projector.logs().slice(-3000),
          );
        }
        await sleep(100);
      }
    });
  };

  const snapshot = (url: string) =>
    withDb(url, async (db) => {
      const out: Record<string, unknown[]> = {};
      for (const [table, sql] of Object.entries(TABLES)) out[table] = (await db.query(sql)).rows;
      return out;
    });

  it('feeds 30 long matches while killing the projector; every read model matches a clean rebuild', async () => {
    const rnd = seededRandom(20250410);
    // Ties first, their two legs on different partitions so that their order across partitions is arbitrary.
    const legIds: string[] = [];
    for (let t = 0; t < TIES; t++) {
      const leg1 = `crash-t${t}-leg1`;
      let leg2 = `crash-t${t}-leg2`;
      for (
        let i = 0;
        partitionOf(`match:${leg2}`, PARTITIONS) === partitionOf(`match:${leg1}`, PARTITIONS);
        i++
      ) {
        leg2 = `crash-t${t}-leg2-${i}`;
      }
      legIds.push(leg1, leg2);
      await post('/ties', {
        tieId: `crash-t${t}`,
        competition: COMPETITION,
        legs: [leg1, leg2],
        rules: { awayGoals: 'regulation', extraTime: false, penalties: false },
      });
    }
    const scripts: MatchScript[] = Array.from({ length: MATCHES }, (_, i) => {
      const home = TEAMS[i % TEAMS.length];
      const away = TEAMS[(i + 3) % TEAMS.length];
      if (i < TIES * 2) {
        const leg = ((i % 2) + 1) as 1 | 2;
        const [h, a] =
          leg === 1 ? [home, away] : [TEAMS[(i - 1 + 3) % TEAMS.length], TEAMS[(i - 1) % TEAMS.length]];
        const tieId = `crash-t${Math.floor(i / 2)}`;
        return scriptMatch({
          matchId: legIds[i],
          competition: COMPETITION,
          home: h,
          away: a,
          seed: i + 1,
          tieId,
          leg,
        });
      }
      return scriptMatch({ matchId: `crash-m${i}`, competition: COMPETITION, home, away, seed: i + 1 });
    });
    await Promise.all(scripts.map((s) => post('/matches', s.schedule)));

    const lastSeq = new Map<string, number>();
    let acked = 0;
    const postChunk = (chunk: number) =>
      Promise.all(
        scripts.map(async (s) => {
          const matchId = s.schedule.matchId as string;
          const from = Math.floor((chunk * s.batches.length) / (KILLS + 1));
          const to = Math.floor(((chunk + 1) * s.batches.length) / (KILLS + 1));
          for (const batch of s.batches.slice(from, to)) {
            const replies = await post<Array<{ seq: number }>>(`/matches/${matchId}/events`, batch);
            acked += replies.length;
            lastSeq.set(matchId, replies[replies.length - 1].seq);
          }
        }),
      );
    const midBatch: boolean[] = [];
    for (let chunk = 0; chunk <= KILLS; chunk++) {
      // The gate closes before the chunk is posted, so the chunk's first batch is the one held.
      const gate = chunk < KILLS ? await ProjectorGate.close(system.databaseUrl) : null;
      const kill = gate ? killMidBatch(gate, rnd).then((open) => midBatch.push(open)) : null;
      await Promise.all([postChunk(chunk), kill]);
    }
    expect(midBatch).toHaveLength(KILLS);
    // Every crash landed inside an uncommitted batch.
    expect(midBatch.filter(Boolean).length).toBeGreaterThan(0);
    expect(acked).toBeGreaterThan(MATCHES * 50);

    await caughtUp(system.databaseUrl, system.projector);
    const live = await snapshot(system.databaseUrl);
    expect(live.parked).toEqual([]);
    const versions = new Map(
      (live.matches as Array<{ match_id: string; version: number }>).map((m) => [m.match_id, m.version]),
    );
    for (const [matchId, seq] of lastSeq)
      expect({ matchId, version: versions.get(matchId) }).toEqual({ matchId, version: seq });
    // Nothing missed, nothing twice: every acknowledged event once, seqs gapless per stream.
    const events = live.events as Array<{ stream_id: string; seq: number }>;
    expect(events).toHaveLength(acked + MATCHES + TIES);
    const perStream = new Map<string, number[]>();
    for (const e of events) perStream.set(e.stream_id, [...(perStream.get(e.stream_id) ?? []), e.seq]);
    for (const [streamId, seqs] of perStream) {
      expect({ streamId, seqs }).toEqual({ streamId, seqs: seqs.map((_, i) => i + 1) });
    }

    // A second projector, fresh consumer group and fresh database: a clean rebuild from offset 0.
    const db = await createTestDatabase();
    dropRebuildDb = db.drop;
    rebuild = new AppProcess('projector', {
      ...system.env,
      DATABASE_URL: db.url,
      PROJECTOR_GROUP: `${system.env.PROJECTOR_GROUP}-clean`,
    });
    rebuild.start();
    await caughtUp(db.url, rebuild);
    const clean = await snapshot(db.url);
    for (const table of Object.keys(TABLES)) {
      const [a, b] = [live[table], clean[table]];
      expect({ table, rows: a.length }).toEqual({ table, rows: b.length });
      const i = a.findIndex((row, k) => JSON.stringify(row) !== JSON.stringify(b[k]));
      expect({ table, row: a[i] }).toEqual({ table, row: b[i] });
    }

    // Ties are derived at query time from the legs' rows: the API agrees with the rebuilt rows.
    const cleanStates = new Map(
      (clean.matches as Array<{ match_id: string; state: MatchState }>).map((m) => [m.match_id, m.state]),
    );
    for (const { tie_id, state } of clean.ties as Array<{ tie_id: string; state: TieState }>) {
      const [leg1, leg2] = legsInOrder(state, [...cleanStates.values()]);
      const { legs, ...standing } = tieStanding(state, leg1, leg2);
      const r = await http.get(`/ties/${tie_id}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ...standing, legs: legs.map((l) => expect.objectContaining(l)) });
    }
  });
});
