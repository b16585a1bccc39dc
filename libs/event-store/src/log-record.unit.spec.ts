import { decodeLoggedValue, decodeRecord, MalformedRecordError, toLogRecord } from './log-record';

const base = {
  streamId: 'match:m1',
  seq: 2,
  type: 'PeriodStarted',
  eventId: 'e-2',
  schemaVersion: 1,
  recordedAt: '2025-04-10T00:00:00.000Z',
  feeder: 'feeder-1',
  period: '1H',
  minute: 0,
};

describe('decodeLoggedValue', () => {
  it('takes a complete record as it is, and its value as a JSON text of it', () => {
    const value = Buffer.from(JSON.stringify(base));
    const { record, verbatim } = decodeLoggedValue(value);
    expect(verbatim).toBe(true);
    expect(record).toEqual(toLogRecord(JSON.parse(value.toString())));
    expect(Object.keys(record)).toEqual(Object.keys(base));
    expect(decodeRecord(value)).toEqual(record);
  });

  it('fills in what a record lacks, and then its value is not the record', () => {
    const lacking: Record<string, unknown> = { ...base };
    delete lacking.eventId;
    delete lacking.feeder;
    const { record, verbatim } = decodeLoggedValue(Buffer.from(JSON.stringify(lacking)));
    expect(verbatim).toBe(false);
    expect(record).toMatchObject({ eventId: '', feeder: null, schemaVersion: 1 });
    expect(decodeLoggedValue(Buffer.from(JSON.stringify({ ...base, feeder: 7 }))).record.feeder).toBeNull();
  });

  it('never hands over a value that is not valid UTF-8 as the record', () => {
    const value = Buffer.from(JSON.stringify({ ...base, player: 'M#ller' }));
    value[value.indexOf('M#ller') + 1] = 0xfc;
    const { record, verbatim } = decodeLoggedValue(value);
    expect(verbatim).toBe(false);
    expect(record.player).toBe('M\uFFFDller');
  });

  it('refuses what is not a log record, as decodeRecord does', () => {
    for (const bad of [
      'nope',
      '[]',
      JSON.stringify({ ...base, seq: 0 }),
      JSON.stringify({ ...base, streamId: 'x' }),
    ]) {
      expect(() => decodeLoggedValue(Buffer.from(bad))).toThrow(MalformedRecordError);
    }
    expect(() => decodeLoggedValue(null)).toThrow(MalformedRecordError);
  });
});
