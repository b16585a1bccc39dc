import { FEEDER_KEY, TestSystem } from './support/system';
import { Http, Reply } from './support/http';
import { offside, scheduleAndKickOff } from './support/matches';
import { answeredBeforeBody } from './support/raw-client';
import { streamRecords } from './support/topic';

type Problem = {
  type: string;
  title: string;
  status: number;
  rule?: string;
  index?: number;
  errors?: Array<{ field: string; message: string }>;
};

const long = (n: number) => 'x'.repeat(n);
const goal = (extra: Record<string, unknown> = {}) => ({
  type: 'GoalScored',
  minute: 20,
  team: 'MIA',
  player: 'Lionel Messi',
  kind: 'open_play',
  ...extra,
});
const schedule = (extra: Record<string, unknown> = {}) => ({
  matchId: 'bad-new',
  competition: 'CCC',
  homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
  awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  ...extra,
});
const tie = (extra: Record<string, unknown> = {}) => ({
  tieId: 'bad-tie',
  competition: 'CCC',
  legs: ['bad-leg-1', 'bad-leg-2'],
  rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
  ...extra,
});

/** Guarantee 7 of docs/api.md: bad input gets the right 4xx as problem+json naming the field or rule, never a 5xx. */
describe('bad input', () => {
  let system: TestSystem;
  let http: Http;
  const seen: Array<Reply<unknown>> = [];

  const record = <T>(r: Reply<T>): Reply<T> => {
    seen.push(r as Reply<unknown>);
    return r;
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    record(await http.post<Problem>(path, body, headers));
  /** A request with exactly these bytes and headers (no defaults added). */
  const raw = async (path: string, body: string | Blob | undefined, headers: Record<string, string>) => {
    const res = await fetch(`${system.baseUrl}${path}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${FEEDER_KEY}`, ...headers },
    });
    const text = await res.text();
    return record({ status: res.status, body: JSON.parse(text) as Problem, headers: res.headers });
  };
  const expectProblem = (r: Reply<Problem>, status: number) => {
    expect({ status: r.status, body: r.body }).toMatchObject({ status, body: { status } });
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(typeof r.body.type).toBe('string');
    expect(typeof r.body.title).toBe('string');
  };
  const expectField = (r: Reply<Problem>, field: string) => {
    expectProblem(r, 400);
    expect(r.body.errors?.map((e) => e.field)).toContain(field);
  };
  const expectRule = (r: Reply<Problem>, rule: string) => {
    expectProblem(r, 422);
    expect(r.body.rule).toBe(rule);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    http = new Http(system.baseUrl);
    await scheduleAndKickOff(http, 'bad-1');
    expect((await http.post('/matches', schedule({ matchId: 'bad-scheduled' }))).status).toBe(201);
    await scheduleAndKickOff(http, 'bad-ended');
    const ended = await http.post('/matches/bad-ended/events', [
      { type: 'PeriodEnded', period: '1H', minute: 45 },
      { type: 'PeriodStarted', period: '2H', minute: 45 },
      { type: 'PeriodEnded', period: '2H', minute: 90 },
      { type: 'MatchEnded', minute: 90 },
    ]);
    expect(ended.status).toBe(201);
  });
  afterAll(() => system.stop());

  describe('bodies that are not a JSON event', () => {
    it('malformed JSON → 400 naming the body', async () => {
      expectField(await post('/matches/bad-1/events', '{"type": "GoalScored", '), 'body');
      expectField(await post('/matches', '{matchId: bad}'), 'body');
      expectField(await post('/ties', '[1, 2'), 'body');
    });

    it('an empty body → 400 naming the body', async () => {
      expectField(await raw('/matches/bad-1/events', '', { 'content-type': 'application/json' }), 'body');
      expectField(
        await raw('/matches/bad-1/events', undefined, { 'content-type': 'application/json' }),
        'body',
      );
      expectField(await raw('/matches', '', { 'content-type': 'application/json' }), 'body');
      expectField(await raw('/ties', undefined, {}), 'body');
    });

    it('a body that is not JSON by its content type → 415', async () => {
      const json = JSON.stringify(offside('ct-1'));
      expectProblem(await raw('/matches/bad-1/events', json, { 'content-type': 'text/plain' }), 415);
      expectProblem(await raw('/matches/bad-1/events', new Blob([json]), {}), 415);
      expectProblem(
        await raw('/matches', 'matchId=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
      );
      expectProblem(await raw('/ties', json, { 'content-type': 'application/xml' }), 415);
      expectProblem(
        await raw('/matches/bad-1/events', json, { 'content-type': 'application/json; charset=latin1' }),
        415,
      );
    });

    it('JSON that is not an event object → 400 naming the body', async () => {
      for (const body of ['null', '42', '"GoalScored"', 'true', '[[]]', '[1]']) {
        const r = await post('/matches/bad-1/events', body);
        expectProblem(r, 400);
        expect(r.body.errors?.[0].field).toMatch(/^(body|\[0\])$/);
      }
      expectField(await post('/matches/bad-1/events', []), 'body');
      expectField(await post('/matches', []), 'body');
      expectField(await post('/ties', 'null'), 'body');
    });

    it('a huge body → 413', async () => {
      expectProblem(await post('/matches/bad-1/events', goal({ player: long(2_000_000) })), 413);
      expectProblem(
        await post('/matches', schedule({ homeTeam: { id: 'MIA', name: long(2_000_000) } })),
        413,
      );
    });

    it('a huge body is answered 413 without closing the connection under a client still sending it', async () => {
      const body = Buffer.from(JSON.stringify(goal({ player: long(2_000_000) })));
      const head =
        'POST /matches/bad-1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Authorization: Bearer ${FEEDER_KEY}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`;
      const { received, error } = await answeredBeforeBody(Number(new URL(system.baseUrl).port), head, body);
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
      expect(received).toMatch(/^connection: keep-alive\r$/im);
      expect(error).toBeUndefined();
    });

    it('a huge array → 400 naming the body; the largest allowed one is accepted', async () => {
      const many = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) => offside(`${prefix}-${i}`, 30));
      expectField(await post('/matches/bad-1/events', many(501, 'huge')), 'body');
      const max = await post('/matches/bad-1/events', many(500, 'max'));
      expect(max.status).toBe(201);
    });

    it('deeply nested JSON → 400, not a crash', async () => {
      expectProblem(await post('/matches/bad-1/events', `${'['.repeat(5000)}${']'.repeat(5000)}`), 400);
      const nested = `{"type":"OffsideCalled","team":"MIA","player":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      expectField(await post('/matches/bad-1/events', nested), 'player');
    });
  });

  describe('fields', () => {
    it('an unknown field → 400 naming it, on its own or inside an array or a nested object', async () => {
      expectField(await post('/matches/bad-1/events', { ...goal(), mintue: 20 }), 'mintue');
      expectField(
        await post('/matches/bad-1/events', [offside('uf-1'), { ...offside('uf-2'), mintue: 3 }]),
        '[1].mintue',
      );
      expectField(await post('/matches', schedule({ venue: 'Chase Stadium' })), 'venue');
      expectField(
        await post('/matches', schedule({ homeTeam: { id: 'MIA', name: 'M', colour: 'pink' } })),
        'homeTeam.colour',
      );
      expectField(
        await post(
          '/ties',
          tie({ rules: { awayGoals: 'none', extraTime: true, penalties: true, golden: true } }),
        ),
        'rules.golden',
      );
      expectField(
        await post('/matches/bad-1/events', {
          type: 'EventCorrected',
          refEventId: 'x',
          changes: { colour: 'red' },
        }),
        'changes.colour',
      );
      const proto = `{"__proto__":{"minute":1},${JSON.stringify(goal()).slice(1)}`;
      expectField(await post('/matches/bad-1/events', proto), '__proto__');
    });

    it('an unknown or missing event type → 400 naming type', async () => {
      for (const type of ['Goal', 'goalScored', 'MatchScheduled', 'TieScheduled', 5, null, '']) {
        expectField(await post('/matches/bad-1/events', { ...goal(), type }), 'type');
      }
      expectField(await post('/matches/bad-1/events', { team: 'MIA' }), 'type');
      expectField(await post('/matches/bad-1/events', [offside('t-1'), { team: 'MIA' }]), '[1].type');
    });

    it.each([
      ['minute as a string', goal({ minute: '20' }), 'minute'],
      ['minute as a fraction', goal({ minute: 20.5 }), 'minute'],
      ['minute negative', goal({ minute: -1 }), 'minute'],
      ['minute over 130', goal({ minute: 131 }), 'minute'],
      ['minute null', goal({ minute: null }), 'minute'],
      ['stoppage negative', goal({ minute: 45, stoppage: -2 }), 'stoppage'],
      ['stoppage as a string', goal({ minute: 45, stoppage: '+2' }), 'stoppage'],
      ['team as a number', goal({ team: 7 }), 'team'],
      ['team blank', goal({ team: '   ' }), 'team'],
      ['team too long', goal({ team: long(65) }), 'team'],
      ['player missing', goal({ player: undefined }), 'player'],
      ['player as an object', goal({ player: { name: 'Messi' } }), 'player'],
      ['player too long', goal({ player: long(101) }), 'player'],
      ['assist too long', goal({ assist: long(101) }), 'assist'],
      ['kind unknown', goal({ kind: 'volley' }), 'kind'],
      ['eventId as a number', goal({ eventId: 9 }), 'eventId'],
      ['eventId too long', goal({ eventId: long(129) }), 'eventId'],
      ['expectedVersion negative', goal({ expectedVersion: -1 }), 'expectedVersion'],
      ['expectedVersion as a string', goal({ expectedVersion: '3' }), 'expectedVersion'],
      ['period unknown', { type: 'PeriodStarted', period: '3H' }, 'period'],
      ['added as a string', { type: 'StoppageTimeAnnounced', period: '1H', added: '3' }, 'added'],
      ['scored as a string', { type: 'ShootoutKick', team: 'MIA', player: 'p', scored: 'yes' }, 'scored'],
      ['reason unknown', { type: 'GoalDisallowed', goalEventId: 'g', reason: 'bad vibes' }, 'reason'],
      ['outcome unknown', { type: 'VarReviewCompleted', reviewId: 'r', outcome: 'maybe' }, 'outcome'],
      ['incident unknown', { type: 'VarReviewStarted', reviewId: 'r', incident: 'dive' }, 'incident'],
      ['card unknown', { type: 'CardShown', team: 'MIA', player: 'p', card: 'green' }, 'card'],
      ['abandon reason too long', { type: 'MatchAbandoned', reason: long(501) }, 'reason'],
      ['changes empty', { type: 'EventCorrected', refEventId: 'x', changes: {} }, 'changes'],
      ['changes as an array', { type: 'EventCorrected', refEventId: 'x', changes: [] }, 'changes'],
      [
        'refEventId too long',
        { type: 'EventRetracted', refEventId: long(129), reason: 'typo' },
        'refEventId',
      ],
    ])('a bad in-play field: %s → 400 naming it', async (_name, body, field) => {
      expectField(await post('/matches/bad-1/events', body), field);
    });

    it.each([
      ['matchId with a space', schedule({ matchId: 'bad id' }), 'matchId'],
      ['matchId too long', schedule({ matchId: long(65) }), 'matchId'],
      ['matchId starting with a dash', schedule({ matchId: '-m' }), 'matchId'],
      ['competition missing', schedule({ competition: undefined }), 'competition'],
      ['team id not an id', schedule({ homeTeam: { id: 'M I A', name: 'M' } }), 'homeTeam.id'],
      ['team name missing', schedule({ awayTeam: { id: 'LAFC' } }), 'awayTeam.name'],
      ['team name too long', schedule({ awayTeam: { id: 'LAFC', name: long(101) } }), 'awayTeam.name'],
      ['same team twice', schedule({ awayTeam: { id: 'MIA', name: 'M' } }), 'awayTeam.id'],
      ['kickoffAt not a date', schedule({ kickoffAt: 'tomorrow' }), 'kickoffAt'],
      ['leg 3', schedule({ tieId: 'bad-tie', leg: 3 }), 'leg'],
      ['tieId without leg', schedule({ tieId: 'bad-tie' }), 'leg'],
      ['eventId too long', schedule({ eventId: long(129) }), 'eventId'],
    ])('a bad match schedule: %s → 400 naming it', async (_name, body, field) => {
      expectField(await post('/matches', body), field);
    });

    it.each([
      ['tieId not an id', tie({ tieId: 'bad tie!' }), 'tieId'],
      ['no leg', tie({ legs: [] }), 'legs'],
      ['one leg with away goals', tie({ legs: ['a'] }), 'rules.awayGoals'],
      ['three legs', tie({ legs: ['a', 'b', 'c'] }), 'legs'],
      ['the same leg twice', tie({ legs: ['a', 'a'] }), 'legs[1]'],
      ['a leg id not an id', tie({ legs: ['a', 'b c'] }), 'legs[1]'],
      ['rules missing', tie({ rules: undefined }), 'rules'],
      [
        'awayGoals unknown',
        tie({ rules: { awayGoals: 'sometimes', extraTime: true, penalties: true } }),
        'rules.awayGoals',
      ],
      [
        'extraTime as a string',
        tie({ rules: { awayGoals: 'none', extraTime: 'yes', penalties: true } }),
        'rules.extraTime',
      ],
    ])('a bad tie: %s → 400 naming it', async (_name, body, field) => {
      expectField(await post('/ties', body), field);
    });

    it('bad ids in the path → 404, an unknown match → 404', async () => {
      for (const id of ['bad%20id', 'x'.repeat(65), '-dash', 'a%00b', 'caf%C3%A9']) {
        expectProblem(await post(`/matches/${id}/events`, offside('p-1')), 404);
      }
      expectProblem(await post('/matches/no-such-match/events', offside('p-1')), 404);
      expectProblem(await post('/matches/%E0%A4%A/events', offside('p-1')), 400);
    });
  });

  describe('rules', () => {
    it.each([
      ['a team not in the match', 'bad-1', goal({ team: 'NYC' }), 'team-not-in-match'],
      ['a minute outside the period', 'bad-1', goal({ minute: 60 }), 'minute-out-of-range'],
      [
        'stoppage before the end of the period',
        'bad-1',
        goal({ minute: 30, stoppage: 2 }),
        'minute-out-of-range',
      ],
      [
        'a goal disallowed that does not exist',
        'bad-1',
        { type: 'GoalDisallowed', goalEventId: 'nope', reason: 'offside' },
        'goal-not-found',
      ],
      [
        'a VAR outcome without a review',
        'bad-1',
        { type: 'VarReviewCompleted', reviewId: 'r9', outcome: 'overturned' },
        'no-open-var-review',
      ],
      [
        'a penalty missed with none pending',
        'bad-1',
        { type: 'PenaltyMissed', team: 'MIA', player: 'p', outcome: 'saved' },
        'no-pending-penalty',
      ],
      [
        'the second half before the first ended',
        'bad-1',
        { type: 'PeriodStarted', period: '2H', minute: 45 },
        'period-out-of-order',
      ],
      [
        'ending a period not in progress',
        'bad-1',
        { type: 'PeriodEnded', period: '2H', minute: 90 },
        'period-out-of-order',
      ],
      [
        'a shootout kick outside a shootout',
        'bad-1',
        { type: 'ShootoutKick', team: 'MIA', player: 'p', scored: true },
        'shootout-not-in-progress',
      ],
      ['a goal before kick-off', 'bad-scheduled', goal(), 'match-not-started'],
      [
        'ending the first half before kick-off',
        'bad-scheduled',
        { type: 'PeriodEnded', period: '1H', minute: 45 },
        'match-not-started',
      ],
      ['a goal after the end', 'bad-ended', goal({ minute: 90, stoppage: 4 }), 'match-already-ended'],
      [
        'a period after the end',
        'bad-ended',
        { type: 'PeriodStarted', period: 'ET1', minute: 90 },
        'match-already-ended',
      ],
    ])('%s → 422 naming the rule', async (_name, matchId, body, rule) => {
      const r = await post(`/matches/${matchId}/events`, body);
      expectRule(r, rule);
      expect(r.body.index).toBe(0);
    });

    it('a goal disallowed twice → 422 goal-already-disallowed', async () => {
      expect((await post('/matches/bad-1/events', goal({ eventId: 'dis-goal' }))).status).toBe(201);
      const first = { type: 'GoalDisallowed', goalEventId: 'dis-goal', reason: 'offside', minute: 21 };
      expect((await post('/matches/bad-1/events', first)).status).toBe(201);
      expectRule(await post('/matches/bad-1/events', { ...first, reason: 'var' }), 'goal-already-disallowed');
      const inOneArray = [
        goal({ eventId: 'dis-goal-2' }),
        { ...first, goalEventId: 'dis-goal-2' },
        { ...first, goalEventId: 'dis-goal-2' },
      ];
      const r = await post('/matches/bad-1/events', inOneArray);
      expectRule(r, 'goal-already-disallowed');
      expect(r.body.index).toBe(2);
    });

    it('refused posts appended nothing', async () => {
      const records = await streamRecords(system, 'match:bad-1');
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: records.length }, (_, i) => i + 1));
      expect(records.map((r) => r.type).filter((t) => t !== 'OffsideCalled')).toEqual([
        'MatchScheduled',
        'PeriodStarted',
        'GoalScored',
        'GoalDisallowed',
      ]);
      expect(records).toHaveLength(504);
    });
  });

  it('never answered with a 5xx, and the api is still running', async () => {
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.filter((r) => r.status >= 500)).toEqual([]);
    expect(system.api.running).toBe(true);
    expect((await http.get('/health')).status).toBe(200);
  });
});
