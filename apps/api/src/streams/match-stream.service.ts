import { Injectable } from '@nestjs/common';
import {
  evolveMatch,
  matchView,
  MatchEvent,
  MatchState,
  MatchView,
  Recorded,
  tieStanding,
  TieStanding,
} from '@touchline/domain';
import { matchStreamId } from '@touchline/event-store';
import { notFound } from '../http/problem';
import { ReadModelRepository } from '../queries/read-model.repository';

export interface StreamedEvent {
  seq: number;
  event: Record<string, unknown>;
  state: MatchView;
  tie: TieStanding | null;
}

/**
 * Folds a match's stored events one by one with the domain's evolve, yielding each event with
 * the match (and, for a leg, the tie) as it stood right after it. Replay and live share it.
 */
@Injectable()
export class MatchStreamService {
  constructor(private readonly repo: ReadModelRepository) {}

  async ensureExists(matchId: string): Promise<void> {
    if ((await this.repo.matchVersion(matchId)) === null) throw notFound('Match', matchId);
  }

  /** A cursor over the match's events after `afterSeq`, carrying the folded state along. */
  async cursor(matchId: string, afterSeq: number): Promise<MatchCursor> {
    const cursor = new MatchCursor(this.repo, matchId);
    await cursor.advanceTo(afterSeq);
    return cursor;
  }
}

export class MatchCursor {
  private state: MatchState | null = null;
  private seq = 0;

  constructor(
    private readonly repo: ReadModelRepository,
    private readonly matchId: string,
  ) {}

  get position(): number {
    return this.seq;
  }

  get view(): MatchView | null {
    return this.state ? matchView(this.state) : null;
  }

  /** Folds silently up to `seq` (what a reconnecting client has already seen). */
  async advanceTo(seq: number): Promise<void> {
    if (seq <= this.seq) return;
    for (const e of await this.repo.events(matchStreamId(this.matchId), this.seq + 1)) {
      if (e.seq > seq) break;
      this.apply(e.body as unknown as Recorded<MatchEvent>);
    }
  }

  /** Every stored event after the cursor, each with the state after it. */
  async next(): Promise<StreamedEvent[]> {
    const events = await this.repo.events(matchStreamId(this.matchId), this.seq + 1);
    if (!events.length) return [];
    const tie = await this.tieContext();
    return events.map((e) => {
      this.apply(e.body as unknown as Recorded<MatchEvent>);
      return { seq: e.seq, event: e.body, state: matchView(this.state!), tie: tie ? tie(this.state!) : null };
    });
  }

  private apply(event: Recorded<MatchEvent>): void {
    this.state = evolveMatch(this.state, event);
    this.seq = event.seq;
  }

  /** The tie standing as a function of this leg's state, the other leg taken as it stands now. */
  private async tieContext(): Promise<((s: MatchState) => TieStanding) | null> {
    const own = await this.repo.match(this.matchId);
    const tieId = own?.state.tieId;
    const tie = tieId ? await this.repo.tie(tieId) : null;
    if (!tie) return null;
    const legs = await this.repo.matches(tie.legs);
    return (s) => {
      const legState = (id: string | undefined) =>
        id === undefined ? null : id === this.matchId ? s : (legs.get(id)?.state ?? null);
      return tieStanding(tie, legState(tie.legs[0]), legState(tie.legs[1]));
    };
  }
}
