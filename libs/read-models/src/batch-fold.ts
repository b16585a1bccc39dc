import {
  CompetitionState,
  evolveCompetition,
  evolveMatch,
  evolveMatchInPlace,
  evolveTie,
  fixtureView,
  FixtureView,
  MatchState,
  ScorerLine,
  scorersOf,
  tableMatchOf,
  TableMatch,
  TieState,
} from '@touchline/domain';
import {
  decodeEvent,
  decodeRecord,
  LogRecord,
  MalformedRecordError,
  parseStreamId,
  recorded,
} from '@touchline/event-store';

export interface RawMessage {
  offset: string;
  value: Buffer | null;
}

export interface StoredStream<S> {
  version: number;
  state: S;
}

export interface LoadedStates {
  matches: Map<string, StoredStream<MatchState>>;
  ties: Map<string, StoredStream<TieState>>;
  competitions: Map<string, StoredStream<CompetitionState>>;
  parked: Set<string>;
}

/** A match's lines in its competition's scorers. */
export interface ScorerRows {
  competition: string;
  rows: ScorerLine[];
}

/** A match's row in its competition's tables and fixtures list. */
export interface CompetitionMatchRow {
  competition: string;
  round: string | null;
  tieId: string | null;
  kickoffAt: string | null;
  table: TableMatch;
  fixture: FixtureView;
}

export interface ParkedRecord {
  streamId: string;
  offset: string;
  raw: string | null;
  error: string;
}

export interface EventRow {
  record: LogRecord;
  offset: string;
}

export interface FoldResult {
  events: EventRow[];
  matches: Map<string, StoredStream<MatchState>>;
  ties: Map<string, StoredStream<TieState>>;
  competitions: Map<string, StoredStream<CompetitionState>>;
  scorers: Map<string, ScorerRows>;
  competitionMatches: Map<string, CompetitionMatchRow>;
  parked: ParkedRecord[];
}

/** Everything the read models keep of one match besides its state: scorer lines and its competition row. */
export function matchRowsOf(state: MatchState): {
  scorers: ScorerRows;
  competitionMatch: CompetitionMatchRow;
} {
  return {
    scorers: { competition: state.competition, rows: scorersOf(state) },
    competitionMatch: {
      competition: state.competition,
      round: state.round ?? null,
      tieId: state.tieId,
      kickoffAt: state.kickoffAt,
      table: tableMatchOf(state),
      fixture: fixtureView(state),
    },
  };
}

export interface DecodedMessage {
  offset: string;
  record: LogRecord | null;
  raw: Buffer | null;
  error?: string;
}

export function decodeMessages(messages: RawMessage[]): DecodedMessage[] {
  return messages.map((m) => {
    try {
      return { offset: m.offset, record: decodeRecord(m.value), raw: m.value };
    } catch (err) {
      if (!(err instanceof MalformedRecordError)) throw err;
      return { offset: m.offset, record: null, raw: m.value, error: err.message };
    }
  });
}

/** What a malformed record (no stream of its own to name) is parked under: its offset. */
const malformedRecordKey = (offset: string): string => `?offset:${offset}`;
export const isMalformedRecordKey = (key: string): boolean => /^\?offset:\d+$/.test(key);

/** Stream ids named by well-formed messages, by kind: what to load before folding. */
export function streamsOf(decoded: DecodedMessage[]): {
  matchIds: string[];
  tieIds: string[];
  competitionIds: string[];
  streamIds: string[];
} {
  const ids = { match: new Set<string>(), tie: new Set<string>(), competition: new Set<string>() };
  const streamIds = new Set<string>();
  for (const d of decoded) {
    const ref = d.record ? parseStreamId(d.record.streamId) : null;
    if (!ref || !d.record) continue;
    streamIds.add(d.record.streamId);
    ids[ref.kind].add(ref.id);
  }
  return {
    matchIds: [...ids.match],
    tieIds: [...ids.tie],
    competitionIds: [...ids.competition],
    streamIds: [...streamIds],
  };
}

/** A stream's latest state: as this batch left it, else as loaded. */
const latest = <S>(id: string, folded: Map<string, StoredStream<S>>, loaded: Map<string, StoredStream<S>>) =>
  folded.get(id) ?? loaded.get(id);

/**
 * Folds a batch of one partition's records into the loaded states with the domain's evolve.
 * Pure: no I/O. A record that cannot be applied parks its stream; later records of a parked
 * stream are held back with it, in order, so nothing is skipped silently.
 */
export function foldBatch(decoded: DecodedMessage[], loaded: LoadedStates): FoldResult {
  const result: FoldResult = {
    events: [],
    matches: new Map(),
    ties: new Map(),
    competitions: new Map(),
    scorers: new Map(),
    competitionMatches: new Map(),
    parked: [],
  };
  const parked = new Set(loaded.parked);
  const park = (streamId: string, d: DecodedMessage, error: string) => {
    parked.add(streamId);
    result.parked.push({ streamId, offset: d.offset, raw: d.raw ? d.raw.toString('utf8') : null, error });
  };

  for (const d of decoded) {
    if (!d.record) {
      park(malformedRecordKey(d.offset), d, d.error ?? 'malformed record');
      continue;
    }
    const { record } = d;
    const ref = parseStreamId(record.streamId)!;
    if (parked.has(record.streamId)) {
      park(record.streamId, d, 'held: an earlier record of this stream is parked');
      continue;
    }
    try {
      const stored =
        ref.kind === 'match'
          ? latest(ref.id, result.matches, loaded.matches)
          : ref.kind === 'tie'
            ? latest(ref.id, result.ties, loaded.ties)
            : latest(ref.id, result.competitions, loaded.competitions);
      if (stored && record.seq <= stored.version) continue;
      const expected = (stored?.version ?? 0) + 1;
      if (record.seq !== expected) throw new Error(`seq ${record.seq} where ${expected} was expected`);
      const logged = decodeEvent(record);
      const version = record.seq;
      if (logged.kind === 'match') {
        const prev = latest(logged.id, result.matches, loaded.matches);
        // A state this batch folded is its own: later events of the match extend its log in place.
        const evolve = result.matches.has(logged.id) ? evolveMatchInPlace : evolveMatch;
        const state = evolve(prev?.state ?? null, recorded(logged.event, logged.meta));
        result.matches.set(logged.id, { version, state });
      } else if (logged.kind === 'tie') {
        const prev = latest(logged.id, result.ties, loaded.ties);
        const state = evolveTie(prev?.state ?? null, recorded(logged.event, logged.meta));
        result.ties.set(logged.id, { version, state });
      } else {
        const prev = latest(logged.id, result.competitions, loaded.competitions);
        const state = evolveCompetition(prev?.state ?? null, recorded(logged.event, logged.meta));
        result.competitions.set(logged.id, { version, state });
      }
      result.events.push({ record, offset: d.offset });
    } catch (err) {
      park(record.streamId, d, err instanceof Error ? err.message : String(err));
    }
  }

  for (const [matchId, { state }] of result.matches) {
    const rows = matchRowsOf(state);
    result.scorers.set(matchId, rows.scorers);
    result.competitionMatches.set(matchId, rows.competitionMatch);
  }
  return result;
}
