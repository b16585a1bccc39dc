import {
  decodeEvent,
  decodeRecordedEvent,
  recorded,
  recordedMatchEvent,
  UnknownEventError,
} from './logged-event';
import { MalformedRecordError, toLogRecord, type LogRecord } from './log-record';

const meta = { seq: 3, schemaVersion: 1, recordedAt: '2025-04-10T02:31:00.000Z', feeder: 'feeder-1' };
const goalEvent = {
  type: 'GoalScored',
  eventId: 'g1',
  minute: 9,
  team: 'LAFC',
  player: 'Long',
  kind: 'header',
};
const goal: LogRecord = { streamId: 'match:mia-lafc', ...meta, ...goalEvent };

describe('the log → domain boundary', () => {
  it('splits a record into the event of its stream kind and the metadata', () => {
    expect(decodeEvent(goal)).toEqual({
      kind: 'match',
      id: 'mia-lafc',
      event: goalEvent,
      meta: { streamId: 'match:mia-lafc', ...meta },
    });
  });

  it('tells ties and competitions by their stream and type', () => {
    const tie = { ...meta, streamId: 'tie:qf', seq: 1, type: 'TieScheduled', eventId: 't', tieId: 'qf' };
    expect(decodeEvent(tie)).toMatchObject({ kind: 'tie', id: 'qf', event: { type: 'TieScheduled' } });
    const competition = { ...tie, streamId: 'competition:CCC', type: 'CompetitionDeclared' };
    expect(decodeEvent(competition)).toMatchObject({ kind: 'competition', id: 'CCC' });
  });

  it("refuses an event type its stream's kind does not have", () => {
    expect(() => decodeEvent({ ...goal, type: 'TeleportationOccurred' })).toThrow(UnknownEventError);
    expect(() => decodeEvent({ ...goal, type: 'TeleportationOccurred' })).toThrow(/unknown match event type/);
    expect(() => decodeEvent({ ...goal, streamId: 'tie:qf' })).toThrow(/unknown tie event type 'GoalScored'/);
  });

  it('decodes a record straight into the recorded event: the same as decodeEvent then recorded, keys in order', () => {
    const tie = { ...meta, streamId: 'tie:qf', seq: 1, type: 'TieScheduled', eventId: 't', tieId: 'qf' };
    const competition = { ...tie, streamId: 'competition:CCC', type: 'CompetitionDeclared' };
    // A record as the log holds it (its own key order), and one without feeder and schemaVersion.
    const parsed = JSON.parse(JSON.stringify({ ...goal, extra: { a: 1 } })) as LogRecord;
    const bare = {
      streamId: goal.streamId,
      seq: 3,
      recordedAt: meta.recordedAt,
      ...goalEvent,
    } as unknown as LogRecord;
    for (const record of [goal, tie, competition, parsed, bare]) {
      const logged = decodeEvent(record);
      const expected = { ...logged, event: recorded(logged.event, logged.meta) };
      const got = decodeRecordedEvent(record);
      expect(got).toEqual(expected);
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    }
    expect(goal).toEqual({ streamId: 'match:mia-lafc', ...meta, ...goalEvent }); // left as it was
    expect(() => decodeRecordedEvent({ ...goal, type: 'TeleportationOccurred' })).toThrow(UnknownEventError);
    expect(() => decodeRecordedEvent({ ...goal, streamId: 'tie:qf' })).toThrow(
      /unknown tie event type 'GoalScored' \(seq 3\)/,
    );
  });

  it('reads a stored copy of a record back as the event with its seq and recording time', () => {
    expect(recordedMatchEvent(JSON.parse(JSON.stringify(goal)))).toEqual({
      ...goalEvent,
      seq: 3,
      recordedAt: meta.recordedAt,
    });
    expect(() => toLogRecord({ ...goal, seq: 0 })).toThrow(MalformedRecordError);
    expect(() => toLogRecord({ ...goal, streamId: 'player:x' })).toThrow(/bad streamId/);
  });
});
