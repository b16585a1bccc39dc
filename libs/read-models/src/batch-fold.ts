import {
  evolveMatch,
  evolveTie,
  MatchEvent,
  MatchState,
  Recorded,
  scorersOf,
  TieEvent,
  TieState,
} from '@touchline/domain';
import { decodeRecord, LogRecord, MalformedRecordError, parseStreamId } from '@touchline/event-store';

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
  parked: Set<string>;
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
  scorers: Map<string, { competition: string; rows: Array<{ player: string; team: string; goals: number }> }>;
  parked: ParkedRecord[];
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

/** Stream ids named by well-formed messages, by kind: what to load before folding. */
export function streamsOf(decoded: DecodedMessage[]): {
  matchIds: string[];
  tieIds: string[];
  streamIds: string[];
} {
  const matchIds = new Set<string>();
  const tieIds = new Set<string>();
  const streamIds = new Set<string>();
  for (const d of decoded) {
    const ref = d.record ? parseStreamId(d.record.streamId) : null;
    if (!ref || !d.record) continue;
    streamIds.add(d.record.streamId);
    (ref.kind === 'match' ? matchIds : tieIds).add(ref.id);
  }
  return { matchIds: [...matchIds], tieIds: [...tieIds], streamIds: [...streamIds] };
}

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
    scorers: new Map(),
    parked: [],
  };
  const parked = new Set(loaded.parked);
  const park = (streamId: string, d: DecodedMessage, error: string) => {
    parked.add(streamId);
    result.parked.push({ streamId, offset: d.offset, raw: d.raw ? d.raw.toString('utf8') : null, error });
  };

  for (const d of decoded) {
    if (!d.record) {
      park(`?offset:${d.offset}`, d, d.error ?? 'malformed record');
      continue;
    }
    const { record } = d;
    const ref = parseStreamId(record.streamId)!;
    if (parked.has(record.streamId)) {
      park(record.streamId, d, 'held: an earlier record of this stream is parked');
      continue;
    }
    try {
      if (ref.kind === 'match') {
        const prev = result.matches.get(ref.id) ?? loaded.matches.get(ref.id);
        if (prev && record.seq <= prev.version) continue;
        const expected = (prev?.version ?? 0) + 1;
        if (record.seq !== expected) throw new Error(`seq ${record.seq} where ${expected} was expected`);
        const state = evolveMatch(prev?.state ?? null, record as unknown as Recorded<MatchEvent>);
        result.matches.set(ref.id, { version: record.seq, state });
      } else {
        const prev = result.ties.get(ref.id) ?? loaded.ties.get(ref.id);
        if (prev && record.seq <= prev.version) continue;
        const expected = (prev?.version ?? 0) + 1;
        if (record.seq !== expected) throw new Error(`seq ${record.seq} where ${expected} was expected`);
        const state = evolveTie(prev?.state ?? null, record as unknown as Recorded<TieEvent>);
        result.ties.set(ref.id, { version: record.seq, state });
      }
      result.events.push({ record, offset: d.offset });
    } catch (err) {
      park(record.streamId, d, err instanceof Error ? err.message : String(err));
    }
  }

  for (const [matchId, { state }] of result.matches) {
    result.scorers.set(matchId, { competition: state.competition, rows: scorersOf(state) });
  }
  return result;
}
