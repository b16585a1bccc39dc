/**
 * Touchline's rules of football: pure functions over plain JSON data. No I/O; the clock and ids
 * come from outside. Everything else (command handler, projector, time travel, replay) calls
 * these and re-implements none of them.
 */
export { STREAM_ID_PATTERN } from './common/stream-id';
export { isMatchEvent, isTieEvent, isCompetitionEvent } from './events';
export type { Recorded } from './common/recorded';
export { parseClock, compareClock, formatClock, type ClockPoint } from './common/clock';
export type { FieldError, Parsed } from './common/parsed';

export * from './match/match-event.types';
export { parseInPlayEvents, MAX_EVENTS_PER_POST } from './match/match-event.schema';
export { parseScheduleMatch } from './match/schedule-match.schema';
export {
  initialMatchState,
  sideOf,
  withoutLog,
  type LeanMatchState,
  type MatchState,
  type MatchStatus,
  type CardRecord,
  type GoalRecord,
  type ReviewRecord,
  type ShootoutKickRecord,
  type Score,
} from './match/match.state';
export { evolveMatch, evolveMatchInPlace, needsLog } from './match/match.evolve';
export { eventLimitBreak } from './match/match.limits';
export { decideMatch, applyDecided, type Decision } from './play/match.decide';
export {
  MATCH_RULES,
  RULE_CODES,
  type MatchRule,
  type RuleCode,
  type RuleViolation,
} from './common/rule-violation';
export type { MatchContext } from './play/match.context';
export { effectiveEvents } from './match/match.effective';
export { recordedById } from './match/match.log-index';
export { shootoutOutcome } from './match/match.shootout';
export { PERIOD_ORDER, PERIOD_RANGE } from './match/period.rules';
export { matchView, scorersOf, sortScorers, type MatchView, type ScorerLine } from './match/match.view';
export { timelineView, type TimelineEntry, type TimelineBase } from './match/match.timeline';
export { foldMatch, type TimeTravel } from './match/match.time-travel';

export type { TieRules, TieScheduled, TieEvent, TieLegs } from './tie/tie-event.types';
export { parseScheduleTie } from './tie/schedule-tie.schema';
export { initialTieState, decidingLeg, type TieState } from './tie/tie.state';
export { evolveTie } from './tie/tie.evolve';
export { scheduleMatchBreak, scheduleTieBreak, type LegHolder } from './tie/leg-claims';
export {
  tieStanding,
  legsInOrder,
  countsAsAwayGoal,
  type TieStanding,
  type TieLegView,
  type TieReason,
} from './tie/tie.standing';

export type { CompetitionDeclared, CompetitionEvent } from './competition/competition-event.types';
export { parseDeclareCompetition } from './competition/declare-competition.schema';
export { initialCompetitionState, type CompetitionState } from './competition/competition.state';
export { evolveCompetition } from './competition/competition.evolve';

export * from './competition/standings.types';
export { computeStandings } from './competition/standings.compute';
export { fairPlayOfMatch, type CardKind, type CardOfMatch } from './competition/fair-play';
export { fixtureView, cardsShown, tableMatchOf, type FixtureView } from './competition/competition-match';

// The request schemas (they validate and they document) and the response schemas (documented, and
// checked against the producers' types at compile time).
export type { Fits } from './common/fits';
export { inPlayEventSchemas, postedEventSchema, recordEventsBodySchema } from './match/match-event.schema';
export { scheduleMatchSchema, streamId as streamIdSchema } from './match/schedule-match.schema';
export { scheduleTieSchema } from './tie/schedule-tie.schema';
export { declareCompetitionSchema } from './competition/declare-competition.schema';
export * from './match/match.view.schema';
export { timelineEntrySchema } from './match/match.timeline.schema';
export * from './tie/tie.standing.schema';
export * from './competition/standings.schema';
export * from './competition/competition-match.schema';

// The command path's deciders: decide(command, state, context) → events | refusal.
export type { Decider, Refusal } from './commands/decider';
export {
  matchDecider,
  matchScheduledEvent,
  type MatchCommand,
  type MatchDecisionContext,
} from './commands/match.decider';
export {
  tieDecider,
  tieScheduledEvent,
  type TieCommand,
  type ScheduleTieContext,
} from './commands/tie.decider';
export {
  competitionDecider,
  competitionDeclaredEvent,
  type CompetitionCommand,
} from './commands/competition.decider';
