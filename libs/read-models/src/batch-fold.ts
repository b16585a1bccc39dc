import { isDeepStrictEqual } from 'node:util';
import {
  CompetitionState,
  evolveCompetition,
  evolveMatchInPlace,
  evolveTie,
  fixtureView,
  FixtureView,
  LeanMatchState,
  MatchEvent,
  MatchState,
  needsLog,
  ScorerLine,
  scorersOf,
  tableMatchOf,
  TableMatch,
  TieState,
  type InPlayEvent,
  type Recorded,
} from '@touchline/domain';
import {
  decodeLoggedValue,
  decodeRecordedEvent,
  LogRecord,
  MalformedRecordError,
  parseStreamId,
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
  /** Matches as stored: without their log. */
  matches: Map<string, StoredStream<LeanMatchState>>;
  /** The log of each match whose batch folds an event that needs it (see `streamsOf`), in seq order. */
  matchLogs: Map<string, Array<Recorded<InPlayEvent>>>;
  ties: Map<string, StoredStream<TieState>>;
  competitions: Map<string, StoredStream<CompetitionState>>;
  parked: Set<string>;
}

/** States loaded for a batch: none yet. */
export const noLoadedStates = (): LoadedStates => ({
  matches: new Map(),
  matchLogs: new Map(),
  ties: new Map(),
  competitions: new Map(),
  parked: new Set(),
});

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
  /** The value as logged, when it is a JSON text of `record` that can be stored as it is (see `decodeLoggedValue`). */
  text?: Buffer;
}

export interface FoldResult {
  events: EventRow[];
  matches: Map<string, StoredStream<MatchState>>;
  ties: Map<string, StoredStream<TieState>>;
  competitions: Map<string, StoredStream<CompetitionState>>;
  scorers: Map<string, ScorerRows>;
  competitionMatches: Map<string, CompetitionMatchRow>;
  /**
   * Matches whose scorer lines, or whose competition row, are the same as the stored state's: the
   * write leaves those rows as they are (most events change neither). The maps above still hold
   * them, so a batch's notifications do not depend on it.
   */
  unchanged: { scorers: Set<string>; competitionMatches: Set<string> };
  parked: ParkedRecord[];
}

/** Everything the read models keep of one match besides its state: scorer lines and its competition row. */
export function matchRowsOf(state: LeanMatchState): {
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
  /** `raw` is a JSON text of `record` that can be stored as it is. */
  verbatim?: boolean;
  error?: string;
}

export function decodeMessages(messages: RawMessage[]): DecodedMessage[] {
  return messages.map((m) => {
    try {
      const { record, verbatim } = decodeLoggedValue(m.value);
      return { offset: m.offset, record, raw: m.value, verbatim };
    } catch (err) {
      if (!(err instanceof MalformedRecordError)) throw err;
      return { offset: m.offset, record: null, raw: m.value, error: err.message };
    }
  });
}

/** What a malformed record (no stream of its own to name) is parked under: its offset. */
const malformedRecordKey = (offset: string): string => `?offset:${offset}`;
export const isMalformedRecordKey = (key: string): boolean => /^\?offset:\d+$/.test(key);

/**
 * Whether a record of a match stream needs the match's log to be folded. The record carries the
 * event's own fields beside its position, which is all `needsLog` reads; a record that is no
 * valid event is parked by the fold whatever is loaded.
 */
const recordNeedsLog = (record: LogRecord): boolean => needsLog(record as unknown as MatchEvent);

/**
 * Stream ids named by well-formed messages, by kind: what to load before folding. `logMatchIds`
 * are the matches whose log must be loaded too: a correction, a retraction or a review naming an
 * earlier event is among their records (rare; every other event folds from the stored state).
 */
export function streamsOf(decoded: DecodedMessage[]): {
  matchIds: string[];
  logMatchIds: string[];
  tieIds: string[];
  competitionIds: string[];
  streamIds: string[];
} {
  const ids = { match: new Set<string>(), tie: new Set<string>(), competition: new Set<string>() };
  const logMatchIds = new Set<string>();
  const streamIds = new Set<string>();
  for (const d of decoded) {
    const ref = d.record ? parseStreamId(d.record.streamId) : null;
    if (!ref || !d.record) continue;
    streamIds.add(d.record.streamId);
    ids[ref.kind].add(ref.id);
    if (ref.kind === 'match' && recordNeedsLog(d.record)) logMatchIds.add(ref.id);
  }
  return {
    matchIds: [...ids.match],
    logMatchIds: [...logMatchIds],
    tieIds: [...ids.tie],
    competitionIds: [...ids.competition],
    streamIds: [...streamIds],
  };
}

/**
 * A match as this batch left it, else as loaded: with its log if it was loaded, else with an
 * empty one that only this batch's events join (`partial` remembers which).
 */
function latestMatch(
  id: string,
  folded: Map<string, StoredStream<MatchState>>,
  loaded: LoadedStates,
  partial: Set<string>,
): StoredStream<MatchState> | undefined {
  const mine = folded.get(id);
  if (mine) return mine;
  const stored = loaded.matches.get(id);
  if (!stored) return undefined;
  const log = loaded.matchLogs.get(id);
  if (!log) partial.add(id);
  // A copy: the fold appends to the log in place, and `loaded` may be folded again.
  return { version: stored.version, state: { ...stored.state, log: log ? [...log] : [] } };
}

/** A stream's latest state: as this batch left it, else as loaded. */
const latest = <S>(id: string, folded: Map<string, StoredStream<S>>, loaded: Map<string, StoredStream<S>>) =>
  folded.get(id) ?? loaded.get(id);

/**
 * Folds a batch of one partition's records into the loaded states with the domain's evolve.
 * Pure: no I/O. A record that cannot be applied parks its stream; later records of a parked
 * stream are held back with it, in order, so nothing is skipped silently. With `findUnchanged`
 * (the default) it also finds the rows the batch leaves as the stored states had them.
 */
export function foldBatch(
  decoded: DecodedMessage[],
  loaded: LoadedStates,
  { findUnchanged = true }: { findUnchanged?: boolean } = {},
): FoldResult {
  const result: FoldResult = {
    events: [],
    matches: new Map(),
    ties: new Map(),
    competitions: new Map(),
    scorers: new Map(),
    competitionMatches: new Map(),
    unchanged: { scorers: new Set(), competitionMatches: new Set() },
    parked: [],
  };
  const parked = new Set(loaded.parked);
  const partialLogs = new Set<string>();
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
          ? latest<LeanMatchState>(ref.id, result.matches, loaded.matches)
          : ref.kind === 'tie'
            ? latest(ref.id, result.ties, loaded.ties)
            : latest(ref.id, result.competitions, loaded.competitions);
      if (stored && record.seq <= stored.version) continue;
      const expected = (stored?.version ?? 0) + 1;
      if (record.seq !== expected) throw new Error(`seq ${record.seq} where ${expected} was expected`);
      const logged = decodeRecordedEvent(record);
      const version = record.seq;
      if (logged.kind === 'match') {
        const prev = latestMatch(logged.id, result.matches, loaded, partialLogs);
        if (needsLog(logged.event) && partialLogs.has(logged.id))
          throw new Error(
            `${logged.event.type} (seq ${version}) needs the match's log, which was not loaded`,
          );
        // The state is this batch's own (folded here, or a copy of the stored one): its log grows in place.
        const state = evolveMatchInPlace(prev?.state ?? null, logged.event);
        result.matches.set(logged.id, { version, state });
      } else if (logged.kind === 'tie') {
        const prev = latest(logged.id, result.ties, loaded.ties);
        const state = evolveTie(prev?.state ?? null, logged.event);
        result.ties.set(logged.id, { version, state });
      } else {
        const prev = latest(logged.id, result.competitions, loaded.competitions);
        const state = evolveCompetition(prev?.state ?? null, logged.event);
        result.competitions.set(logged.id, { version, state });
      }
      result.events.push(
        d.verbatim && d.raw ? { record, offset: d.offset, text: d.raw } : { record, offset: d.offset },
      );
    } catch (err) {
      park(record.streamId, d, err instanceof Error ? err.message : String(err));
    }
  }

  for (const [matchId, { state }] of result.matches) {
    const rows = matchRowsOf(state);
    result.scorers.set(matchId, rows.scorers);
    result.competitionMatches.set(matchId, rows.competitionMatch);
    const stored = findUnchanged ? loaded.matches.get(matchId) : undefined;
    if (!stored) continue;
    // The rows written with the stored state were derived from it: compared by value, not key order (jsonb reorders keys).
    const was = matchRowsOf(stored.state);
    if (isDeepStrictEqual(was.scorers, rows.scorers)) result.unchanged.scorers.add(matchId);
    if (isDeepStrictEqual(was.competitionMatch, rows.competitionMatch))
      result.unchanged.competitionMatches.add(matchId);
  }
  return result;
}
