import { z } from 'zod';
import { parseWith, type Parsed } from '../common/parsed';
import { streamId } from '../match/schedule-match.schema';
import type { CompetitionDeclared } from './competition-event.types';

const points = z.number().int('must be an integer').min(0).max(100);

/** The body of `POST /competitions`: what validates it is what documents it. */
export const declareCompetitionSchema = z
  .strictObject({
    competitionId: streamId,
    name: z.string().trim().min(1).max(100),
    standings: z
      .strictObject({
        points: z.strictObject({ win: points, draw: points, loss: points }).optional(),
        tiebreakers: z.enum(['fifa', 'uefa', 'league']).optional(),
      })
      .optional(),
    eventId: z.string().min(1).max(128).optional(),
  })
  .meta({ id: 'DeclareCompetition' });

/** Validates the body of `POST /competitions`. */
export function parseDeclareCompetition(body: unknown): Parsed<Omit<CompetitionDeclared, 'type'>> {
  return parseWith(declareCompetitionSchema, body);
}
