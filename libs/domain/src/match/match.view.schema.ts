import { z } from 'zod';
import type { Fits } from '../common/fits';
import type { MatchView, ScorerLine } from './match.view';

/**
 * The response shapes of the match views, as JSON Schema can state them. The domain's own types
 * stay the interfaces in `match.view.ts`; the `Fits` checks below keep the two in step.
 */
export const periodSchema = z.enum(['1H', '2H', 'ET1', 'ET2', 'PSO']).meta({ id: 'Period' });
export const scoreSchema = z
  .object({ home: z.int().min(0), away: z.int().min(0) })
  .meta({ id: 'Score', example: { home: 2, away: 1 } });
export const teamRefSchema = z
  .object({ id: z.string(), name: z.string() })
  .meta({ id: 'TeamRef', example: { id: 'MIA', name: 'Inter Miami CF' } });
export const matchStatusSchema = z
  .enum(['scheduled', 'live', 'finished', 'abandoned'])
  .meta({ id: 'MatchStatus' });

export const matchViewSchema = z
  .object({
    matchId: z.string(),
    competition: z.string(),
    tieId: z.string().nullable(),
    leg: z.union([z.literal(1), z.literal(2)]).nullable(),
    group: z.string().nullable(),
    round: z.string().nullable(),
    homeTeam: teamRefSchema,
    awayTeam: teamRefSchema,
    kickoffAt: z.string().nullable().meta({ format: 'date-time' }),
    status: matchStatusSchema,
    period: periodSchema.nullable(),
    minute: z.int().nullable(),
    stoppage: z.int().nullable(),
    score: scoreSchema,
    shootout: scoreSchema.nullable(),
    version: z.int().min(0).meta({ description: 'seq of the last event applied' }),
    lastRecordedAt: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({
    id: 'MatchView',
    description: 'A match: teams, score, status, period and minute, version (last seq applied).',
  });

export const scorerLineSchema = z
  .object({ player: z.string(), team: z.string(), goals: z.int().min(1) })
  .meta({ id: 'ScorerLine' });
export const scorersSchema = z.array(scorerLineSchema).meta({
  id: 'Scorers',
  description: 'Most goals first: counted goals only, own goals credited to nobody.',
});

export type MatchViewFits = Fits<typeof matchViewSchema, MatchView>;
export type ScorerLineFits = Fits<typeof scorerLineSchema, ScorerLine>;
