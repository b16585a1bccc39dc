import { isUtf8 } from 'node:buffer';
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
  return decodeLoggedValue(value).record;
}

/**
 * Decodes a Kafka message value like `decodeRecord`, and says whether the value itself is a JSON
 * text of the record: valid UTF-8, and nothing of the record filled in by `toLogRecord` (every
 * field it checks was in the value with the type it keeps). Such a value can be stored as the
 * record without encoding it again; it parses to the same record, field for field and in order.
 */
export function decodeLoggedValue(value: Buffer | null): { record: LogRecord; verbatim: boolean } {
  if (!value) throw new MalformedRecordError('empty record');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new MalformedRecordError('record is not JSON');
  }
  checkEnvelope(parsed);
  // Nothing to fill in: the parsed value is the record `toLogRecord` would copy field for field.
  if (isComplete(parsed)) return { record: parsed as LogRecord, verbatim: isUtf8(value) };
  return { record: toLogRecord(parsed), verbatim: false };
}

/** Throws MalformedRecordError unless `parsed` has a log record's envelope (stream, seq, type, time). */
function checkEnvelope(parsed: unknown): asserts parsed is Record<string, unknown> {
  if (!isObject(parsed)) throw new MalformedRecordError('record is not an object');
  const { streamId, seq, type, recordedAt } = parsed;
  if (typeof streamId !== 'string' || !parseStreamId(streamId))
    throw new MalformedRecordError('bad streamId');
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) throw new MalformedRecordError('bad seq');
  if (typeof type !== 'string') throw new MalformedRecordError('bad type');
  if (typeof recordedAt !== 'string') throw new MalformedRecordError('bad recordedAt');
}

/** Whether the fields `toLogRecord` fills in when missing are all there, with their types. */
const isComplete = (p: Record<string, unknown>): boolean =>
  typeof p.eventId === 'string' &&
  typeof p.schemaVersion === 'number' &&
  (typeof p.feeder === 'string' || p.feeder === null);

/** Checks a parsed record's envelope (as read from Kafka or from a stored copy of it). */
export function toLogRecord(parsed: unknown): LogRecord {
  checkEnvelope(parsed);
  const { eventId, schemaVersion, feeder } = parsed;
  return {
    ...parsed,
    streamId: parsed.streamId as string,
    seq: parsed.seq as number,
    type: parsed.type as string,
    recordedAt: parsed.recordedAt as string,
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
