import { formatProjectedPayloads, parseProjectedPayload, parseTablesChanged } from './projected-payload';

describe('projected notification payload', () => {
  it('reads every stream and version, skipping anything malformed', () => {
    expect(parseProjectedPayload('match:a.b-1@12,tie:t1@1,garbage,match:x@,match:y@3')).toEqual([
      { streamId: 'match:a.b-1', version: 12 },
      { streamId: 'tie:t1', version: 1 },
      { streamId: 'match:y', version: 3 },
    ]);
  });

  it('reads the competitions whose table rows were written, which carry no version', () => {
    const payload = 'tables:WC,tables:,tables:X@3,match:a@2,tables:EURO';
    expect(parseTablesChanged(payload)).toEqual(['WC', 'EURO']);
    expect(parseProjectedPayload(payload)).toEqual([
      { streamId: 'tables:X', version: 3 },
      { streamId: 'match:a', version: 2 },
    ]);
  });

  it('names the competitions of the table rows a batch wrote first, once each, legs of ties not', () => {
    const row = (competition: string, tieId: string | null = null) => ({ competition, tieId });
    const payloads = formatProjectedPayloads({
      matches: new Map([
        ['g1', { version: 3 }],
        ['g2', { version: 1 }],
        ['l1', { version: 7 }],
      ]),
      ties: new Map([['t1', { version: 2 }]]),
      competitions: new Map([['WC', { version: 1 }]]),
      competitionMatches: new Map([
        ['g1', row('WC')],
        ['g2', row('WC')],
        ['l1', row('UCL', 't1')],
      ]),
    });
    expect(payloads).toEqual(['tables:WC,match:g1@3,match:g2@1,match:l1@7,tie:t1@2,competition:WC@1']);
    expect(parseTablesChanged(payloads[0])).toEqual(['WC']);
  });

  it('splits long payloads below PostgreSQL limit, the tables first', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `match-number-${i}`);
    const payloads = formatProjectedPayloads({
      matches: new Map(ids.map((id) => [id, { version: 100 }])),
      ties: new Map(),
      competitions: new Map(),
      competitionMatches: new Map(ids.map((id) => [id, { competition: 'LEAGUE', tieId: null }])),
    });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(p.length).toBeLessThanOrEqual(7000);
    expect(payloads[0].startsWith('tables:LEAGUE,')).toBe(true);
    expect(payloads.flatMap(parseProjectedPayload)).toHaveLength(ids.length);
  });
});
