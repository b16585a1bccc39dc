import { Pool } from 'pg';
import { endOffsets } from '@touchline/event-store';
import { destroyAgent, send, sendOk } from './support/http';
import { consumeAlone } from './support/consume-alone';
import { CpuShares } from './support/cpu-shares';
import { benchKafka, deleteTopic } from './support/kafka';
import { generateLog, produceLog } from './support/generated-log';
import { rawRebuild } from './support/raw-rebuild';
import { figure, finishPart, log } from './support/results';
import { envInt } from './support/stats';
import { ADMIN_KEY, BenchSystem, createTopic } from './support/system';

/**
 * Rebuild: how fast every read model is rebuilt from the log, twice — a fresh projector on an
 * empty database catching up from offset 0, and POST /admin/projections/rebuild (fresh schema,
 * then swap) — beside raw pg writing the same rows as the ceiling.
 */
const EVENTS = envInt('REBUILD_EVENTS', 200_000);
const PER_MATCH = envInt('REBUILD_EVENTS_PER_MATCH', 100);
const INTERLEAVE = envInt('REBUILD_INTERLEAVE', 50);
const ADMIN = process.env.REBUILD_ADMIN !== '0';
/** 1: the raw pg ceiling is measured a second time with the event rows through json_to_recordset (the write before COPY). */
const RAW_JSON = process.env.REBUILD_RAW_JSON === '1';

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function consumed(pool: Pool): Promise<Map<number, bigint>> {
  try {
    const { rows } = await pool.query<{ p: number; o: string }>(
      'SELECT kafka_partition AS p, min(next_offset)::text AS o FROM read.checkpoints GROUP BY 1',
    );
    return new Map(rows.map((r) => [r.p, BigInt(r.o)]));
  } catch {
    return new Map(); // not migrated yet
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  log('rebuild', `generating ~${EVENTS} events (${PER_MATCH} per match, ${INTERLEAVE} matches at a time)`);
  const generated = generateLog(EVENTS, PER_MATCH, INTERLEAVE);
  const total = generated.records.length;
  const topic = `touchline-bench-rebuild-${process.pid}-${Date.now().toString(36)}`;
  await createTopic(topic, 12);
  const produceRate = await produceLog(topic, generated.records);
  log(
    'rebuild',
    `produced ${total} records (${generated.finals.size} matches) at ${Math.round(produceRate)} events/s`,
  );
  const ends = await endOffsets(benchKafka('touchline-bench-rebuild'), topic);

  const system = await BenchSystem.start({ topic, api: false, projector: false });
  const pool = new Pool({ connectionString: system.databaseUrl, max: 2 });
  const notes: string[] = [];
  let catchUp = { total: NaN, steady: NaN };
  let consumeRate = NaN;
  const cpu = new CpuShares(() => ({ projector: system.projector.pid, bench: process.pid }));
  let cpuSeconds: Record<string, number> = {};
  let admin = { seconds: NaN, rate: NaN };
  let apiStart = NaN;
  let memory: Record<string, number | null> = {};
  try {
    // 1. A fresh projector on an empty database, from offset 0 to the end of the log.
    const spawned = process.hrtime.bigint();
    system.projector.start();
    let firstBatch: bigint | null = null;
    let firstDone = 0;
    for (;;) {
      if (!system.projector.running) throw new Error(`projector exited:\n${system.projector.logs()}`);
      const c = await consumed(pool);
      const done = [...ends].reduce(
        (n, [p, end]) => n + Number((c.get(p) ?? 0n) < end ? (c.get(p) ?? 0n) : end),
        0,
      );
      if (done > 0 && firstBatch === null) {
        firstBatch = process.hrtime.bigint();
        firstDone = done;
        cpu.start();
      }
      if ([...ends].every(([p, end]) => (c.get(p) ?? 0n) >= end)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const whole = seconds(spawned);
    catchUp = { total: total / whole, steady: (total - firstDone) / seconds(firstBatch!) };
    cpuSeconds = cpu.stop();
    log(
      'rebuild',
      `fresh projector: ${total} events in ${whole.toFixed(1)} s (steady ${Math.round(catchUp.steady)} events/s)`,
    );
    log('rebuild', `CPU seconds during the steady part: ${describeCpu(cpuSeconds)}`);
    await checkRows(pool, generated.finals, notes);
    memory.projectorPeakRssMiB = system.projector.peakRssMiB();

    // The read side alone: the projector's consumer decoding the same topic, nothing written.
    consumeRate = await consumeAlone(topic, ends);
    log('rebuild', `kafkajs consuming and decoding alone: ${Math.round(consumeRate)} events/s`);

    if (ADMIN) {
      // 2. The API starts by re-reading the whole log into memory; then the admin rebuild.
      const t = process.hrtime.bigint();
      system.api.start();
      await system.waitForApi();
      apiStart = seconds(t);
      log('rebuild', `api cold start (reads ${total} events): ${apiStart.toFixed(1)} s`);
      const requested = process.hrtime.bigint();
      const { body } = await sendOk(system.baseUrl, 'POST', '/admin/projections/rebuild', {}, ADMIN_KEY);
      const rebuildId = (body as { rebuildId: string }).rebuildId;
      for (;;) {
        const r = await send(system.baseUrl, 'GET', '/admin/projections', undefined, ADMIN_KEY);
        const rebuild = (r.body as { rebuild: { rebuildId: string; status: string; error?: string } | null })
          .rebuild;
        if (rebuild?.rebuildId === rebuildId && rebuild.status === 'done') break;
        if (rebuild?.rebuildId === rebuildId && rebuild.status === 'failed')
          throw new Error(`rebuild failed: ${rebuild.error}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      const s = seconds(requested);
      admin = { seconds: s, rate: total / s };
      log('rebuild', `admin rebuild: ${total} events in ${s.toFixed(1)} s`);
      await checkRows(pool, generated.finals, notes);
    }
    memory = { ...system.memory(), projectorPeakRssMiB: system.projector.peakRssMiB() };
  } finally {
    await pool.end();
    await system.stop();
    await deleteTopic(topic);
    destroyAgent();
  }

  log('rebuild', 'raw pg baseline: the same rows, nothing to fold');
  const raw = await rawRebuild(generated);
  log('rebuild', `raw pg (event rows with COPY): ${Math.round(raw.eventsPerSec)} events/s`);
  const rawJson = RAW_JSON ? await rawRebuild(generated, { events: 'json' }) : null;
  if (rawJson)
    log(
      'rebuild',
      `raw pg (event rows through json_to_recordset): ${Math.round(rawJson.eventsPerSec)} events/s`,
    );
  const ceiling = { label: 'raw pg, same rows, COPY', value: raw.eventsPerSec };
  const figures = [
    figure(`rebuild, fresh projector from offset 0 (${total} events, steady)`, catchUp.steady, 'events/s', {
      ceiling,
      goal: { text: '≥ 50,000 events/s', atLeast: 50000 },
    }),
    figure('rebuild, fresh projector: share of raw pg', catchUp.steady / raw.eventsPerSec, '×', {
      goal: { text: '≥ 0.8 of raw', atLeast: 0.8 },
    }),
    figure('rebuild, fresh projector incl. start-up', catchUp.total, 'events/s', { ceiling }),
  ];
  if (ADMIN) {
    figures.push(
      figure('rebuild, POST /admin/projections/rebuild until done', admin.rate, 'events/s', {
        ceiling,
        goal: { text: '≥ 50,000 events/s', atLeast: 50000 },
      }),
      figure('api cold start (re-reads the whole log)', apiStart, 's'),
      figure('api peak RSS after reading the log', memory.apiPeakRssMiB ?? NaN, 'MiB'),
    );
  }
  if (rawJson) {
    figures.push(
      figure('raw pg with the event rows through json_to_recordset', rawJson.eventsPerSec, 'events/s'),
    );
  }
  figures.push(
    figure(
      "kafkajs alone: the projector's consumer decoding the topic, nothing written",
      consumeRate,
      'events/s',
    ),
    // Its consumer alone bounds the projector on one thread, whatever PostgreSQL could take.
    figure('rebuild, fresh projector: share of kafkajs alone', catchUp.steady / consumeRate, '×'),
    figure('projector peak RSS (rebuild)', memory.projectorPeakRssMiB ?? NaN, 'MiB'),
    figure('loading the topic (kafkajs, 5,000 per request)', produceRate, 'events/s'),
  );
  await finishPart('rebuild', startedAt, {
    settings: {
      events: total,
      matches: generated.finals.size,
      eventsPerMatch: PER_MATCH,
      interleave: INTERLEAVE,
      rawChunk: 5000,
    },
    figures,
    memory,
    notes: [
      'Matches are whole (scheduled, two halves with stoppage time, goals, a VAR review, a disallowed goal, cards, substitutions, offsides, final whistle); the first 20 are checked with decideMatch, and after each rebuild every match row is compared with the fold of its generated events.',
      '"Steady" counts from the first committed batch (start-up, migrations and the consumer group join excluded); "incl. start-up" from spawning the projector.',
      "Raw pg baseline: 4 connections in parallel (the projector applies up to 12 partitions at a time since 2026-11-28), each owning a quarter of the matches, writing transactions of 5,000 events plus the final state of every match they touch (each match row is rewritten once per chunk, as the projector rewrites it once per batch); the event rows go in with COPY (binary, records stored as json), as the projector writes a large batch's, the other rows with UNNEST.",
      `CPU seconds while the fresh projector caught up (steady part, both cores): ${describeCpu(cpuSeconds)}.`,
      ...notes,
    ],
  });
}

const describeCpu = (s: Record<string, number>): string =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');

/** The rebuilt rows must be the generated matches' final states: a benchmark of wrong rows is worth nothing. */
async function checkRows(
  pool: Pool,
  finals: Awaited<ReturnType<typeof generateLog>>['finals'],
  notes: string[],
): Promise<void> {
  const { rows } = await pool.query<{
    match_id: string;
    version: number;
    status: string;
    home: number;
    away: number;
  }>(
    `SELECT match_id, version, status, (state->'score'->>'home')::int AS home, (state->'score'->>'away')::int AS away FROM read.matches`,
  );
  const parked = await pool.query<{ n: string }>('SELECT count(*) AS n FROM read.parked');
  const wrong = rows.filter((r) => {
    const f = finals.get(r.match_id);
    return (
      !f ||
      f.version !== r.version ||
      f.state.status !== r.status ||
      f.state.score.home !== r.home ||
      f.state.score.away !== r.away
    );
  });
  if (rows.length !== finals.size || wrong.length || Number(parked.rows[0].n) !== 0) {
    throw new Error(
      `rebuilt rows differ: ${rows.length}/${finals.size} matches, ${wrong.length} wrong, ${parked.rows[0].n} parked`,
    );
  }
  notes.push(`checked: ${rows.length} match rows equal the generated finals, nothing parked`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
