import type { CompetitionEvent } from './competition/competition-event.types';
import { IN_PLAY_EVENT_TYPES, type MatchEvent } from './match/match-event.types';
import type { TieEvent } from './tie/tie-event.types';

/** Every event type a stream of each kind may hold: how a stored event is told apart by its `type`. */
const MATCH_TYPES: ReadonlySet<string> = new Set<MatchEvent['type']>([
  'MatchScheduled',
  ...IN_PLAY_EVENT_TYPES,
]);
const TIE_TYPES: ReadonlySet<string> = new Set<TieEvent['type']>(['TieScheduled']);
const COMPETITION_TYPES: ReadonlySet<string> = new Set<CompetitionEvent['type']>(['CompetitionDeclared']);

export const isMatchEvent = (event: { type: string }): event is MatchEvent => MATCH_TYPES.has(event.type);
export const isTieEvent = (event: { type: string }): event is TieEvent => TIE_TYPES.has(event.type);
export const isCompetitionEvent = (event: { type: string }): event is CompetitionEvent =>
  COMPETITION_TYPES.has(event.type);
