import { randomUUID } from 'node:crypto';
import { LogRecord, SCHEMA_VERSION } from '@touchline/event-store';

/** Wraps accepted events as log records: seq continues the stream, the clock is the server's. */
export function toLogRecords(
  streamId: string,
  version: number,
  events: Array<{ type: string; eventId?: string }>,
  feeder: string,
  recordedAt: string,
): LogRecord[] {
  return events.map((event, i) => ({
    ...event,
    eventId: event.eventId ?? randomUUID(),
    streamId,
    seq: version + i + 1,
    type: event.type,
    schemaVersion: SCHEMA_VERSION,
    recordedAt,
    feeder,
  }));
}
