import { z } from 'zod';
import {
  declareCompetitionSchema,
  IN_PLAY_EVENT_TYPES,
  inPlayEventSchemas,
  scheduleMatchSchema,
  scheduleTieSchema,
  type InPlayEventType,
} from '@touchline/domain';
import { SCHEMA_VERSION } from '@touchline/event-store';

/** What the server adds to every event it appends (see `toLogRecords`). */
const recordMeta = {
  streamId: z.string().meta({ description: '`match:<matchId>`, `tie:<tieId>` or `competition:<id>`' }),
  seq: z.int().min(1).meta({ description: '1, 2, 3… per stream, gapless' }),
  eventId: z.string().meta({ description: 'as posted, or assigned by the server' }),
  schemaVersion: z.literal(SCHEMA_VERSION).meta({ description: 'version of this record layout' }),
  recordedAt: z.string().meta({ format: 'date-time', description: 'server wall clock at append' }),
  feeder: z
    .string()
    .nullable()
    .meta({ description: "the posting key's identity (role and a one-way digest, never the key)" }),
};

const inPlayRecord = <T extends InPlayEventType>(type: T) => {
  const schema: z.ZodObject = inPlayEventSchemas[type];
  return schema.extend(recordMeta).meta({ id: `${type}Record` });
};

export const matchScheduledRecordSchema = z
  .object({ ...scheduleMatchSchema.shape, type: z.literal('MatchScheduled'), ...recordMeta })
  .meta({ id: 'MatchScheduledRecord' });
export const tieScheduledRecordSchema = z
  .object({ ...scheduleTieSchema.shape, type: z.literal('TieScheduled'), ...recordMeta })
  .meta({ id: 'TieScheduledRecord' });
export const competitionDeclaredRecordSchema = z
  .object({ ...declareCompetitionSchema.shape, type: z.literal('CompetitionDeclared'), ...recordMeta })
  .meta({ id: 'CompetitionDeclaredRecord' });

const inPlayRecords = IN_PLAY_EVENT_TYPES.map(inPlayRecord);

/** A record of a match stream: the event as posted plus the server's metadata. */
export const matchRecordSchema = z
  .discriminatedUnion('type', [matchScheduledRecordSchema, ...inPlayRecords])
  .meta({ id: 'MatchRecord' });

/** Any record of the log: match, tie and competition streams share one topic. */
export const logRecordSchema = z
  .discriminatedUnion('type', [
    matchScheduledRecordSchema,
    ...inPlayRecords,
    tieScheduledRecordSchema,
    competitionDeclaredRecordSchema,
  ])
  .meta({ id: 'LogRecord' });
