import {
  evolveMatchInPlace,
  matchView,
  MatchState,
  MatchView,
  legsInOrder,
  tieStanding,
  TieStanding,
} from '@touchline/domain';
import { matchStreamId, recordedMatchEvent, tieStreamId } from '@touchline/event-store';
import type { ReadModelRepository, StoredEvent } from '@touchline/read-models';

/** What a stream sends per event: the event, the match after it and, for a leg, the tie after it. */
export interface StreamedEvent {
  seq: number;
  event: Record<string, unknown>;
  state: MatchView;
  tie: TieStanding | null;
}

/** Events are read this many at a time, so no stream holds a whole long match in memory. */
export const PAGE_SIZE = 500;

export type TieOf = (leg: MatchState) => TieStanding | null;

/** Told each stream version a read saw (`streamId`, `version`). */
export type Seen = (streamId: string, version: number) => void;

/**
 * The tie standing as a function of one leg's state, the other leg taken as it stands now; `seen`
 * hears the versions of the tie and the other leg read.
 */
export async function tieContext(
  repo: ReadModelRepository,
  leg: MatchState,
  seen: Seen = () => undefined,
): Promise<TieOf> {
  const tie = leg.tieId ? await repo.tie(leg.tieId) : null;
  if (!tie) return () => null;
  seen(tieStreamId(tie.tieId), tie.version);
  const rows = await repo.matches(tie.legs.filter((id) => id !== leg.matchId));
  rows.forEach((row, matchId) => seen(matchStreamId(matchId), row.version));
  const others = [...rows.values()];
  return (s) => tieStanding(tie, ...legsInOrder(tie, [s, ...others.map((o) => o.state)]));
}

export const streamed = (e: StoredEvent, state: MatchState, tie: TieOf): StreamedEvent => ({
  seq: e.seq,
  event: e.body,
  state: matchView(state),
  tie: tie(state),
});

/**
 * Folds a stored event into a state the caller owns and replaces (a replay's, a live feed's: read
 * from the database for it alone): the event is appended to its log in place, not copied.
 */
export const evolveStored = (state: MatchState | null, e: StoredEvent): MatchState =>
  evolveMatchInPlace(state, recordedMatchEvent(e.body));

/**
 * Pages through a match's stored events from its first, folding each with the domain's evolve,
 * and yields those after `afterSeq` with the state after them. A page at a time: the event loop
 * gets a turn between pages, however long the match.
 */
export async function* foldedEvents(
  repo: ReadModelRepository,
  matchId: string,
  afterSeq: number,
): AsyncGenerator<StreamedEvent> {
  const streamId = matchStreamId(matchId);
  let state: MatchState | null = null;
  let tie: TieOf | null = null;
  let next = 1;
  for (;;) {
    const page = await repo.events(streamId, next, PAGE_SIZE);
    for (const e of page) {
      state = evolveStored(state, e);
      next = e.seq + 1;
      if (e.seq <= afterSeq) continue;
      tie ??= await tieContext(repo, state);
      yield streamed(e, state, tie);
    }
    if (page.length < PAGE_SIZE) return;
  }
}
