import {
  decideMatch,
  evolveMatch,
  parseInPlayEvents,
  type InPlayEvent,
  type MatchScheduled,
  type MatchState,
} from '@touchline/domain';
import { LogRecord, matchStreamId, SCHEMA_VERSION } from '@touchline/event-store';

export const HOME = { id: 'MIA', name: 'Inter Miami CF' };
export const AWAY = { id: 'LAFC', name: 'Los Angeles FC' };

export function scheduleBody(
  matchId: string,
  competition = 'BENCH',
  tie?: { tieId: string; leg: 1 | 2 },
): Omit<MatchScheduled, 'type'> {
  const [homeTeam, awayTeam] = tie?.leg === 2 ? [AWAY, HOME] : [HOME, AWAY];
  return { matchId, competition, homeTeam, awayTeam, ...(tie ?? {}) };
}

/** A knockout tie over `legs` (one match, or two legs), as `POST /ties` takes it. */
export const tieBody = (tieId: string, legs: string[], competition = 'BENCH') => ({
  tieId,
  competition,
  legs,
  rules: { awayGoals: legs.length === 2 ? 'regulation' : 'none', extraTime: true, penalties: true },
});

export const kickOff = (matchId: string): InPlayEvent => ({
  eventId: `${matchId}-ko`,
  type: 'PeriodStarted',
  period: '1H',
  minute: 0,
});

/**
 * The n-th in-play event of a live first half: offsides, substitutions, yellow cards (never a
 * player's second) and goals, every one valid in any order, minutes inside 1H.
 */
export function firstHalfEvent(matchId: string, n: number, minute: number): InPlayEvent {
  const team = n % 2 ? HOME.id : AWAY.id;
  const eventId = `${matchId}-${n}`;
  switch (n % 10) {
    case 4:
    case 5:
      return { eventId, type: 'SubstitutionMade', minute, team, playerOff: `off-${n}`, playerOn: `on-${n}` };
    case 6:
    case 7:
      return { eventId, type: 'CardShown', minute, team, player: `booked-${n}`, card: 'yellow' };
    case 8:
      return {
        eventId,
        type: 'GoalScored',
        minute,
        team,
        player: `scorer-${n % 7}`,
        assist: `assist-${n % 5}`,
        kind: 'open_play',
      };
    default:
      return { eventId, type: 'OffsideCalled', minute, team, player: `player-${n % 11}` };
  }
}

/** Minute of the n-th of `perMatch` events spread over the first half (1..45). */
export const firstHalfMinute = (n: number, perMatch: number): number =>
  1 + Math.min(44, Math.floor((n * 44) / Math.max(1, perMatch)));

/** The log record the API would write for `event` (same envelope, so the same bytes on the wire). */
export function toRecord(
  streamId: string,
  seq: number,
  event: { type: string; eventId?: string },
  recordedAt: string,
): LogRecord {
  return {
    ...event,
    eventId: event.eventId ?? `${streamId}-${seq}`,
    streamId,
    seq,
    type: event.type,
    schemaVersion: SCHEMA_VERSION,
    recordedAt,
    feeder: 'feeder',
  };
}

/**
 * A whole match as the log would hold it, about `size` records: scheduled, two halves with
 * stoppage time, goals (one of them disallowed after a VAR review), cards, substitutions,
 * offsides, the final whistle. `startMs` is when it was recorded; records 20 s apart.
 */
export function wholeMatch(matchId: string, competition: string, size: number, startMs: number): LogRecord[] {
  const streamId = matchStreamId(matchId);
  const inPlay: InPlayEvent[] = [
    { eventId: `${matchId}-ko`, type: 'PeriodStarted', period: '1H', minute: 0 },
  ];
  const perHalf = Math.max(4, Math.floor((size - 10) / 2));
  const half = (from: number, base: number) => {
    for (let i = 0; i < perHalf; i++) {
      const n = base + i;
      inPlay.push(firstHalfEvent(matchId, n, from + Math.min(44, Math.floor((i * 45) / perHalf))));
    }
  };
  half(1, 0);
  inPlay.push({
    eventId: `${matchId}-sta1`,
    type: 'StoppageTimeAnnounced',
    period: '1H',
    added: 2,
    minute: 45,
  });
  inPlay.push({ eventId: `${matchId}-pe1`, type: 'PeriodEnded', period: '1H', minute: 45, stoppage: 2 });
  inPlay.push({ eventId: `${matchId}-ps2`, type: 'PeriodStarted', period: '2H', minute: 45 });
  half(46, perHalf);
  inPlay.push({
    eventId: `${matchId}-var`,
    type: 'VarReviewStarted',
    reviewId: `${matchId}-r1`,
    incident: 'goal',
    refEventId: `${matchId}-8`,
    minute: 89,
  });
  inPlay.push({
    eventId: `${matchId}-varc`,
    type: 'VarReviewCompleted',
    reviewId: `${matchId}-r1`,
    outcome: 'confirmed',
    minute: 90,
  });
  inPlay.push({
    eventId: `${matchId}-gd`,
    type: 'GoalDisallowed',
    goalEventId: `${matchId}-18`,
    reason: 'offside',
    minute: 90,
  });
  inPlay.push({
    eventId: `${matchId}-sta2`,
    type: 'StoppageTimeAnnounced',
    period: '2H',
    added: 4,
    minute: 90,
  });
  inPlay.push({ eventId: `${matchId}-pe2`, type: 'PeriodEnded', period: '2H', minute: 90, stoppage: 4 });
  inPlay.push({ eventId: `${matchId}-end`, type: 'MatchEnded', minute: 90, stoppage: 4 });
  const at = (seq: number) => new Date(startMs + seq * 20000).toISOString();
  const scheduled: MatchScheduled = {
    type: 'MatchScheduled',
    ...scheduleBody(matchId, competition),
    eventId: `schedule-${matchId}`,
  };
  return [scheduled, ...inPlay].map((e, i) => toRecord(streamId, i + 1, e, at(i + 1)));
}

const ENVELOPE = new Set(['streamId', 'seq', 'schemaVersion', 'recordedAt', 'feeder']);

/**
 * Runs a generated match through the API's own checks (the body parser, then the decider):
 * throws on the first event either would refuse.
 */
export function assertValidMatch(records: LogRecord[]): MatchState {
  const [first, ...rest] = records;
  let state = evolveMatch(null, first as unknown as Parameters<typeof evolveMatch>[1]);
  for (const r of rest) {
    const posted = Object.fromEntries(Object.entries(r).filter(([k]) => !ENVELOPE.has(k)));
    const parsed = parseInPlayEvents(posted);
    if (!parsed.ok)
      throw new Error(`generated ${r.type} seq ${r.seq} is malformed: ${JSON.stringify(parsed.errors)}`);
    const decision = decideMatch(state, parsed.value.events, {}, r.recordedAt);
    if (!decision.ok)
      throw new Error(`generated ${r.type} seq ${r.seq} refused: ${JSON.stringify(decision.violation)}`);
    state = evolveMatch(state, r as unknown as Parameters<typeof evolveMatch>[1]);
  }
  return state;
}
