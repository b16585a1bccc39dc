import { z } from 'zod';
import type { Fits } from '../common/fits';
import { matchStatusSchema, scoreSchema, teamRefSchema } from '../match/match.view.schema';
import type { FixtureView } from './competition-match';

/** One item of `GET /competitions/{c}/matches`: fixtures and results. */
export const fixtureViewSchema = z
  .object({
    matchId: z.string(),
    round: z.string().nullable(),
    group: z.string().nullable(),
    tieId: z.string().nullable(),
    homeTeam: teamRefSchema,
    awayTeam: teamRefSchema,
    kickoffAt: z.string().nullable().meta({ format: 'date-time' }),
    status: matchStatusSchema,
    score: scoreSchema,
    shootout: scoreSchema.nullable(),
  })
  .meta({ id: 'Fixture' });

export type FixtureViewFits = Fits<typeof fixtureViewSchema, FixtureView>;
