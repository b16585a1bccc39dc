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

export const matchStreamId = (matchId: string): string => `match:${matchId}`;
export const tieStreamId = (tieId: string): string => `tie:${tieId}`;
export const competitionStreamId = (competitionId: string): string => `competition:${competitionId}`;

export type LogStreamKind = 'match' | 'tie' | 'competition';

export function parseStreamId(streamId: string): { kind: LogStreamKind; id: string } | null {
  const i = streamId.indexOf(':');
  const kind = streamId.slice(0, i);
  if (i < 0 || (kind !== 'match' && kind !== 'tie' && kind !== 'competition')) return null;
  return { kind, id: streamId.slice(i + 1) };
}

export class MalformedRecordError extends Error {}

/** Decodes a Kafka message value; throws MalformedRecordError for anything that is not a log record. */
export function decodeRecord(value: Buffer | null): LogRecord {
  if (!value) throw new MalformedRecordError('empty record');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new MalformedRecordError('record is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedRecordError('record is not an object');
  }
  const r = parsed as Record<string, unknown>;
  if (typeof r.streamId !== 'string' || !parseStreamId(r.streamId))
    throw new MalformedRecordError('bad streamId');
  if (typeof r.seq !== 'number' || !Number.isInteger(r.seq) || r.seq < 1)
    throw new MalformedRecordError('bad seq');
  if (typeof r.type !== 'string') throw new MalformedRecordError('bad type');
  if (typeof r.recordedAt !== 'string') throw new MalformedRecordError('bad recordedAt');
  return r as LogRecord;
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
