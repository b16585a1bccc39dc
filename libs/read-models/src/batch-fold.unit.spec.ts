import { withoutLog } from '@touchline/domain';
import { loggedRecord, loggedScheduled } from '@touchline/testkit';
import { decodeMessages, foldBatch, LoadedStates, noLoadedStates, streamsOf } from './batch-fold';

const empty = noLoadedStates;

let offset = 0;
const message = (value: unknown) => ({
  offset: String(offset++),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const record = (streamId: string, seq: number, event: Record<string, unknown>) =>
  message(loggedRecord(streamId, seq, event));
const scheduled = (matchId: string) => message(loggedScheduled(matchId));

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

  it('marks the scorer lines and competition row of a match unchanged when an event leaves them as stored', () => {
    const loaded = empty();
    const started = foldBatch(
      decodeMessages([
        scheduled('u'),
        record('match:u', 2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
      ]),
      loaded,
    );
    expect(started.unchanged).toEqual({ scorers: new Set(), competitionMatches: new Set() });
    const { version, state } = started.matches.get('u')!;
    // As PostgreSQL gives it back: jsonb orders keys its own way.
    const reordered = JSON.parse(
      JSON.stringify(withoutLog(state), (_, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ),
    );
    loaded.matches.set('u', { version, state: reordered });

    const halfTime = foldBatch(
      decodeMessages([record('match:u', 3, { type: 'PeriodEnded', period: '1H', minute: 45 })]),
      loaded,
    );
    expect(halfTime.unchanged).toEqual({ scorers: new Set(['u']), competitionMatches: new Set(['u']) });
    expect(halfTime.competitionMatches.has('u')).toBe(true);
    const notLooked = foldBatch(
      decodeMessages([record('match:u', 3, { type: 'PeriodEnded', period: '1H', minute: 45 })]),
      loaded,
      { findUnchanged: false },
    );
    expect(notLooked.unchanged).toEqual({ scorers: new Set(), competitionMatches: new Set() });

    const goal = foldBatch(
      decodeMessages([
        record('match:u', 3, { type: 'GoalScored', minute: 9, team: 'LAFC', player: 'Long', kind: 'header' }),
      ]),
      loaded,
    );
    expect(goal.unchanged).toEqual({ scorers: new Set(), competitionMatches: new Set() });
  });

  describe('a match stored without its log', () => {
    const first = () => [
      scheduled('m'),
      record('match:m', 2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
      record('match:m', 3, { type: 'GoalScored', minute: 9, team: 'LAFC', player: 'Long', kind: 'header' }),
      record('match:m', 4, { type: 'CardShown', minute: 20, team: 'MIA', player: 'Busquets', card: 'red' }),
    ];
    const second = () => [
      record('match:m', 5, {
        type: 'EventCorrected',
        refEventId: 'e-match:m-3',
        changes: { player: 'Bouanga' },
      }),
      record('match:m', 6, {
        type: 'GoalScored',
        minute: 30,
        team: 'MIA',
        player: 'Messi',
        kind: 'open_play',
      }),
    ];
    /** The first batch folded and stored as the read models keep it: state without its log. */
    const storedAfterFirst = (): LoadedStates => {
      const m = foldBatch(decodeMessages(first()), empty()).matches.get('m')!;
      return { ...empty(), matches: new Map([['m', { version: m.version, state: withoutLog(m.state) }]]) };
    };

    it('folds ordinary events from the stored state alone, as a fold of the whole match does', () => {
      const goal = () =>
        record('match:m', 5, {
          type: 'GoalScored',
          minute: 30,
          team: 'MIA',
          player: 'Messi',
          kind: 'open_play',
        });
      const whole = foldBatch(decodeMessages([...first(), goal()]), empty());
      const batch = decodeMessages([goal()]);
      expect(streamsOf(batch).logMatchIds).toEqual([]);
      const fold = foldBatch(batch, storedAfterFirst());
      expect(fold.parked).toEqual([]);
      expect(withoutLog(fold.matches.get('m')!.state)).toEqual(withoutLog(whole.matches.get('m')!.state));
      expect(fold.competitionMatches.get('m')).toEqual(whole.competitionMatches.get('m'));
      expect(fold.competitionMatches.get('m')!.table.fairPlay).toEqual({ home: -4, away: 0 });
    });

    it('names the match whose batch holds a correction, and folds it with the log loaded as whole', () => {
      const whole = foldBatch(decodeMessages([...first(), ...second()]), empty());
      const batch = decodeMessages(second());
      expect(streamsOf(batch).logMatchIds).toEqual(['m']);
      const log = foldBatch(decodeMessages(first()), empty()).matches.get('m')!.state.log;
      const fold = foldBatch(batch, { ...storedAfterFirst(), matchLogs: new Map([['m', log]]) });
      expect(fold.parked).toEqual([]);
      expect(fold.matches.get('m')).toEqual(whole.matches.get('m'));
      expect(fold.matches.get('m')!.state.goals[0].player).toBe('Bouanga');
      expect(fold.competitionMatches.get('m')).toEqual(whole.competitionMatches.get('m'));
    });

    it('never folds a correction into a state whose log was not loaded', () => {
      const fold = foldBatch(decodeMessages(second()), storedAfterFirst());
      expect(fold.parked[0].error).toMatch(/needs the match's log/);
      expect(fold.matches.has('m')).toBe(false);
    });
  });
});
