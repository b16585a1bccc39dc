import type { Principal } from '../access/api-keys';
import { Problem } from '../http/problem';
import { CommandPath } from './command-path';
import { InMemoryStreamLog } from './in-memory-stream-log';
import { declareCompetition, recordEvents, scheduleMatch, scheduleTie } from './stream-commands';
import { StreamRegistry } from './stream-registry';

const feeder: Principal = { role: 'feeder', competitions: null, id: 'feeder-1' };
const teams = { homeTeam: { id: 'MIA', name: 'Inter Miami' }, awayTeam: { id: 'LAFC', name: 'LAFC' } };
const match = (matchId: string, extra: Record<string, unknown> = {}) => ({
  matchId,
  competition: 'CCC',
  ...teams,
  ...extra,
});
const kickOff = { eventId: 'ko', type: 'PeriodStarted' as const, period: '1H' as const, minute: 0 };
const goal = {
  eventId: 'g1',
  type: 'GoalScored' as const,
  minute: 9,
  team: 'LAFC',
  player: 'Long',
  kind: 'header' as const,
};

/** The command path on a log in memory: every rule and answer of the write side, in milliseconds. */
describe('the command path', () => {
  let registry: StreamRegistry;
  let log: InMemoryStreamLog;
  let path: CommandPath;
  const refusal = async (run: Promise<unknown>) => {
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof Problem)) throw new Error(`expected a Problem, got ${String(err)}`);
    return { ...err.body, status: err.getStatus() };
  };
  const record = (matchId: string, events: object[], extra: { expectedVersion?: number } = {}) =>
    path.execute(recordEvents(matchId, { events: events as never, isArray: true, ...extra }, feeder, 30));

  beforeEach(() => {
    registry = new StreamRegistry();
    log = new InMemoryStreamLog(registry);
    path = new CommandPath(registry, log);
  });

  it('opens a match once: the same schedule again is answered 200, other details 409', async () => {
    expect(await path.execute(scheduleMatch(match('m1'), feeder))).toEqual({
      status: 201,
      body: { matchId: 'm1', seq: 1, eventId: 'schedule-m1' },
    });
    expect((await path.execute(scheduleMatch(match('m1'), feeder))).status).toBe(200);
    expect(
      await refusal(path.execute(scheduleMatch(match('m1', { kickoffAt: '2025-04-02T02:30:00Z' }), feeder))),
    ).toMatchObject({
      status: 409,
      type: expect.stringContaining('match-exists'),
    });
    expect(log.records.map((r) => [r.streamId, r.seq, r.type])).toEqual([['match:m1', 1, 'MatchScheduled']]);
  });

  it('appends in-play events with gapless seqs, and recognises a retry by its eventIds', async () => {
    await path.execute(scheduleMatch(match('m1'), feeder));
    const first = await record('m1', [kickOff, goal]);
    expect(first).toEqual({
      status: 201,
      body: [
        { matchId: 'm1', seq: 2, eventId: 'ko' },
        { matchId: 'm1', seq: 3, eventId: 'g1' },
      ],
    });
    expect(await record('m1', [kickOff, goal])).toEqual({ ...first, status: 200 });
    expect(await refusal(record('m1', [{ ...goal, player: 'Someone Else' }]))).toMatchObject({
      status: 409,
      eventId: 'g1',
    });
    expect(registry.match('m1')?.state.score).toEqual({ home: 0, away: 1 });
  });

  it('checks expectedVersion after idempotency and before the rules, appending nothing on a refusal', async () => {
    await path.execute(scheduleMatch(match('m1'), feeder));
    expect(await refusal(record('m1', [kickOff], { expectedVersion: 3 }))).toMatchObject({
      status: 409,
      currentVersion: 1,
    });
    expect(await refusal(record('m1', [goal]))).toMatchObject({
      status: 422,
      rule: 'match-not-started',
      index: 0,
    });
    expect(await refusal(record('nope', [kickOff]))).toMatchObject({ status: 404 });
    expect(log.records).toHaveLength(1);
  });

  it('runs one stream’s commands one after another', async () => {
    await path.execute(scheduleMatch(match('m1'), feeder));
    await record('m1', [kickOff]);
    const offsides = Array.from({ length: 20 }, (_, i) => ({
      eventId: `o${i}`,
      type: 'OffsideCalled',
      minute: 5,
      team: 'MIA',
    }));
    await Promise.all(offsides.map((o) => record('m1', [o])));
    expect(log.records.map((r) => r.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });

  it('checks a leg against its tie, and a tie against matches already scheduled', async () => {
    const tie = {
      tieId: 'qf',
      competition: 'CCC',
      legs: ['qf-1', 'qf-2'] as [string, string],
      rules: { awayGoals: 'regulation' as const, extraTime: true, penalties: true },
    };
    await path.execute(scheduleTie(tie, feeder));
    expect(
      await refusal(path.execute(scheduleMatch(match('qf-1', { tieId: 'qf', leg: 2 }), feeder))),
    ).toMatchObject({
      status: 422,
      rule: 'wrong-leg',
    });
    expect(
      await refusal(path.execute(scheduleMatch(match('qf-1', { tieId: 'nope', leg: 1 }), feeder))),
    ).toMatchObject({
      rule: 'tie-not-found',
    });
    expect((await path.execute(scheduleMatch(match('qf-1', { tieId: 'qf', leg: 1 }), feeder))).status).toBe(
      201,
    );
    await path.execute(scheduleMatch(match('friendly'), feeder));
    expect(
      await refusal(path.execute(scheduleTie({ ...tie, tieId: 'sf', legs: ['friendly', 'sf-2'] }, feeder))),
    ).toMatchObject({
      status: 422,
      rule: 'leg-already-scheduled',
    });
    expect(
      await refusal(path.execute(scheduleTie({ ...tie, tieId: 'sf', legs: ['qf-2', 'sf-2'] }, feeder))),
    ).toMatchObject({
      rule: 'leg-claimed-by-another-tie',
    });
    expect(await refusal(path.execute(scheduleMatch(match('qf-2'), feeder)))).toMatchObject({
      rule: 'match-is-a-tie-leg',
    });
  });

  it('refuses a post that would take a match past its event limit, whole', async () => {
    await path.execute(scheduleMatch(match('m1'), feeder));
    await record('m1', [kickOff]);
    const offsides = Array.from({ length: 29 }, (_, i) => ({
      eventId: `o${i}`,
      type: 'OffsideCalled',
      minute: 5,
      team: 'MIA',
    }));
    expect(await refusal(record('m1', offsides))).toMatchObject({ status: 422, rule: 'match-event-limit' });
    expect((await record('m1', offsides.slice(1))).status).toBe(201);
    expect(registry.match('m1')?.version).toBe(30);
  });

  it('refuses a key limited to other competitions (403) before anything is read', async () => {
    const scoped: Principal = { ...feeder, competitions: ['UCL'] };
    expect(await refusal(path.execute(scheduleMatch(match('m1'), scoped)))).toMatchObject({ status: 403 });
    expect(
      await refusal(
        path.execute(declareCompetition({ competitionId: 'CCC', name: 'Champions Cup' }, scoped)),
      ),
    ).toMatchObject({
      status: 403,
    });
    expect(log.records).toEqual([]);
  });
});
