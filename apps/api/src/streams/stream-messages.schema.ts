import { z } from 'zod';
import { matchViewSchema, tieStandingSchema } from '@touchline/domain';
import { matchRecordSchema } from '../write-side/log-record.schema';

/** `snapshot` (live, on a fresh connection): where the match stands before the next event. */
export const snapshotMessageSchema = z
  .object({ seq: z.int().min(0), state: matchViewSchema.nullable() })
  .meta({ id: 'StreamSnapshot' });

/** `match-event` (live and replay): one event with the match (and its tie) right after it. */
export const matchEventMessageSchema = z
  .object({
    seq: z.int().min(1).meta({ description: 'also the SSE id' }),
    event: matchRecordSchema,
    state: matchViewSchema,
    tie: tieStandingSchema
      .nullable()
      .meta({ description: 'for a leg of a tie, its standing after the event' }),
  })
  .meta({ id: 'StreamMatchEvent' });

/** `end` (replay): the last event has been sent; the stream closes. */
export const endMessageSchema = z
  .object({ matchId: z.string(), version: z.int().min(0) })
  .meta({ id: 'StreamEnd' });
