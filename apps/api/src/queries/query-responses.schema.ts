import { z } from 'zod';
import {
  fixtureViewSchema,
  matchViewSchema,
  scoreSchema,
  standingsRowSchema,
  standingsTableSchema,
  tieLegViewSchema,
  tieStandingShape,
  timelineEntrySchema,
  type Fits,
} from '@touchline/domain';
import { matchRecordSchema } from '../write-side/log-record.schema';

import type { StandingsResponse } from './get-standings.query';
import type { TieResponse } from './get-tie.query';

export const timelineResponseSchema = z
  .object({
    matchId: z.string(),
    version: z.int().min(0),
    score: scoreSchema,
    events: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Timeline' });

export const matchEventsResponseSchema = z
  .object({
    matchId: z.string(),
    version: z.int().min(0),
    events: z.array(matchRecordSchema).meta({ description: 'the records, in seq order' }),
  })
  .meta({ id: 'MatchEvents' });

export const tieResponseSchema = z
  .object({
    ...tieStandingShape,
    legs: z.array(
      tieLegViewSchema.extend({
        version: z
          .int()
          .nullable()
          .meta({ description: 'the leg as projected; null before it is scheduled' }),
      }),
    ),
  })
  .meta({ id: 'Tie' });

export type TieResponseFits = Fits<typeof tieResponseSchema, TieResponse>;

export const standingsResponseSchema = z
  .object({
    competition: z.string(),
    name: z.string().nullable().meta({ description: 'null for a competition never declared' }),
    rules: z.object({
      points: z.object({ win: z.int(), draw: z.int(), loss: z.int() }),
      tiebreakers: z.enum(['fifa', 'uefa', 'league']),
    }),
    tables: z.array(standingsTableSchema),
    thirdPlaced: z
      .array(standingsRowSchema)
      .nullable()
      .meta({ description: 'the third-placed teams ranked across groups; null with fewer than two groups' }),
  })
  .meta({ id: 'Standings' });

export const fixturesResponseSchema = z.array(fixtureViewSchema).meta({ id: 'Fixtures' });
export const matchListResponseSchema = z.array(matchViewSchema).meta({ id: 'MatchList' });

export type StandingsResponseFits = Fits<typeof standingsResponseSchema, StandingsResponse>;
