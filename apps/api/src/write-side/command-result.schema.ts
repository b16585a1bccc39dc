import { z } from 'zod';

const appended = {
  seq: z.int().min(1).meta({ description: "the event's place in its stream" }),
  eventId: z.string().meta({ description: 'as posted, or assigned by the server' }),
};

export const eventAppendedSchema = z
  .object({ matchId: z.string(), ...appended })
  .meta({ id: 'EventAppended', example: { matchId: 'ccc-2025-qf-mia-lafc-1', seq: 4, eventId: 'goal-1' } });

/** `201` (or `200` for an exact retry) of `POST /matches/{id}/events`: one result, or a list for an array. */
export const eventsAppendedSchema = z
  .union([eventAppendedSchema, z.array(eventAppendedSchema)])
  .meta({ id: 'EventsAppended' });

export const matchScheduledAckSchema = z
  .object({ matchId: z.string(), ...appended })
  .meta({ id: 'MatchScheduledAck' });
export const tieScheduledAckSchema = z
  .object({ tieId: z.string(), ...appended })
  .meta({ id: 'TieScheduledAck' });
export const competitionDeclaredAckSchema = z
  .object({ competitionId: z.string(), ...appended })
  .meta({ id: 'CompetitionDeclaredAck' });
