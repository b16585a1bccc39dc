import { goal, TEAMS as teams, wholeMatch } from '@touchline/testkit';
import type { Principal } from '../access/api-keys';
import { Problem } from '../http/problem';
import { CommandPath } from './command-path';
import { InMemorySnapshotStore } from './in-memory-snapshot-store';
import { InMemoryStreamLog } from './in-memory-stream-log';
import { declareCompetition, recordEvents, scheduleMatch, scheduleTie } from './stream-commands';
import { StreamRegistry } from './stream-registry';
import { StreamWarmer } from './stream-warmer';

const feeder: Principal = { role: 'feeder', competitions: null, id: 'feeder-1' };
const match = (matchId: string, extra: Record<string, unknown> = {}) => ({
  matchId,
  competition: 'CCC',
  ...teams,
  ...extra,
});
const tie = {
  tieId: 'qf',
  competition: 'CCC',
  legs: ['qf-1', 'qf-2'] as [string, string],
  rules: { awayGoals: 'regulation' as const, extraTime: true, penalties: true },
};

/** The log as one partition whose offsets are the records' positions in it. */
const positionsOf = (log: InMemoryStreamLog) => new Map([[0, BigInt(log.records.length)]]);

/** A registry from the store's snapshot and the log's tail, with everything stored loaded back. */
async function restart(store: InMemorySnapshotStore, log: InMemoryStreamLog, everything = false) {
  const registry = new StreamRegistry();
  const start = await store.start();
  if (start) registry.import(start.streams, start.legs);
  const tail = log.records.slice(Number(start?.positions.get(0) ?? 0n));
  await new StreamWarmer(registry, store).warmForRecords(tail);
  tail.forEach((r) => registry.apply(r));
  if (everything)
    registry.import(
      [...store.streams.values()],
      [...store.legs].map(([matchId, tieId]) => ({ matchId, tieId })),
    );
  return registry;
}

function fullFold(log: InMemoryStreamLog): StreamRegistry {
  const registry = new StreamRegistry();
  log.records.forEach((r) => registry.apply(r));
  return registry;
}

describe('write-side snapshots', () => {
  let registry: StreamRegistry;
  let store: InMemorySnapshotStore;
  let log: InMemoryStreamLog;
  let path: CommandPath;
  const record = (matchId: string, events: object[], extra: { expectedVersion?: number } = {}) =>
    path.execute(recordEvents(matchId, { events: events as never, isArray: true, ...extra }, feeder, 100));
  const snapshot = async () => {
    const capture = registry.capture(positionsOf(log));
    expect(await store.write(capture)).toBe(true);
    return registry.evictFinished(() => false);
  };

  beforeEach(async () => {
    registry = new StreamRegistry();
    store = new InMemorySnapshotStore();
    log = new InMemoryStreamLog(registry, store);
    path = new CommandPath(registry, log);
    await path.execute(declareCompetition({ competitionId: 'CCC', name: 'Champions Cup' } as never, feeder));
    await path.execute(scheduleTie(tie, feeder));
    await path.execute(scheduleMatch(match('qf-1', { tieId: 'qf', leg: 1 }), feeder));
    await path.execute(
      scheduleMatch(
        match('qf-2', { tieId: 'qf', leg: 2, homeTeam: teams.awayTeam, awayTeam: teams.homeTeam }),
        feeder,
      ),
    );
    await path.execute(scheduleMatch(match('done'), feeder));
    await path.execute(scheduleMatch(match('live'), feeder));
    await record('qf-1', wholeMatch('qf-1'));
    await record('done', wholeMatch('done'));
    await record('live', wholeMatch('live').slice(0, 2));
  });

  it('restarts from the snapshot and the tail to exactly what a full fold holds', async () => {
    await snapshot();
    await record('live', wholeMatch('live').slice(2, 4));
    await record('qf-2', wholeMatch('qf-2'));
    await record('done', [
      { eventId: 'done-fix', type: 'EventRetracted', refEventId: 'done-g1', reason: 'no goal' },
    ]);
    await snapshot();
    await record('live', wholeMatch('live').slice(4));
    expect((await restart(store, log, true)).exportAll()).toEqual(fullFold(log).exportAll());
  });

  it('keeps only what is in play in memory, and starts with only that', async () => {
    expect(await snapshot()).toBe(2); // 'done' and 'qf-1'; the tie waits for its second leg
    expect(registry.match('done')).toBeUndefined();
    expect(registry.match('qf-1')).toBeUndefined();
    expect(registry.tie('qf')).toBeDefined();
    const started = await restart(store, log);
    expect(started.exportAll().streams.map((s) => s.streamId)).toEqual([
      'competition:CCC',
      'match:live',
      'match:qf-2',
      'tie:qf',
    ]);
    await record('qf-2', wholeMatch('qf-2'));
    await snapshot();
    expect(registry.tie('qf')).toBeUndefined();
    expect(registry.exportAll().legs).toEqual([]);
  });

  it('brings an evicted match back for a command: same seq for a retried eventId, 409 for a stale version', async () => {
    await snapshot();
    expect(registry.match('done')).toBeUndefined();
    expect(await record('done', [goal('done-g1', 9)])).toEqual({
      status: 200,
      body: [{ matchId: 'done', seq: 3, eventId: 'done-g1' }],
    });
    await snapshot();
    const stale = await record(
      'done',
      [{ eventId: 'late', type: 'EventRetracted', refEventId: 'done-g1', reason: 'no goal' }],
      {
        expectedVersion: 3,
      },
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Problem);
    expect((stale as Problem).getStatus()).toBe(409);
    expect((stale as Problem).body).toMatchObject({ currentVersion: 7 });
    await snapshot();
    expect(
      await record(
        'done',
        [{ eventId: 'late', type: 'EventRetracted', refEventId: 'done-g1', reason: 'no goal' }],
        {
          expectedVersion: 7,
        },
      ),
    ).toMatchObject({ status: 201, body: [{ seq: 8 }] });
  });

  it('answers a new schedule from the claims of evicted streams', async () => {
    await record('qf-2', wholeMatch('qf-2'));
    await snapshot();
    expect(registry.tie('qf')).toBeUndefined();
    const again = await path.execute(scheduleMatch(match('qf-1'), feeder)).catch((e: unknown) => e);
    expect((again as Problem).getStatus()).toBe(409);
    const claimed = await path
      .execute(scheduleTie({ ...tie, tieId: 'sf', legs: ['qf-2', 'sf-2'] }, feeder))
      .catch((e: unknown) => e);
    expect((claimed as Problem).body).toMatchObject({ rule: 'leg-claimed-by-another-tie' });
    const standalone = await path
      .execute(scheduleTie({ ...tie, tieId: 'sf', legs: ['done', 'sf-2'] }, feeder))
      .catch((e: unknown) => e);
    expect((standalone as Problem).body).toMatchObject({ rule: 'leg-already-scheduled' });
  });

  it('never asks the store while memory holds the whole log (commands do not depend on PostgreSQL)', async () => {
    store.load = () => Promise.reject(new Error('PostgreSQL is down'));
    expect((await path.execute(scheduleMatch(match('new'), feeder))).status).toBe(201);
    expect((await record('done', [goal('done-g1', 9)])).status).toBe(200);
    await snapshot();
    await expect(path.execute(scheduleMatch(match('newer'), feeder))).rejects.toThrow('PostgreSQL is down');
  });

  it('never moves the snapshot back: an older writer is refused', async () => {
    const old = registry.capture(new Map([[0, 3n]]));
    await snapshot();
    expect(await store.write(old)).toBe(false);
  });
});
