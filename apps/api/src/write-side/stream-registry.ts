import { Injectable } from '@nestjs/common';
import {
  CompetitionEvent,
  CompetitionState,
  evolveCompetition,
  evolveMatchInPlace,
  evolveTie,
  LegHolder,
  legsInOrder,
  MatchContext,
  MatchEvent,
  MatchState,
  Recorded,
  recordedById,
  TieEvent,
  TieState,
} from '@touchline/domain';
import {
  competitionStreamId,
  decodeEvent,
  LogRecord,
  matchStreamId,
  parseStreamId,
  recorded,
  tieStreamId,
} from '@touchline/event-store';
import { contentFingerprint } from './fingerprint';
import type { SnapshotCapture, StoredLeg, StoredStream } from './snapshot-store.port';

export interface SeenEvent {
  fingerprint: string;
  seq: number;
}

/** Every eventId a stream has accepted, for idempotency over the stream's whole life. */
export interface SeenEvents {
  get(eventId: string): SeenEvent | undefined;
  has(eventId: string): boolean;
}

/**
 * A match's accepted eventIds without a copy of their own: its in-play events are found through
 * the index of the match's log, their fingerprint computed only when a retry asks for it. The
 * schedule (and any record the fold keeps out of the log) is kept apart, fingerprint and all.
 */
class SeenInMatchLog implements SeenEvents {
  readonly apart = new Map<string, SeenEvent>();
  log: MatchState['log'] = [];

  get(eventId: string): SeenEvent | undefined {
    const kept = this.apart.get(eventId);
    if (kept) return kept;
    const logged = recordedById(this.log, eventId);
    if (!logged) return undefined;
    // The content as posted: the log's event less the metadata the fold added to it.
    const event: Partial<typeof logged> = { ...logged };
    delete event.seq;
    delete event.recordedAt;
    return { seq: logged.seq, fingerprint: contentFingerprint(event) };
  }

  has(eventId: string): boolean {
    return this.apart.has(eventId) || recordedById(this.log, eventId) !== null;
  }
}

interface Base {
  streamId: string;
  id: string;
  version: number;
  competition: string;
  seen: SeenEvents;
}
type EntryBase = Omit<Base, 'competition'>;
export type MatchEntry = Base & { kind: 'match'; state: MatchState };
export type TieEntry = Base & { kind: 'tie'; state: TieState };
export type CompetitionEntry = Base & { kind: 'competition'; state: CompetitionState };
export type StreamEntry = MatchEntry | TieEntry | CompetitionEntry;

/** The write side's in-memory state of every stream, folded from the log with the domain's evolve. */
@Injectable()
export class StreamRegistry {
  private entries = new Map<string, StreamEntry>();
  /** The highest seq the log holds per stream, even for records the domain could not fold. */
  private lastSeqs = new Map<string, number>();
  /** The tie that lists each match id as a leg, as the log has it. */
  private tieOfLeg = new Map<string, string>();
  /** Scheduling commands waiting for the log's ack: their claims count already. */
  private readonly pendingHolds = new Map<string, LegHolder>();
  /** Streams changed since the last capture, and leg claims made since: what the next snapshot writes. */
  private dirty = new Set<string>();
  private newLegs = new Map<string, string>();
  /** Streams a command has loaded and reads in its turn: they stay in memory until it is done. */
  private readonly pins = new Map<string, number>();
  /**
   * Whether anything of the log may be out of memory (started from a snapshot, or evicted since):
   * until then the snapshot store is never asked, and commands do not depend on PostgreSQL.
   */
  private partial = false;

  get mayBeElsewhere(): boolean {
    return this.partial;
  }

  /** Memory holds only part of the log from here on (start-up from a snapshot). */
  markPartial(): void {
    this.partial = true;
  }

  reset(): void {
    this.partial = false;
    this.entries = new Map();
    this.lastSeqs = new Map();
    this.tieOfLeg = new Map();
    this.dirty = new Set();
    this.newLegs = new Map();
  }

  /** Whether memory holds anything of the stream (it may be out of memory, in the snapshot store). */
  has(streamId: string): boolean {
    return this.entries.has(streamId) || this.lastSeqs.has(streamId);
  }

  /** Whether memory knows who claims the match id, or that its own stream is here. */
  knowsLeg(matchId: string): boolean {
    return this.tieOfLeg.has(matchId) || this.entries.has(matchStreamId(matchId));
  }

  /** Keeps the streams in memory until the returned release is called. */
  pin(streamIds: readonly string[]): () => void {
    for (const id of streamIds) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
    return () => {
      for (const id of streamIds) {
        const n = (this.pins.get(id) ?? 1) - 1;
        if (n > 0) this.pins.set(id, n);
        else this.pins.delete(id);
      }
    };
  }

  /**
   * What changed since the last capture, serialised in this one synchronous step so that the
   * states agree with `positions` (taken by the caller in the same step). If writing it fails,
   * hand it back with `recapture` so that the next snapshot writes it again.
   */
  capture(positions: Map<number, bigint>): SnapshotCapture {
    const streams = [...this.dirty].filter((id) => this.has(id)).map((id) => this.exportStream(id));
    const legs = [...this.newLegs].map(([matchId, tieId]) => ({ matchId, tieId }));
    this.dirty = new Set();
    this.newLegs = new Map();
    return { streams, legs, positions: new Map(positions) };
  }

  recapture(capture: SnapshotCapture): void {
    for (const s of capture.streams) this.dirty.add(s.streamId);
    for (const l of capture.legs) if (!this.newLegs.has(l.matchId)) this.newLegs.set(l.matchId, l.tieId);
  }

  /** Every stream memory holds, as the snapshot store keeps it (tests compare registries with it). */
  exportAll(): { streams: StoredStream[]; legs: StoredLeg[] } {
    const ids = [...this.lastSeqs.keys()].sort();
    const legs = [...this.tieOfLeg].map(([matchId, tieId]) => ({ matchId, tieId }));
    return {
      streams: ids.map((id) => this.exportStream(id)),
      legs: legs.sort((a, b) => a.matchId.localeCompare(b.matchId)),
    };
  }

  private exportStream(streamId: string): StoredStream {
    const entry = this.entries.get(streamId);
    const lastSeq = this.lastSeq(streamId);
    if (!entry) return { streamId, kind: null, version: 0, lastSeq, finished: true, state: 'null', seen: [] };
    const seen =
      entry.seen instanceof SeenInMatchLog ? entry.seen.apart : (entry.seen as Map<string, SeenEvent>);
    return {
      streamId,
      kind: entry.kind,
      version: entry.version,
      lastSeq,
      finished: this.isFinished(entry),
      // Text now, so that later folds (which append to a match's log in place) cannot reach it.
      state: JSON.stringify(entry.state),
      seen: [...seen].map(([eventId, s]) => [eventId, s.fingerprint, s.seq]),
    };
  }

  /**
   * Out of play: a match that ended or was abandoned, a tie all of whose legs are, and a stream
   * the domain could not fold. A competition never ends in the domain: it stays (one per league).
   */
  private isFinished(entry: StreamEntry): boolean {
    if (entry.kind === 'match')
      return entry.state.status === 'finished' || entry.state.status === 'abandoned';
    if (entry.kind === 'tie') return entry.state.legs.every((leg) => this.isFinishedMatch(leg));
    return false;
  }

  private isFinishedMatch(matchId: string): boolean {
    const m = this.match(matchId);
    return m !== undefined && this.isFinished(m);
  }

  /** Takes stored streams and leg claims into memory; what memory holds already is kept as it is. */
  import(streams: readonly StoredStream[], legs: readonly StoredLeg[]): void {
    for (const row of streams) {
      if (this.has(row.streamId)) continue;
      this.lastSeqs.set(row.streamId, row.lastSeq);
      const entry = this.importEntry(row);
      if (entry) this.entries.set(row.streamId, entry);
    }
    for (const { matchId, tieId } of legs) if (!this.tieOfLeg.has(matchId)) this.tieOfLeg.set(matchId, tieId);
  }

  private importEntry(row: StoredStream): StreamEntry | undefined {
    const ref = parseStreamId(row.streamId);
    if (!ref || row.kind === null) return undefined;
    const seenRows = new Map(row.seen.map(([id, fingerprint, seq]) => [id, { fingerprint, seq }]));
    const base = { streamId: row.streamId, id: ref.id, version: row.version };
    const parsed: unknown = JSON.parse(row.state);
    if (row.kind === 'match') {
      const state = parsed as MatchState;
      const seen = new SeenInMatchLog();
      seen.log = state.log;
      for (const [id, s] of seenRows) seen.apart.set(id, s);
      return { ...base, seen, kind: 'match', competition: state.competition, state };
    }
    if (row.kind === 'tie') {
      const state = parsed as TieState;
      return { ...base, seen: seenRows, kind: 'tie', competition: state.competition, state };
    }
    const state = parsed as CompetitionState;
    return { ...base, seen: seenRows, kind: 'competition', competition: state.competitionId, state };
  }

  /**
   * Lets finished streams go, once stored at the version memory holds (none is changed since the
   * last capture) and no command is using them. `busy` tells of streams with commands queued.
   */
  evictFinished(busy: (streamId: string) => boolean): number {
    let evicted = 0;
    for (const streamId of [...this.lastSeqs.keys()]) {
      if (this.dirty.has(streamId) || this.pins.has(streamId) || busy(streamId)) continue;
      const entry = this.entries.get(streamId);
      if (entry && !this.isFinished(entry)) continue;
      this.entries.delete(streamId);
      this.lastSeqs.delete(streamId);
      evicted++;
      this.partial = true;
    }
    // A claim stays known while its tie is here; the store answers for the others.
    for (const [matchId, tieId] of this.tieOfLeg) {
      if (this.entries.has(tieStreamId(tieId)) || this.newLegs.has(matchId)) continue;
      this.tieOfLeg.delete(matchId);
      this.partial = true;
    }
    return evicted;
  }

  /** Who holds a match id: a tie listing it as a leg, a match scheduled outside ties, or nobody. */
  legHolder(matchId: string): LegHolder | undefined {
    const tie = this.tieOfLeg.get(matchId);
    if (tie !== undefined) return { tie };
    const match = this.match(matchId);
    if (match) return match.state.tieId ? { tie: match.state.tieId } : { standalone: true };
    return this.pendingHolds.get(matchId);
  }

  /**
   * Claims match ids for a scheduling command until its append settles (call the returned
   * release either way): checked and taken in one synchronous step, so that of two commands
   * racing for an id on different streams' queues, only the first passes.
   */
  hold(matchIds: readonly string[], holder: LegHolder): () => void {
    for (const id of matchIds) this.pendingHolds.set(id, holder);
    return () => {
      for (const id of matchIds) if (this.pendingHolds.get(id) === holder) this.pendingHolds.delete(id);
    };
  }

  /** The highest seq known to be in the log for the stream (0 if none): the next append must follow it. */
  lastSeq(streamId: string): number {
    return this.lastSeqs.get(streamId) ?? 0;
  }

  get size(): number {
    return this.entries.size;
  }

  match(matchId: string): MatchEntry | undefined {
    const e = this.entries.get(matchStreamId(matchId));
    return e?.kind === 'match' ? e : undefined;
  }

  tie(tieId: string): TieEntry | undefined {
    const e = this.entries.get(tieStreamId(tieId));
    return e?.kind === 'tie' ? e : undefined;
  }

  competition(competitionId: string): CompetitionEntry | undefined {
    const e = this.entries.get(competitionStreamId(competitionId));
    return e?.kind === 'competition' ? e : undefined;
  }

  /** Folds one logged record into its stream. Records at or below the stream's version are ignored. */
  apply(record: LogRecord): void {
    const ref = parseStreamId(record.streamId);
    if (!ref) return;
    this.lastSeqs.set(record.streamId, Math.max(this.lastSeq(record.streamId), record.seq));
    this.dirty.add(record.streamId);
    const existing = this.entries.get(record.streamId);
    if (existing && record.seq <= existing.version) return;
    // Decode and fold first: a record the domain refuses must leave the entry exactly as it was.
    const logged = decodeEvent(record);
    const seen = existing?.seen ?? (logged.kind === 'match' ? new SeenInMatchLog() : new Map());
    const base = { streamId: record.streamId, id: ref.id, version: record.seq, seen };
    const entry: StreamEntry =
      logged.kind === 'match'
        ? this.matchEntry(base, existing, recorded(logged.event, logged.meta))
        : logged.kind === 'tie'
          ? this.tieEntry(base, existing, recorded(logged.event, logged.meta))
          : this.competitionEntry(base, existing, recorded(logged.event, logged.meta));
    if (seen instanceof SeenInMatchLog && entry.kind === 'match') {
      seen.log = entry.state.log;
      if (!seen.has(record.eventId))
        seen.apart.set(record.eventId, { fingerprint: contentFingerprint(logged.event), seq: record.seq });
    } else if (seen instanceof Map) {
      seen.set(record.eventId, { fingerprint: contentFingerprint(logged.event), seq: record.seq });
    }
    this.entries.set(record.streamId, entry);
    // A leg that ends may end its tie: the tie's row is written again with it.
    const tie = entry.kind === 'match' && entry.state.tieId ? tieStreamId(entry.state.tieId) : null;
    if (tie && this.entries.has(tie)) this.dirty.add(tie);
  }

  private matchEntry(
    base: EntryBase,
    existing: StreamEntry | undefined,
    event: Recorded<MatchEvent>,
  ): MatchEntry {
    // The registry keeps only the newest state of a stream and hands none out across an await:
    // each event is appended to the match's one log instead of copying it.
    const state = evolveMatchInPlace(existing?.kind === 'match' ? existing.state : null, event);
    return { ...base, kind: 'match', competition: state.competition, state };
  }

  private tieEntry(base: EntryBase, existing: StreamEntry | undefined, event: Recorded<TieEvent>): TieEntry {
    const state = evolveTie(existing?.kind === 'tie' ? existing.state : null, event);
    // The first tie to list a leg keeps it: the log may hold claims made before they were refused.
    for (const leg of state.legs) {
      if (this.tieOfLeg.has(leg)) continue;
      this.tieOfLeg.set(leg, state.tieId);
      this.newLegs.set(leg, state.tieId);
    }
    return { ...base, kind: 'tie', competition: state.competition, state };
  }

  private competitionEntry(
    base: EntryBase,
    existing: StreamEntry | undefined,
    event: Recorded<CompetitionEvent>,
  ): CompetitionEntry {
    const state = evolveCompetition(existing?.kind === 'competition' ? existing.state : null, event);
    return { ...base, kind: 'competition', competition: state.competitionId, state };
  }

  /** What a match's decisions need beyond its own stream: its tie and both legs as they stand. */
  contextOf(match: MatchState): MatchContext {
    const tieId = match.tieId;
    const tie = tieId ? this.tie(tieId) : undefined;
    if (!tie) return {};
    const [leg1, leg2] = tie.state.legs;
    const leg = (id: string | undefined) => (id === undefined ? undefined : this.match(id)?.state);
    return { tie: tie.state, legs: legsInOrder(tie.state, [leg(leg1), leg(leg2)]) };
  }
}
