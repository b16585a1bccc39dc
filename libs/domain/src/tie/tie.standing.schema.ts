import { z } from 'zod';
import type { Fits } from '../common/fits';
import { scoreSchema } from '../match/match.view.schema';
import type { TieLegView, TieStanding } from './tie.standing';

const byTeam = (description: string) =>
  z.record(z.string(), z.int().min(0)).meta({ description, example: { LAFC: 2, MIA: 3 } });

export const tieRulesSchema = z
  .object({
    awayGoals: z.enum(['none', 'regulation', 'extra_time']),
    extraTime: z.boolean(),
    penalties: z.boolean(),
  })
  .meta({ id: 'TieRules' });

export const tieLegViewSchema = z.object({
  leg: z.union([z.literal(1), z.literal(2)]),
  matchId: z.string(),
  homeTeam: z.string().nullable().meta({ description: 'team id; null until the leg is scheduled' }),
  awayTeam: z.string().nullable(),
  score: scoreSchema.nullable(),
  status: z.enum(['scheduled', 'live', 'finished', 'abandoned']).nullable(),
});

/** The tie standing's fields: "who goes through if it ended now, and why". */
export const tieStandingShape = {
  tieId: z.string(),
  competition: z.string(),
  rules: tieRulesSchema,
  aggregate: byTeam('goals over the legs, keyed by team id'),
  awayGoals: byTeam('goals the rules count as away goals, keyed by team id (all zero for one match)'),
  leader: z.string().nullable().meta({ description: 'team id, or null when level' }),
  reason: z.enum(['aggregate', 'away_goals', 'penalties', 'level']),
  decided: z.boolean(),
  winner: z.string().nullable(),
  shootout: z.record(z.string(), z.int().min(0)).nullable().meta({ description: 'keyed by team id' }),
};

export const tieStandingSchema = z
  .object({ ...tieStandingShape, legs: z.array(tieLegViewSchema) })
  .meta({ id: 'TieStanding' });

export type TieStandingFits = Fits<typeof tieStandingSchema, TieStanding>;
export type TieLegViewFits = Fits<typeof tieLegViewSchema, TieLegView>;
