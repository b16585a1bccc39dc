import { Http } from './support/http';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { ADMIN_KEY, CCC_FEEDER_KEY, TestSystem } from './support/system';
import { streamRecords } from './support/topic';

const LIMIT = 60;
const rules = { awayGoals: 'regulation', extraTime: true, penalties: true };
const oneMatchRules = { awayGoals: 'none', extraTime: true, penalties: true };
const teams = (home: string, away: string) => ({
  homeTeam: { id: home, name: home },
  awayTeam: { id: away, name: away },
});
type Problem = { rule?: string };

/** A feeder limited to one competition, trying to reach into another's ties; a match that never ends. */
describe('scoped feeders and long matches', () => {
  let system: TestSystem;
  let admin: Http;
  let ccc: Http;

  beforeAll(async () => {
    system = await TestSystem.start({ projector: true, env: { MAX_EVENTS_PER_MATCH: String(LIMIT) } });
    admin = new Http(system.baseUrl, ADMIN_KEY);
    ccc = new Http(system.baseUrl, CCC_FEEDER_KEY);
    const tie = await admin.post('/ties', {
      tieId: 'ucl-qf',
      competition: 'UCL',
      legs: ['ucl-qf-1', 'ucl-qf-2'],
      rules,
    });
    expect(tie.status).toBe(201);
  });
  afterAll(() => system?.stop());

  it("refuses a match bearing another competition's leg id, so the leg stays its tie's", async () => {
    const grab = await ccc.post<Problem>('/matches', {
      matchId: 'ucl-qf-1',
      competition: 'CCC',
      ...teams('X', 'Y'),
    });
    expect(grab.status).toBe(422);
    expect(grab.body.rule).toBe('match-is-a-tie-leg');
    const named = await ccc.post<Problem>('/matches', {
      matchId: 'ucl-qf-1',
      competition: 'CCC',
      tieId: 'ucl-qf',
      leg: 1,
      ...teams('X', 'Y'),
    });
    expect(named.status).toBe(422);
    expect(named.body.rule).toBe('tie-competition-mismatch');
    expect(await streamRecords(system, 'match:ucl-qf-1')).toEqual([]);

    // The UCL feeder's real legs go through, and the tie counts them.
    const leg1 = await admin.post('/matches', {
      matchId: 'ucl-qf-1',
      competition: 'UCL',
      tieId: 'ucl-qf',
      leg: 1,
      ...teams('RMA', 'MCI'),
    });
    expect(leg1.status).toBe(201);
    const leg2 = await admin.post('/matches', {
      matchId: 'ucl-qf-2',
      competition: 'UCL',
      tieId: 'ucl-qf',
      leg: 2,
      ...teams('MCI', 'RMA'),
    });
    expect(leg2.status).toBe(201);
    const tie = await admin.eventually<{ legs: Array<{ homeTeam: string | null }> }>('/ties/ucl-qf', (r) =>
      r.body.legs?.every((l) => l.homeTeam !== null),
    );
    expect(tie.body.legs.map((l) => l.homeTeam)).toEqual(['RMA', 'MCI']);
  });

  it('refuses a tie claiming legs another tie claims, two legs or one', async () => {
    const two = await ccc.post<Problem>('/ties', {
      tieId: 'ccc-grab',
      competition: 'CCC',
      legs: ['ucl-qf-2', 'ccc-x'],
      rules,
    });
    expect(two.status).toBe(422);
    expect(two.body.rule).toBe('leg-claimed-by-another-tie');
    const final = await admin.post('/ties', {
      tieId: 'final',
      competition: 'UCL',
      legs: ['final-match'],
      rules: oneMatchRules,
    });
    expect(final.status).toBe(201);
    const again = await ccc.post<Problem>('/ties', {
      tieId: 'ccc-final',
      competition: 'CCC',
      legs: ['final-match'],
      rules: oneMatchRules,
    });
    expect(again.body.rule).toBe('leg-claimed-by-another-tie');
    const alone = await ccc.post<Problem>('/matches', {
      matchId: 'final-match',
      competition: 'CCC',
      ...teams('X', 'Y'),
    });
    expect(alone.body.rule).toBe('match-is-a-tie-leg');
    const right = await admin.post('/matches', {
      matchId: 'final-match',
      competition: 'UCL',
      tieId: 'final',
      leg: 1,
      ...teams('LIV', 'MIL'),
    });
    expect(right.status).toBe(201);
  });

  it('lets exactly one of many commands racing for the same id win, on any stream', async () => {
    const ties = await Promise.all(
      range(1, 10).map((i) =>
        admin.post('/ties', {
          tieId: `race-${i}`,
          competition: 'UCL',
          legs: ['contested-1', `own-${i}`],
          rules,
        }),
      ),
    );
    expect(ties.filter((r) => r.status === 201)).toHaveLength(1);
    expect(ties.filter((r) => (r.body as Problem).rule === 'leg-claimed-by-another-tie')).toHaveLength(9);

    const mixed = await Promise.all([
      ...range(1, 5).map((i) =>
        admin.post('/ties', {
          tieId: `mix-${i}`,
          competition: 'UCL',
          legs: [`mix-own-${i}`, 'contested-2'],
          rules,
        }),
      ),
      admin.post('/matches', { matchId: 'contested-2', competition: 'UCL', ...teams('A', 'B') }),
    ]);
    expect(mixed.filter((r) => r.status === 201)).toHaveLength(1);
    expect(mixed.filter((r) => r.status === 422)).toHaveLength(5);
  });

  it(`holds at most ${LIMIT} events per match, refusing a whole array that would pass it`, async () => {
    await scheduleAndKickOff(admin, 'long-1');
    const fill = await admin.post(
      '/matches/long-1/events',
      range(3, LIMIT - 2).map((s) => offside(`long-${s}`)),
    );
    expect(fill.status).toBe(201);
    const across = await admin.post<Problem>(
      '/matches/long-1/events',
      range(1, 3).map((i) => offside(`across-${i}`)),
    );
    expect(across.status).toBe(422);
    expect(across.body.rule).toBe('match-event-limit');
    const last = await admin.post('/matches/long-1/events', [
      offside(`long-${LIMIT - 1}`),
      offside(`long-${LIMIT}`),
    ]);
    expect(last.status).toBe(201);
    const beyond = await admin.post<Problem>('/matches/long-1/events', offside('beyond'));
    expect(beyond.body.rule).toBe('match-event-limit');
    const records = await streamRecords(system, 'match:long-1');
    expect(records.map((r) => r.seq)).toEqual(range(1, LIMIT));
  });
});
