/** The match event catalog (docs/api.md, "Match events"). Events are past tense, keyed by a string `type`. */
export type TeamRef = { id: string; name: string };
export type Period = '1H' | '2H' | 'ET1' | 'ET2' | 'PSO';
export type GoalKind = 'open_play' | 'penalty' | 'free_kick' | 'header' | 'own_goal';
export type DisallowReason = 'offside' | 'foul' | 'handball' | 'var' | 'other';
export type VarIncident = 'goal' | 'penalty' | 'red_card' | 'mistaken_identity';
export type VarOutcome = 'confirmed' | 'overturned';
export type Card = 'yellow' | 'second_yellow' | 'red';
export type PenaltyMissOutcome = 'saved' | 'missed' | 'woodwork';

/** Fields any in-play event may carry besides its own. */
export interface EventEnvelope {
  eventId?: string;
  minute?: number;
  stoppage?: number;
}

/** Opens a match stream; produced by the write side from `POST /matches`. */
export interface MatchScheduled {
  type: 'MatchScheduled';
  matchId: string;
  competition: string;
  homeTeam: TeamRef;
  awayTeam: TeamRef;
  kickoffAt?: string;
  tieId?: string;
  leg?: 1 | 2;
  /** A group of a group stage ("A"); matches with neither group nor tie form a league table. */
  group?: string;
  /** The round, as the competition names it ("Matchday 1", "Final"). */
  round?: string;
  eventId?: string;
}

export interface PeriodStarted extends EventEnvelope {
  type: 'PeriodStarted';
  period: Period;
}
export interface PeriodEnded extends EventEnvelope {
  type: 'PeriodEnded';
  period: Period;
}
export interface StoppageTimeAnnounced extends EventEnvelope {
  type: 'StoppageTimeAnnounced';
  period: Period;
  added: number;
}
export interface GoalScored extends EventEnvelope {
  type: 'GoalScored';
  /** The team whose score rises (for an own goal, not the scorer's team). */
  team: string;
  player: string;
  assist?: string;
  kind: GoalKind;
}
export interface GoalDisallowed extends EventEnvelope {
  type: 'GoalDisallowed';
  goalEventId: string;
  reason: DisallowReason;
}
export interface OffsideCalled extends EventEnvelope {
  type: 'OffsideCalled';
  team: string;
  player?: string;
}
export interface VarReviewStarted extends EventEnvelope {
  type: 'VarReviewStarted';
  reviewId: string;
  incident: VarIncident;
  refEventId?: string;
}
export interface VarReviewCompleted extends EventEnvelope {
  type: 'VarReviewCompleted';
  reviewId: string;
  outcome: VarOutcome;
  decision?: string;
}
export interface PenaltyAwarded extends EventEnvelope {
  type: 'PenaltyAwarded';
  team: string;
  player?: string;
  offender?: string;
  reason?: string;
}
export interface PenaltyMissed extends EventEnvelope {
  type: 'PenaltyMissed';
  team: string;
  player: string;
  outcome: PenaltyMissOutcome;
}
export interface CardShown extends EventEnvelope {
  type: 'CardShown';
  team: string;
  player: string;
  card: Card;
}
export interface SubstitutionMade extends EventEnvelope {
  type: 'SubstitutionMade';
  team: string;
  playerOff: string;
  playerOn: string;
}
export interface ShootoutKick extends EventEnvelope {
  type: 'ShootoutKick';
  team: string;
  player: string;
  scored: boolean;
}
export interface MatchEnded extends EventEnvelope {
  type: 'MatchEnded';
}
export interface MatchAbandoned extends EventEnvelope {
  type: 'MatchAbandoned';
  reason: string;
}

/** `null` clears an optional field (an assist wrongly credited, a stoppage minute that was not one). */
export interface CorrectionChanges {
  team?: string;
  player?: string;
  assist?: string | null;
  kind?: GoalKind;
  minute?: number;
  stoppage?: number | null;
}
export interface EventCorrected extends EventEnvelope {
  type: 'EventCorrected';
  refEventId: string;
  changes: CorrectionChanges;
}
export interface EventRetracted extends EventEnvelope {
  type: 'EventRetracted';
  refEventId: string;
  reason: string;
}

export type InPlayEvent =
  | PeriodStarted
  | PeriodEnded
  | StoppageTimeAnnounced
  | GoalScored
  | GoalDisallowed
  | OffsideCalled
  | VarReviewStarted
  | VarReviewCompleted
  | PenaltyAwarded
  | PenaltyMissed
  | CardShown
  | SubstitutionMade
  | ShootoutKick
  | MatchEnded
  | MatchAbandoned
  | EventCorrected
  | EventRetracted;

export type InPlayEventType = InPlayEvent['type'];
export type MatchEvent = MatchScheduled | InPlayEvent;

export const IN_PLAY_EVENT_TYPES: readonly InPlayEventType[] = [
  'PeriodStarted',
  'PeriodEnded',
  'StoppageTimeAnnounced',
  'GoalScored',
  'GoalDisallowed',
  'OffsideCalled',
  'VarReviewStarted',
  'VarReviewCompleted',
  'PenaltyAwarded',
  'PenaltyMissed',
  'CardShown',
  'SubstitutionMade',
  'ShootoutKick',
  'MatchEnded',
  'MatchAbandoned',
  'EventCorrected',
  'EventRetracted',
];

/** Which of `team player assist kind minute stoppage` an EventCorrected may change, per type. */
export const CORRECTABLE_FIELDS: Record<InPlayEventType, ReadonlyArray<keyof CorrectionChanges>> = {
  PeriodStarted: ['minute', 'stoppage'],
  PeriodEnded: ['minute', 'stoppage'],
  StoppageTimeAnnounced: ['minute', 'stoppage'],
  GoalScored: ['team', 'player', 'assist', 'kind', 'minute', 'stoppage'],
  GoalDisallowed: ['minute', 'stoppage'],
  OffsideCalled: ['team', 'player', 'minute', 'stoppage'],
  VarReviewStarted: ['minute', 'stoppage'],
  VarReviewCompleted: ['minute', 'stoppage'],
  PenaltyAwarded: ['team', 'player', 'minute', 'stoppage'],
  PenaltyMissed: ['team', 'player', 'minute', 'stoppage'],
  CardShown: ['team', 'player', 'minute', 'stoppage'],
  SubstitutionMade: ['team', 'minute', 'stoppage'],
  ShootoutKick: ['team', 'player', 'minute', 'stoppage'],
  MatchEnded: ['minute', 'stoppage'],
  MatchAbandoned: ['minute', 'stoppage'],
  EventCorrected: [],
  EventRetracted: [],
};

/** Events that shape the match itself and so can never be retracted. */
export const NOT_RETRACTABLE: ReadonlyArray<InPlayEventType> = [
  'PeriodStarted',
  'PeriodEnded',
  'MatchEnded',
  'MatchAbandoned',
  'EventCorrected',
  'EventRetracted',
];
