import { evolveMatch, scorersOf, type MatchState, type ScorerLine } from '@touchline/domain';
import { encodeRecord, LogRecord } from '@touchline/event-store';
import { benchKafka } from './kafka';
import { assertValidMatch, wholeMatch } from './match-events';

export interface GeneratedLog {
  /** Every record in the order produced (matchdays of `interleave` matches played at once). */
  records: LogRecord[];
  /** Each match's final state and scorer lines, as the projector should end up with them. */
  finals: Map<string, { version: number; competition: string; state: MatchState; scorers: ScorerLine[] }>;
}

type Recorded = Parameters<typeof evolveMatch>[1];

/**
 * About `events` records of realistic whole matches (~`perMatch` each), interleaved the way a
 * matchday interleaves them in the log. The first matches go through the domain's decider to
 * prove the generator writes only what the API would accept.
 */
export function generateLog(events: number, perMatch: number, interleave: number): GeneratedLog {
  const matchCount = Math.max(1, Math.round(events / perMatch));
  const records: LogRecord[] = [];
  const finals: GeneratedLog['finals'] = new Map();
  const start = Date.UTC(2025, 3, 1, 0, 0, 0);
  for (let first = 0; first < matchCount; first += interleave) {
    const day = [];
    for (let m = first; m < Math.min(matchCount, first + interleave); m++) {
      const matchId = `gen-${m}`;
      const competition = `C${m % 8}`;
      const match = wholeMatch(matchId, competition, perMatch, start + first * 3600_000);
      if (m < 20) assertValidMatch(match);
      const state = match.reduce<MatchState | null>(
        (s, r) => evolveMatch(s, r as unknown as Recorded),
        null,
      )!;
      finals.set(matchId, { version: match.length, competition, state, scorers: scorersOf(state) });
      day.push(match);
    }
    const longest = Math.max(...day.map((m) => m.length));
    for (let i = 0; i < longest; i++) for (const m of day) if (i < m.length) records.push(m[i]);
  }
  return { records, finals };
}

/** Produces the records to `topic` (idempotent, acks=-1, big requests); returns events/s. */
export async function produceLog(topic: string, records: LogRecord[]): Promise<number> {
  const producer = benchKafka('touchline-bench-loader').producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const started = process.hrtime.bigint();
  try {
    for (let i = 0; i < records.length; i += 5000) {
      await producer.send({ topic, acks: -1, messages: records.slice(i, i + 5000).map(encodeRecord) });
    }
  } finally {
    await producer.disconnect();
  }
  return records.length / (Number(process.hrtime.bigint() - started) / 1e9);
}
