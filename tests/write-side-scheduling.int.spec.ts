import { Http, Reply } from './support/http';
import { TestSystem } from './support/system';
import { streamRecords } from './support/topic';

type Problem = { status: number; rule?: string; type: string };

const rules = { awayGoals: 'regulation', extraTime: true, penalties: true };
const tie = (tieId: string, legs: [string, string], extra: Record<string, unknown> = {}) => ({
  tieId,
  competition: 'CCC',
  legs,
  rules,
  ...extra,
});
const LAFC = { id: 'LAFC', name: 'Los Angeles FC' };
const MIA = { id: 'MIA', name: 'Inter Miami CF' };
const leg = (matchId: string, tieId: string, legNo: 1 | 2, extra: Record<string, unknown> = {}) => ({
  matchId,
  competition: 'CCC',
  homeTeam: legNo === 1 ? LAFC : MIA,
  awayTeam: legNo === 1 ? MIA : LAFC,
  tieId,
  leg: legNo,
  ...extra,
});

/** POST /ties and POST /matches: the tie's legs, and scheduling as an idempotent command. */
describe('scheduling ties and matches', () => {
  let system: TestSystem;
  let http: Http;

  const expectRule = (r: Reply<Problem>, rule: string) => {
    expect({ status: r.status, rule: r.body.rule }).toEqual({ status: 422, rule });
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    http = new Http(system.baseUrl);
    expect((await http.post('/ties', tie('qf', ['qf-1', 'qf-2']))).status).toBe(201);
  });
  afterAll(() => system.stop());

  it('refuses a match naming an unknown tie (422 tie-not-found)', async () => {
    expectRule(await http.post<Problem>('/matches', leg('qf-1', 'no-such-tie', 1)), 'tie-not-found');
  });

  it('refuses a match that is not one of the tie legs (422 match-not-in-tie)', async () => {
    expectRule(await http.post<Problem>('/matches', leg('qf-3', 'qf', 1)), 'match-not-in-tie');
  });

  it('refuses the wrong leg number (422 wrong-leg)', async () => {
    expectRule(await http.post<Problem>('/matches', leg('qf-1', 'qf', 2)), 'wrong-leg');
  });

  it("refuses a leg outside the tie's competition (422 tie-competition-mismatch)", async () => {
    expectRule(
      await http.post<Problem>('/matches', leg('qf-1', 'qf', 1, { competition: 'UCL' })),
      'tie-competition-mismatch',
    );
  });

  it('schedules both legs, the second with home and away swapped', async () => {
    expect((await http.post('/matches', leg('qf-1', 'qf', 1))).status).toBe(201);
    const otherTeams = leg('qf-2', 'qf', 2, { awayTeam: { id: 'NYC', name: 'New York City FC' } });
    expectRule(await http.post<Problem>('/matches', otherTeams), 'tie-teams-mismatch');
    const sameHome = leg('qf-2', 'qf', 2, { homeTeam: LAFC, awayTeam: MIA });
    expectRule(await http.post<Problem>('/matches', sameHome), 'tie-teams-mismatch');
    expect((await http.post('/matches', leg('qf-2', 'qf', 2))).status).toBe(201);
  });

  it('answers scheduling the same match or tie again with 200, other content with 409', async () => {
    const again = await http.post('/matches', leg('qf-1', 'qf', 1));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ matchId: 'qf-1', seq: 1, eventId: 'schedule-qf-1' });
    const reordered = Object.fromEntries(Object.entries(leg('qf-1', 'qf', 1)).reverse());
    expect((await http.post('/matches', reordered)).status).toBe(200);
    const renamed = await http.post<Problem>(
      '/matches',
      leg('qf-1', 'qf', 1, { homeTeam: { id: 'LAFC', name: 'LAFC' } }),
    );
    expect(renamed.status).toBe(409);
    expect(renamed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(
      (await http.post('/matches', leg('qf-1', 'qf', 1, { kickoffAt: '2025-04-02T02:30:00Z' }))).status,
    ).toBe(409);

    expect((await http.post('/ties', tie('qf', ['qf-1', 'qf-2']))).status).toBe(200);
    expect(
      (await http.post('/ties', tie('qf', ['qf-1', 'qf-2'], { rules: { ...rules, awayGoals: 'none' } })))
        .status,
    ).toBe(409);
    expect((await http.post('/ties', tie('qf', ['qf-2', 'qf-1']))).status).toBe(409);

    expect(await streamRecords(system, 'match:qf-1')).toHaveLength(1);
    expect(await streamRecords(system, 'tie:qf')).toHaveLength(1);
  });

  it('refuses a tie naming a match already scheduled outside it (422 leg-already-scheduled)', async () => {
    const lone = { matchId: 'friendly', competition: 'CCC', homeTeam: MIA, awayTeam: LAFC };
    expect((await http.post('/matches', lone)).status).toBe(201);
    expectRule(await http.post<Problem>('/ties', tie('sf', ['friendly', 'sf-2'])), 'leg-already-scheduled');
    // A leg of another tie: that tie holds it.
    expectRule(await http.post<Problem>('/ties', tie('sf', ['qf-1', 'sf-2'])), 'leg-claimed-by-another-tie');
  });

  it('schedules a match exactly once when the same request races itself', async () => {
    const body = { matchId: 'race', competition: 'CCC', homeTeam: MIA, awayTeam: LAFC };
    const replies = await Promise.all(Array.from({ length: 20 }, () => http.post('/matches', body)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(19);
    expect(await streamRecords(system, 'match:race')).toHaveLength(1);
  });
});
