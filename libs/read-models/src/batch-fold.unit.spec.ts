import { decodeMessages, foldBatch, LoadedStates } from './batch-fold';

const empty = (): LoadedStates => ({
  matches: new Map(),
  ties: new Map(),
  competitions: new Map(),
  parked: new Set(),
});

let offset = 0;
const message = (value: unknown) => ({
  offset: String(offset++),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const record = (streamId: string, seq: number, event: Record<string, unknown>) =>
  message({
    streamId,
    seq,
    eventId: `e${seq}`,
    schemaVersion: 1,
    recordedAt: '2025-04-10T00:00:00.000Z',
    feeder: 'f',
    ...event,
  });

const scheduled = (matchId: string) =>
  record(`match:${matchId}`, 1, {
    type: 'MatchScheduled',
    matchId,
    competition: 'CCC',
    homeTeam: { id: 'MIA', name: 'Miami' },
    awayTeam: { id: 'LAFC', name: 'LAFC' },
  });

describe('foldBatch', () => {
  it('folds each stream with the domain and gives scorers per match', () => {
    const fold = foldBatch(
      decodeMessages([
        scheduled('a'),
        record('match:a', 2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
        record('match:a', 3, {
          type: 'GoalScored',
          minute: 9,
          team: 'LAFC',
          player: 'Aaron Long',
          kind: 'header',
        }),
      ]),
      empty(),
    );
    expect(fold.matches.get('a')?.version).toBe(3);
    expect(fold.matches.get('a')?.state.score).toEqual({ home: 0, away: 1 });
    expect(fold.scorers.get('a')?.rows).toEqual([{ player: 'Aaron Long', team: 'LAFC', goals: 1 }]);
    expect(fold.events).toHaveLength(3);
  });

  it('parks a stream at a record it cannot apply, holds its later records, and goes on with others', () => {
    const fold = foldBatch(
      decodeMessages([
        scheduled('a'),
        scheduled('b'),
        record('match:a', 2, { type: 'TeleportationOccurred', minute: 3 }),
        record('match:b', 2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
        record('match:a', 3, { type: 'PeriodStarted', period: '1H', minute: 0 }),
        message('{not json'),
      ]),
      empty(),
    );
    expect(fold.parked.map((p) => p.streamId)).toEqual([
      'match:a',
      'match:a',
      expect.stringMatching(/^\?offset:/),
    ]);
    expect(fold.parked[0].error).toMatch(/unknown match event type/);
    expect(fold.parked[1].error).toMatch(/held/);
    expect(fold.matches.get('a')?.version).toBe(1);
    expect(fold.matches.get('b')?.version).toBe(2);
  });

  it('skips records it has already applied and parks a gap in seq', () => {
    const loaded = empty();
    const first = foldBatch(decodeMessages([scheduled('a')]), loaded);
    loaded.matches.set('a', first.matches.get('a')!);
    const again = foldBatch(
      decodeMessages([
        scheduled('a'),
        record('match:a', 3, { type: 'PeriodStarted', period: '1H', minute: 0 }),
      ]),
      loaded,
    );
    expect(again.events).toHaveLength(0);
    expect(again.parked[0].error).toMatch(/seq 3 where 2 was expected/);
  });

  it('folds competition streams and gives each match its row for tables and fixtures', () => {
    const fold = foldBatch(
      decodeMessages([
        record('competition:WCT', 1, {
          type: 'CompetitionDeclared',
          competitionId: 'WCT',
          name: 'World Cup',
          standings: { tiebreakers: 'uefa' },
        }),
        record('match:g', 1, {
          type: 'MatchScheduled',
          matchId: 'g',
          competition: 'WCT',
          homeTeam: { id: 'MIA', name: 'Miami' },
          awayTeam: { id: 'LAFC', name: 'LAFC' },
          group: 'A',
          round: 'Matchday 1',
        }),
        record('match:g', 2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
        record('match:g', 3, { type: 'CardShown', minute: 5, team: 'LAFC', player: 'Long', card: 'yellow' }),
        record('match:g', 4, {
          type: 'CardShown',
          minute: 6,
          team: 'LAFC',
          player: 'Long',
          card: 'second_yellow',
        }),
        record('match:g', 5, {
          type: 'GoalScored',
          minute: 9,
          team: 'MIA',
          player: 'Messi',
          kind: 'open_play',
        }),
      ]),
      empty(),
    );
    expect(fold.competitions.get('WCT')).toEqual({
      version: 1,
      state: {
        competitionId: 'WCT',
        name: 'World Cup',
        standings: { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'uefa' },
        version: 1,
      },
    });
    expect(fold.competitionMatches.get('g')).toMatchObject({
      competition: 'WCT',
      round: 'Matchday 1',
      tieId: null,
      table: {
        matchId: 'g',
        group: 'A',
        homeTeam: 'MIA',
        awayTeam: 'LAFC',
        status: 'live',
        score: { home: 1, away: 0 },
        fairPlay: { home: 0, away: -3 },
      },
      fixture: { matchId: 'g', group: 'A', round: 'Matchday 1', status: 'live', score: { home: 1, away: 0 } },
    });
    expect(fold.events).toHaveLength(6);
    expect(fold.parked).toEqual([]);
  });
});
