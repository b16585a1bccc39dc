import {
  isCompetitionEvent,
  isMatchEvent,
  isTieEvent,
  type CompetitionEvent,
  type MatchEvent,
  type Recorded,
  type TieEvent,
} from '@touchline/domain';
import { toLogRecord, type LogRecord } from './log-record';
import { parseStreamId } from './stream-id';

/** What the server adds to a posted event when it appends it. */
export interface RecordMeta {
  streamId: string;
  seq: number;
  recordedAt: string;
  feeder: string | null;
  schemaVersion: number;
}

/** A log record as the domain sees it: the event of its stream's kind, the metadata apart. */
export type LoggedEvent =
  | { kind: 'match'; id: string; event: MatchEvent; meta: RecordMeta }
  | { kind: 'tie'; id: string; event: TieEvent; meta: RecordMeta }
  | { kind: 'competition'; id: string; event: CompetitionEvent; meta: RecordMeta };

/** A well-formed record whose event its stream cannot hold. */
export class UnknownEventError extends Error {}

/**
 * The one boundary between the log and the domain: splits a record into its event and its
 * metadata, and tells the event's kind by its stream and `type`. Throws UnknownEventError for an
 * event type the stream's kind does not have.
 */
export function decodeEvent(record: LogRecord): LoggedEvent {
  const { streamId, seq, recordedAt, feeder, schemaVersion, ...event } = record;
  const meta: RecordMeta = { streamId, seq, recordedAt, feeder, schemaVersion };
  const ref = parseStreamId(streamId);
  if (ref?.kind === 'match' && isMatchEvent(event)) return { kind: 'match', id: ref.id, event, meta };
  if (ref?.kind === 'tie' && isTieEvent(event)) return { kind: 'tie', id: ref.id, event, meta };
  if (ref?.kind === 'competition' && isCompetitionEvent(event))
    return { kind: 'competition', id: ref.id, event, meta };
  throw new UnknownEventError(`unknown ${ref?.kind ?? 'stream'} event type '${event.type}' (seq ${seq})`);
}

/** A log record as the domain folds it: {@link LoggedEvent} with its event recorded (see `recorded`). */
export type RecordedLoggedEvent =
  | { kind: 'match'; id: string; event: Recorded<MatchEvent>; meta: RecordMeta }
  | { kind: 'tie'; id: string; event: Recorded<TieEvent>; meta: RecordMeta }
  | { kind: 'competition'; id: string; event: Recorded<CompetitionEvent>; meta: RecordMeta };

/**
 * `decodeEvent` with `recorded(event, meta)` as its event, in one copy of the record instead of
 * two: what every fold of stored records does per record. `decodeEvent`'s event is a copy
 * of its own, so seq and recordedAt go onto it, last, where `recorded` puts them: the same event,
 * field for field and in the same order. Throws as `decodeEvent`.
 */
export function decodeRecordedEvent(record: LogRecord): RecordedLoggedEvent {
  const logged = decodeEvent(record);
  const event = logged.event as Recorded<typeof logged.event>;
  event.seq = logged.meta.seq;
  event.recordedAt = logged.meta.recordedAt;
  return logged as RecordedLoggedEvent;
}

/** The event with the two facts of its position the domain folds by: its seq and when it was recorded. */
export function recorded<E>(event: E, meta: RecordMeta): Recorded<E> {
  return { ...event, seq: meta.seq, recordedAt: meta.recordedAt };
}

/** A match's event from a stored copy of its record (the read models keep each record whole). */
export function recordedMatchEvent(stored: unknown): Recorded<MatchEvent> {
  const logged = decodeRecordedEvent(toLogRecord(stored));
  if (logged.kind !== 'match') throw new UnknownEventError(`${logged.meta.streamId} is not a match`);
  return logged.event;
}
