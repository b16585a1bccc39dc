import type { PointsRule, TiebreakerPreset } from './standings.types';

/** Opens a competition stream; produced by the write side from `POST /competitions`. */
export interface CompetitionDeclared {
  type: 'CompetitionDeclared';
  competitionId: string;
  name: string;
  /** As posted: what is left out takes the defaults (3/1/0 points, FIFA tiebreakers). */
  standings?: { points?: PointsRule; tiebreakers?: TiebreakerPreset };
  eventId?: string;
}

export type CompetitionEvent = CompetitionDeclared;
