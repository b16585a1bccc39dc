import { parseStreamId } from './stream-id';

/** Version of the record layout below; bump when it changes shape. */
export const SCHEMA_VERSION = 1;

/**
 * One record of the event log: the event as posted, plus the server's metadata.
 * Kafka key = streamId (so one stream is one partition, in order); value = this as JSON;
 * headers carry eventId and type too.
 */
export type LogRecord = {
  streamId: string;
  seq: number;
  type: string;
  eventId: string;
  schemaVersion: number;
  recordedAt: string;
  feeder: string | null;
} & Record<string, unknown>;

/** A record as read back from Kafka, with where it sits in the log. */
export interface PositionedRecord {
  record: LogRecord;
  partition: number;
  offset: string;
}

export class MalformedRecordError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Decodes a Kafka message value; throws MalformedRecordError for anything that is not a log record. */
export function decodeRecord(value: Buffer | null): LogRecord {
  if (!value) throw new MalformedRecordError('empty record');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new MalformedRecordError('record is not JSON');
  }
  return toLogRecord(parsed);
}

/** Checks a parsed record's envelope (as read from Kafka or from a stored copy of it). */
export function toLogRecord(parsed: unknown): LogRecord {
  if (!isObject(parsed)) throw new MalformedRecordError('record is not an object');
  const { streamId, seq, type, recordedAt, eventId, schemaVersion, feeder } = parsed;
  if (typeof streamId !== 'string' || !parseStreamId(streamId))
    throw new MalformedRecordError('bad streamId');
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) throw new MalformedRecordError('bad seq');
  if (typeof type !== 'string') throw new MalformedRecordError('bad type');
  if (typeof recordedAt !== 'string') throw new MalformedRecordError('bad recordedAt');
  return {
    ...parsed,
    streamId,
    seq,
    type,
    recordedAt,
    eventId: typeof eventId === 'string' ? eventId : '',
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : SCHEMA_VERSION,
    feeder: typeof feeder === 'string' ? feeder : null,
  };
}

export function encodeRecord(record: LogRecord): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  return {
    key: record.streamId,
    value: JSON.stringify(record),
    headers: { eventId: record.eventId, type: record.type },
  };
}
