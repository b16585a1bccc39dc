import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import pino from 'pino';
import { endOffsets, LogRecord } from '@touchline/event-store';
import {
  BatchStore,
  consumedRecords,
  createReadModelSchema,
  dropSchema,
  FoldResult,
  migrate,
  Projector,
} from '@touchline/read-models';
import { createBenchDatabase } from './support/database';
import { generateLog, produceLog } from './support/generated-log';
import { benchKafka, deleteTopic } from './support/kafka';
import { figure, finishPart, log } from './support/results';
import { envInt, median } from './support/stats';
import { createTopic } from './support/system';

/**
 * The projector's cost of group tables: the same log of group-stage matches folded from offset 0
 * into a fresh schema, once as the product does it (every batch also upserts each touched match's
 * row of its competition's tables) and once with those rows left out, alternately, in this process.
 */
const EVENTS = envInt('TABLES_EVENTS', 100_000);
const REPS = envInt('TABLES_REPS', 2);
const PER_MATCH = 100;
const INTERLEAVE = 50;

/** The projector's store without the competition rows: the "without" of the ratio. */
class WithoutTablesStore extends BatchStore {
  protected override competitionMatchRows(_rows: FoldResult['competitionMatches']): object[] {
    return [];
  }
}

/** Puts every generated match in one of eight groups of its competition. */
function inGroups(records: LogRecord[]): LogRecord[] {
  return records.map((r) => {
    if (r.type !== 'MatchScheduled') return r;
    const n = Number(String(r.matchId).replace(/\D/g, ''));
    return { ...r, group: String.fromCharCode(65 + (n % 8)), round: `Matchday ${1 + (n % 3)}` };
  });
}

async function foldOnce(
  pool: Pool,
  topic: string,
  ends: Map<number, bigint>,
  withTables: boolean,
): Promise<number> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const schema = `bench_${withTables ? 'with' : 'without'}_${suffix}`;
  await createReadModelSchema(pool, schema);
  const logger = pino({ level: 'warn' });
  let first: { at: bigint; done: number } | null = null;
  const projector = new Projector({
    kafka: benchKafka(`touchline-bench-tables-${suffix}`),
    pool,
    topic,
    groupId: `touchline-bench-tables-${suffix}`,
    schema,
    logger,
    ...(withTables ? {} : { store: new WithoutTablesStore(schema) }),
  });
  const total = [...ends.values()].reduce((a, b) => a + Number(b), 0);
  try {
    await projector.start();
    for (;;) {
      const consumed = await consumedRecords(pool, schema);
      const done = [...ends].reduce((n, [p, end]) => n + Number(min(consumed.get(p) ?? 0n, end)), 0);
      if (done > 0 && !first) first = { at: process.hrtime.bigint(), done };
      if (done >= total) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Number(process.hrtime.bigint() - first!.at) / 1e9;
    if (withTables) await checkRows(pool, schema);
    return (total - first!.done) / seconds;
  } finally {
    await projector.stop();
    await dropSchema(pool, schema);
  }
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Every match must have its row in the tables it was folded into. */
async function checkRows(pool: Pool, schema: string): Promise<void> {
  const { rows } = await pool.query<{ matches: string; rows: string }>(
    `SELECT (SELECT count(*) FROM ${schema}.matches) AS matches,
       (SELECT count(*) FROM ${schema}.competition_matches WHERE group_name IS NOT NULL) AS rows`,
  );
  if (rows[0].matches !== rows[0].rows)
    throw new Error(`group rows ${rows[0].rows} of ${rows[0].matches} matches`);
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  log('tables', `generating ~${EVENTS} events of group matches (${PER_MATCH} per match)`);
  const generated = generateLog(EVENTS, PER_MATCH, INTERLEAVE);
  const records = inGroups(generated.records);
  const topic = `touchline-bench-tables-${process.pid}-${Date.now().toString(36)}`;
  await createTopic(topic, 12);
  await produceLog(topic, records);
  const ends = await endOffsets(benchKafka('touchline-bench-tables'), topic);
  const db = await createBenchDatabase();
  const pool = new Pool({ connectionString: db.url, max: 6 });
  const rates = { with: [] as number[], without: [] as number[] };
  try {
    await migrate(db.url, pino({ level: 'warn' }));
    for (let rep = 1; rep <= REPS; rep++) {
      // Alternate which goes first, so a warming or busier machine does not favour one.
      const order = rep % 2 ? [true, false] : [false, true];
      for (const withTables of order) {
        const rate = await foldOnce(pool, topic, ends, withTables);
        rates[withTables ? 'with' : 'without'].push(rate);
        log(
          'tables',
          `rep ${rep} ${withTables ? 'with' : 'without'} group tables: ${Math.round(rate)} events/s`,
        );
      }
    }
  } finally {
    await pool.end();
    await db.drop();
    await deleteTopic(topic);
  }
  const withRate = median(rates.with);
  const withoutRate = median(rates.without);
  const figures = [
    figure('projector from offset 0, every match in a group table (steady)', withRate, 'events/s', {
      reps: rates.with,
      ceiling: { label: 'same projector without the table rows', value: withoutRate },
    }),
    figure('share of the projector without the table rows', withRate / withoutRate, '×'),
  ];
  await finishPart('tables', startedAt, {
    settings: {
      events: records.length,
      matches: generated.finals.size,
      eventsPerMatch: PER_MATCH,
      reps: REPS,
    },
    figures,
    memory: {},
    notes: [
      'The projector library (libs/read-models) runs in the benchmark process, reading the same 12-partition topic into a fresh schema each time; "without" is the same projector whose store leaves out the competition_matches upsert, nothing else.',
      'Every match is scheduled in one of eight groups, so each batch rewrites the table row of every match it touches (one multi-row upsert per batch); the tables themselves are ranked at query time.',
      'Steady rate: from the first committed batch until every partition is consumed.',
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
