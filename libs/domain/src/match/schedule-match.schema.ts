import { z } from 'zod';
import { parseWith, type Parsed } from '../common/parsed';
import { STREAM_ID_PATTERN } from '../common/stream-id';
import type { MatchScheduled } from './match-event.types';

export const streamId = z
  .string()
  .regex(STREAM_ID_PATTERN, 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$')
  .meta({ id: 'StreamId', description: 'a client-chosen id' });
const team = z.strictObject({ id: streamId, name: z.string().trim().min(1).max(100) });

/** The body of `POST /matches`: what validates it is what documents it. */
export const scheduleMatchSchema = z
  .strictObject({
    matchId: streamId,
    competition: streamId,
    homeTeam: team,
    awayTeam: team,
    kickoffAt: z.iso.datetime({ offset: true }).optional(),
    tieId: streamId.optional(),
    leg: z.union([z.literal(1), z.literal(2)]).optional(),
    group: z.string().trim().min(1).max(32).optional(),
    round: z.string().trim().min(1).max(64).optional(),
    eventId: z.string().min(1).max(128).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.homeTeam.id === m.awayTeam.id) {
      ctx.addIssue({ code: 'custom', path: ['awayTeam', 'id'], message: 'home and away teams must differ' });
    }
    if (m.tieId !== undefined && m.leg === undefined) {
      ctx.addIssue({ code: 'custom', path: ['leg'], message: 'a match in a tie must say which leg it is' });
    }
    if (m.leg !== undefined && m.tieId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tieId'], message: 'a leg must name its tie' });
    }
  })
  .meta({ id: 'ScheduleMatch' });

/** Validates the body of `POST /matches`. The competition is a code (URL-safe, like ids). */
export function parseScheduleMatch(body: unknown): Parsed<Omit<MatchScheduled, 'type'>> {
  return parseWith(scheduleMatchSchema, body);
}
