import { z } from 'zod';
import { parseWith, type Parsed } from '../common/parsed';
import { streamId } from '../match/schedule-match.schema';
import type { TieLegs, TieScheduled } from './tie-event.types';

/** The body of `POST /ties`: what validates it is what documents it. */
export const scheduleTieSchema = z
  .strictObject({
    tieId: streamId,
    competition: streamId,
    legs: z.array(streamId).min(1, 'a tie has one leg or two').max(2, 'a tie has one leg or two'),
    rules: z.strictObject({
      awayGoals: z.enum(['none', 'regulation', 'extra_time']),
      extraTime: z.boolean(),
      penalties: z.boolean(),
    }),
    eventId: z.string().min(1).max(128).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.legs.length === 2 && t.legs[0] === t.legs[1])
      ctx.addIssue({ code: 'custom', path: ['legs', 1], message: 'the two legs must differ' });
    if (t.legs.length === 1 && t.rules.awayGoals !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', 'awayGoals'],
        message: 'a one-match tie has no away goals: must be "none"',
      });
    }
  })
  .meta({ id: 'ScheduleTie' });

/** Validates the body of `POST /ties`: one leg (a one-match knockout) or two (home and away). */
export function parseScheduleTie(body: unknown): Parsed<Omit<TieScheduled, 'type'>> {
  const parsed = parseWith(scheduleTieSchema, body);
  return parsed.ok ? { ok: true, value: { ...parsed.value, legs: parsed.value.legs as TieLegs } } : parsed;
}
