import { z } from 'zod';
import { parseWith, type Parsed } from '../shared/parsed';
import { streamId } from '../match/schedule-match.schema';
import type { TieScheduled } from './tie-event.types';

const scheduleTie = z
  .strictObject({
    tieId: streamId,
    competition: streamId,
    legs: z.tuple([streamId, streamId]),
    rules: z.strictObject({
      awayGoals: z.enum(['none', 'regulation', 'extra_time']),
      extraTime: z.boolean(),
      penalties: z.boolean(),
    }),
    eventId: z.string().min(1).max(128).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.legs[0] === t.legs[1])
      ctx.addIssue({ code: 'custom', path: ['legs', 1], message: 'the two legs must differ' });
  });

/** Validates the body of `POST /ties`. */
export function parseScheduleTie(body: unknown): Parsed<Omit<TieScheduled, 'type'>> {
  return parseWith(scheduleTie, body);
}
