import pino from 'pino';
import { legsInOrder, MatchState, tieStanding, TieState } from '@touchline/domain';
import { createKafka } from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';
import { createTestDatabase } from './support/database';
import { Http } from './support/http';
import { seededRandom } from './support/match-script';
import { AppProcess } from './support/processes';
import { ProjectorGate } from './support/projector-gate';
import { caughtUp, expectSameRows, readModelRows } from './support/read-model-rows';
import { TestSystem } from './support/system';
import { scriptTiesAndMatches } from './support/tied-matches';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const PARTITIONS = 4;
const MATCHES = 30;
const TIES = 5;
const KILLS = 4;
const COMPETITION = 'CRASH';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  const topic = () => system.env.KAFKA_TOPIC!;

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

  it('feeds 30 long matches while killing the projector; every read model matches a clean rebuild', async () => {
    const rnd = seededRandom(20250410);
    const scripts = await scriptTiesAndMatches({
      prefix: 'crash',
      competition: COMPETITION,
      ties: TIES,
      partitions: PARTITIONS,
      matchIds: Array.from({ length: MATCHES - TIES * 2 }, (_, k) => `crash-m${k + TIES * 2}`),
      post,
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

    await caughtUp(kafka, topic(), system.databaseUrl, [system.projector]);
    const live = await readModelRows(system.databaseUrl);
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
    await caughtUp(kafka, topic(), db.url, [rebuild]);
    const clean = await readModelRows(db.url);
    expectSameRows(live, clean);

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
