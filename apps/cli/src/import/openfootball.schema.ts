import { z } from 'zod';

/**
 * openfootball's public-domain JSON (openfootball/worldcup.json, openfootball/euro.json), as far
 * as the importer reads it. Objects are loose: fields we do not use (`ground`, a goal's running
 * `score`, …) are tolerated, fields we use are checked.
 */

/** A minute as the format writes it: 67, "67", "67'", "90+4", "90+4'". */
export const MINUTE_TEXT = /^(\d{1,3})'?(?:\s*\+\s*(\d{1,2}))?'?$/;

const name = z.string().trim().min(1).max(100);
const count = z.int().min(0).max(99);
const pair = z.tuple([count, count]);

const minute = z.union([
  z.int().min(0).max(150),
  z.string().trim().regex(MINUTE_TEXT, 'expected a minute such as 67, "67\'" or "90+4"'),
]);

export const goalSchema = z.object({
  name,
  minute,
  offset: z.int().min(0).max(30).optional(),
  penalty: z.boolean().optional(),
  owngoal: z.boolean().optional(),
});

/** A team: a bare name (worldcup-2022 shape) or `{ name, code }` (euro shape). */
export const teamSchema = z.union([
  name,
  z.object({ name, code: z.string().trim().min(1).max(64).optional() }),
]);

export const scoreSchema = z.object({
  ft: pair,
  ht: pair.optional(),
  et: pair.optional(),
  p: pair.optional(),
});

/** One match; a match not played yet has no score (it is scheduled without events). */
export const matchSchema = z.object({
  num: z.int().min(1).max(9999).optional(),
  round: z.string().trim().min(1).max(64).optional(),
  group: z.string().trim().min(1).max(64).optional(),
  date: z.iso.date(),
  time: z
    .string()
    .trim()
    .regex(
      /^\d{1,2}:\d{2}(?:\s*UTC\s*[+-]\d{1,2}(?::?\d{2})?)?$/,
      'expected a time such as "18:00" or "18:00 UTC+3"',
    )
    .optional(),
  team1: teamSchema,
  team2: teamSchema,
  score: scoreSchema.optional(),
  goals1: z.array(goalSchema).optional(),
  goals2: z.array(goalSchema).optional(),
});

/** The file: a flat `matches` list, or `rounds` each with its `matches`. Matches are checked one by one. */
export const fileSchema = z.union([
  z.object({ name: z.string().trim().min(1).max(200), matches: z.array(z.unknown()) }),
  z.object({
    name: z.string().trim().min(1).max(200),
    rounds: z.array(z.object({ name: z.string().trim().min(1).max(64), matches: z.array(z.unknown()) })),
  }),
]);

export type OpenfootballGoal = z.infer<typeof goalSchema>;
export type OpenfootballTeam = z.infer<typeof teamSchema>;
export type OpenfootballMatch = z.infer<typeof matchSchema>;
