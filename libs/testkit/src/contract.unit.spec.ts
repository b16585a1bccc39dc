import { ContractChecker } from './contract';

const checker = ContractChecker.fromRepository();

const match = {
  matchId: 'ccc-2025-qf-mia-lafc-2',
  competition: 'CCC',
  tieId: 'ccc-2025-qf-lafc-mia',
  leg: 2,
  group: null,
  round: null,
  homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
  awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  kickoffAt: '2025-04-10T00:00:00Z',
  status: 'live',
  period: '2H',
  minute: 84,
  stoppage: null,
  score: { home: 3, away: 1 },
  shootout: null,
  version: 17,
  lastRecordedAt: '2025-04-10T01:30:00.000Z',
};

const getMatch = (body: unknown, status = 200, contentType = 'application/json; charset=utf-8') =>
  checker.violations({
    method: 'GET',
    url: '/matches/ccc-2025-qf-mia-lafc-2?minVersion=3',
    status,
    contentType,
    body,
  });

describe('the contract checker (every e2e response goes through it)', () => {
  it('accepts a response that keeps to the document', () => {
    expect(getMatch(match)).toEqual([]);
  });

  it('refuses a deliberately wrong shape: a field missing, one too many, a wrong type or value', () => {
    const withoutScore: Partial<typeof match> = { ...match };
    delete withoutScore.score;
    expect(getMatch(withoutScore).join()).toMatch(/must have required property 'score'/);
    expect(getMatch({ ...match, scoreline: '3-1' }).join()).toMatch(/must NOT have additional properties/);
    expect(getMatch({ ...match, version: '17' }).join()).toMatch(/\/version must be integer/);
    expect(getMatch({ ...match, status: 'paused' }).join()).toMatch(
      /\/status must be equal to one of the allowed values/,
    );
    expect(getMatch({ ...match, kickoffAt: 'tonight' }).join()).toMatch(
      /\/kickoffAt must match format "date-time"/,
    );
  });

  it('refuses a status or a media type the operation does not document', () => {
    expect(getMatch(match, 201)).toEqual(['GET /matches/{matchId} → 201: status not documented']);
    expect(getMatch(match, 200, 'text/html').join()).toMatch(/content-type 'text\/html' not documented/);
  });

  it('checks problems: the type URI and the rule must be ones the document enumerates', () => {
    const problem = {
      type: 'https://touchline.dev/problems/match-not-started',
      title: 'Match not started',
      status: 422,
      detail: 'GoalScored before kick-off (PeriodStarted 1H)',
      rule: 'match-not-started',
      index: 0,
    };
    const post = (body: unknown) =>
      checker.violations({
        method: 'POST',
        url: '/matches/m1/events',
        status: 422,
        contentType: 'application/problem+json; charset=utf-8',
        body,
      });
    expect(post(problem)).toEqual([]);
    expect(post({ ...problem, rule: 'no-such-rule' }).join()).toMatch(
      /\/rule must be equal to one of the allowed values/,
    );
    expect(post({ ...problem, type: 'about:blank' }).join()).toMatch(
      /\/type must be equal to one of the allowed values/,
    );
    expect(post({ ...problem, status: 400 }).join()).toMatch(/\/status must be equal to constant/);
  });

  it('leaves paths the document does not list to the tests that probe them', () => {
    expect(
      checker.violations({ method: 'GET', url: '/nowhere', status: 404, contentType: null, body: 'x' }),
    ).toEqual([]);
  });
});
