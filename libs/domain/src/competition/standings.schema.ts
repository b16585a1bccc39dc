import { z } from 'zod';
import type { Fits } from '../common/fits';
import type { StandingsRow, StandingsTable } from './standings.types';

export const standingsRowSchema = z
  .object({
    pos: z.int().min(1),
    team: z.string(),
    played: z.int().min(0),
    won: z.int().min(0),
    drawn: z.int().min(0),
    lost: z.int().min(0),
    goalsFor: z.int().min(0),
    goalsAgainst: z.int().min(0),
    goalDifference: z.int(),
    points: z.int(),
    fairPlay: z
      .int()
      .max(0)
      .meta({ description: 'team conduct: yellow -1, second yellow -3, red -4, yellow then red -5' }),
    live: z.boolean().meta({ description: 'a match counted in this row is being played now' }),
    lots: z.boolean().meta({ description: 'level on every criterion: the organiser draws lots' }),
  })
  .meta({ id: 'StandingsRow' });

export const standingsTableSchema = z
  .object({
    group: z
      .string()
      .nullable()
      .meta({ description: 'null: the league table (matches with no group and no tie)' }),
    live: z.boolean(),
    rows: z.array(standingsRowSchema),
  })
  .meta({ id: 'StandingsTable' });

export type StandingsRowFits = Fits<typeof standingsRowSchema, StandingsRow>;
export type StandingsTableFits = Fits<typeof standingsTableSchema, StandingsTable>;
