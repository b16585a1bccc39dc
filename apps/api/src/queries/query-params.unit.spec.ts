import { Problem } from '../http/problem';
import {
  allowOnly,
  clockParam,
  instantParam,
  integerParam,
  matchVersionsParam,
  textParam,
} from './query-params';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return ((err as Problem).body.errors as Array<{ field: string }>)[0].field;
  }
  return undefined;
};

describe('query parameters', () => {
  it('reads integers within bounds and names the parameter otherwise', () => {
    expect(integerParam({ fromSeq: '12' }, 'fromSeq', 0)).toBe(12);
    expect(integerParam({}, 'fromSeq', 0)).toBeUndefined();
    for (const bad of ['-1', '1.5', 'abc', '', '99999999999'])
      expect(fieldOf(() => integerParam({ fromSeq: bad }, 'fromSeq', 0))).toBe('fromSeq');
    expect(fieldOf(() => integerParam({ atSeq: '0' }, 'atSeq', 1))).toBe('atSeq');
    expect(fieldOf(() => integerParam({ atSeq: ['1', '2'] }, 'atSeq', 1))).toBe('atSeq');
  });

  it('reads match clock points, a form-decoded + included', () => {
    expect(clockParam({ at: '84' }, 'at')).toEqual({ minute: 84, stoppage: 0 });
    expect(clockParam({ at: '90+3' }, 'at')).toEqual({ minute: 90, stoppage: 3 });
    expect(clockParam({ at: '90 3' }, 'at')).toEqual({ minute: 90, stoppage: 3 });
    for (const bad of ["84'", '200', '90+x', 'half-time'])
      expect(fieldOf(() => clockParam({ at: bad }, 'at'))).toBe('at');
  });

  it('reads ISO instants with an offset and normalises them to UTC', () => {
    expect(instantParam({ asOf: '2025-04-10T02:31:00Z' }, 'asOf')).toBe('2025-04-10T02:31:00.000Z');
    expect(instantParam({ asOf: '2025-04-10T04:31:00 02:00' }, 'asOf')).toBe('2025-04-10T02:31:00.000Z');
    expect(instantParam({ asOf: '2025-04-09T21:31:00.5-05:00' }, 'asOf')).toBe('2025-04-10T02:31:00.500Z');
    for (const bad of ['2025-04-10', 'yesterday', '2025-13-40T00:00:00Z', '2025-04-10T02:31:00'])
      expect(fieldOf(() => instantParam({ asOf: bad }, 'asOf'))).toBe('asOf');
  });

  it('reads repeatable <matchId>:<version> targets', () => {
    expect(matchVersionsParam({ minVersion: ['leg-1:3', 'leg.2:14'] }, 'minVersion')).toEqual([
      { matchId: 'leg-1', version: 3 },
      { matchId: 'leg.2', version: 14 },
    ]);
    expect(matchVersionsParam({}, 'minVersion')).toEqual([]);
    for (const bad of ['leg-1', ':3', 'leg-1:x', 'bad id:3'])
      expect(fieldOf(() => matchVersionsParam({ minVersion: bad }, 'minVersion'))).toBe('minVersion');
    const three = { minVersion: ['a:1', 'b:1', 'c:1'] };
    expect(fieldOf(() => matchVersionsParam(three, 'minVersion'))).toBe('minVersion');
    expect(matchVersionsParam(three, 'minVersion', { count: 3, why: 'one per match' })).toHaveLength(3);
  });

  it('reads a text filter, refusing what PostgreSQL could not compare', () => {
    expect(textParam({ group: ' A ' }, 'group', 32)).toBe('A');
    expect(textParam({}, 'group', 32)).toBeUndefined();
    for (const bad of ['', '   ', 'x'.repeat(33), 'A\u0000', '\ud800', ['A', 'B']])
      expect(fieldOf(() => textParam({ group: bad }, 'group', 32))).toBe('group');
  });

  it('refuses parameters an endpoint does not take', () => {
    expect(fieldOf(() => allowOnly({ atseq: '3' }, ['atSeq']))).toBe('atseq');
    expect(fieldOf(() => allowOnly({ atSeq: '3' }, ['atSeq']))).toBeUndefined();
  });
});
