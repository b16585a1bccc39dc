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

  reset(): void {
    this.entries = new Map();
    this.lastSeqs = new Map();
    this.tieOfLeg = new Map();
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
    for (const leg of state.legs) if (!this.tieOfLeg.has(leg)) this.tieOfLeg.set(leg, state.tieId);
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
