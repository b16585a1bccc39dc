import type { Recorded } from '../common/recorded';
import type {
  Card,
  DisallowReason,
  GoalKind,
  InPlayEvent,
  MatchScheduled,
  Period,
  TeamRef,
  VarIncident,
  VarOutcome,
} from './match-event.types';

export type Score = { home: number; away: number };
export type MatchStatus = 'scheduled' | 'live' | 'finished' | 'abandoned';

export interface GoalRecord {
  eventId: string | null;
  seq: number;
  team: string;
  player: string;
  assist: string | null;
  kind: GoalKind;
  minute: number | null;
  stoppage: number | null;
  period: Period | null;
  counts: boolean;
  disallowed: { reason: DisallowReason; byEventId: string | null; seq: number } | null;
}

export interface ReviewRecord {
  reviewId: string;
  incident: VarIncident;
  /** The reviewed event, resolved when the review opened (a goal, a penalty award, a card). */
  refSeq: number | null;
  startedSeq: number;
  completedSeq: number | null;
  outcome: VarOutcome | null;
  decision: string | null;
}

/** A card as the match now says it was shown (corrections applied, retracted cards gone). */
export interface CardRecord {
  seq: number;
  team: string;
  player: string;
  card: Card;
}

export interface ShootoutKickRecord {
  seq: number;
  team: string;
  player: string;
  scored: boolean;
}

/**
 * The folded match: plain JSON, so the projector can store it as jsonb and keep folding later.
 * `log` holds every accepted in-play event as recorded; everything else is derived from its
 * effective form (corrections applied, retracted events removed) and recomputed when a
 * correction or retraction arrives.
 */
export interface MatchState {
  matchId: string;
  competition: string;
  homeTeam: TeamRef;
  awayTeam: TeamRef;
  kickoffAt: string | null;
  tieId: string | null;
  leg: 1 | 2 | null;
  group: string | null;
  round: string | null;
  status: MatchStatus;
  /** The last period started (it may have ended: see `periodInProgress`). */
  period: Period | null;
  periodInProgress: boolean;
  minute: number | null;
  stoppage: number | null;
  version: number;
  lastRecordedAt: string | null;
  score: Score;
  shootout: Score | null;
  shootoutWinner: string | null;
  periodsStarted: Period[];
  periodsEnded: Period[];
  stoppageAnnounced: Partial<Record<Period, number>>;
  goals: GoalRecord[];
  goalsByPeriod: Record<Period, Score>;
  pendingPenalty: { team: string; eventId: string | null; seq: number } | null;
  openReview: ReviewRecord | null;
  reviews: ReviewRecord[];
  sentOff: Array<{ team: string; player: string; seq: number }>;
  shootoutKicks: ShootoutKickRecord[];
  /** Every card shown, in seq order (a VAR review may still rescind a red one: see `cardsShown`). */
  cards: CardRecord[];
  abandonedReason: string | null;
  log: Array<Recorded<InPlayEvent>>;
}

/**
 * The match without its log: what the read models store (the events are stored beside it, in
 * seq order) and what every view of the match needs. Folding an ordinary event needs no more;
 * a correction, a retraction or a review naming an earlier event needs the log (see
 * `needsLog`).
 */
export type LeanMatchState = Omit<MatchState, 'log'>;

/** `state` without its log (a copy; `state` is left as it is). */
export function withoutLog(state: LeanMatchState): LeanMatchState {
  const lean: Partial<MatchState> = { ...state };
  delete lean.log;
  return lean as LeanMatchState;
}

/** Null: the stream is not scheduled yet (the first event must be MatchScheduled). */
export function initialMatchState(): MatchState | null {
  return null;
}

const zero = (): Score => ({ home: 0, away: 0 });

export function emptyGoalsByPeriod(): Record<Period, Score> {
  return { '1H': zero(), '2H': zero(), ET1: zero(), ET2: zero(), PSO: zero() };
}

/** A freshly scheduled match, before any in-play event. */
export function scheduledMatch(e: Recorded<MatchScheduled>): MatchState {
  return {
    matchId: e.matchId,
    competition: e.competition,
    homeTeam: { id: e.homeTeam.id, name: e.homeTeam.name },
    awayTeam: { id: e.awayTeam.id, name: e.awayTeam.name },
    kickoffAt: e.kickoffAt ?? null,
    tieId: e.tieId ?? null,
    leg: e.leg ?? null,
    group: e.group ?? null,
    round: e.round ?? null,
    ...derivedReset(),
    version: e.seq,
    lastRecordedAt: e.recordedAt,
    log: [],
  };
}

type Derived = Omit<
  MatchState,
  | 'matchId'
  | 'competition'
  | 'homeTeam'
  | 'awayTeam'
  | 'kickoffAt'
  | 'tieId'
  | 'leg'
  | 'group'
  | 'round'
  | 'version'
  | 'lastRecordedAt'
  | 'log'
>;

/** Every derived field at its pre-kick-off value. */
export function derivedReset(): Derived {
  return {
    status: 'scheduled',
    period: null,
    periodInProgress: false,
    minute: null,
    stoppage: null,
    score: zero(),
    shootout: null,
    shootoutWinner: null,
    periodsStarted: [],
    periodsEnded: [],
    stoppageAnnounced: {},
    goals: [],
    goalsByPeriod: emptyGoalsByPeriod(),
    pendingPenalty: null,
    openReview: null,
    reviews: [],
    sentOff: [],
    shootoutKicks: [],
    cards: [],
    abandonedReason: null,
  };
}

export function sideOf(
  state: Pick<MatchState, 'homeTeam' | 'awayTeam'>,
  team: string,
): 'home' | 'away' | null {
  if (team === state.homeTeam.id) return 'home';
  if (team === state.awayTeam.id) return 'away';
  return null;
}
