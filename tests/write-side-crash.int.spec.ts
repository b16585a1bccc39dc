import { Http, Reply } from './support/http';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { TestSystem } from './support/system';
import pino from 'pino';
import { createKafka, EventAppender } from '@touchline/event-store';
import { streamRecords } from './support/topic';

type Ack = { matchId: string; seq: number; eventId: string };

/** Guarantees 1–3 of docs/api.md across a crash: the api is SIGKILLed and restarted, its memory rebuilt from the log. */
describe('write side across a crash of the api', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  it('answers a retry of an acknowledged event with 200 and its original seq after SIGKILL', async () => {
    await scheduleAndKickOff(http, 'crash-1');
    const goal = {
      eventId: 'crash-goal',
      type: 'GoalScored',
      minute: 9,
      team: 'LAFC',
      player: 'Aaron Long',
      kind: 'header',
    };
    const acked = await http.post<Ack>('/matches/crash-1/events', goal);
    expect(acked.status).toBe(201);
    expect(acked.body.seq).toBe(3);

    await system.restartApi('SIGKILL');

    const retry = await http.post<Ack>('/matches/crash-1/events', goal);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(acked.body);
    const conflicting = await http.post('/matches/crash-1/events', { ...goal, player: 'Someone Else' });
    expect(conflicting.status).toBe(409);
    const records = await streamRecords(system, 'match:crash-1');
    expect(records.filter((r) => r.eventId === 'crash-goal')).toHaveLength(1);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('answers a retried array with its original seqs after SIGKILL, and continues the stream gaplessly', async () => {
    await scheduleAndKickOff(http, 'crash-2');
    const batch = range(1, 5).map((i) => offside(`c2-${i}`, i));
    const acked = await http.post<Ack[]>('/matches/crash-2/events', batch);
    expect(acked.status).toBe(201);

    await system.restartApi('SIGKILL');

    const retry = await http.post<Ack[]>('/matches/crash-2/events', batch);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(acked.body);
    const stale = await http.post('/matches/crash-2/events', { ...offside('c2-next'), expectedVersion: 2 });
    expect(stale.body).toMatchObject({ currentVersion: 7 });
    const next = await http.post<Ack>('/matches/crash-2/events', offside('c2-next'));
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(8);
    const records = await streamRecords(system, 'match:crash-2');
    expect(records.map((r) => r.seq)).toEqual(range(1, 8));
    expect(new Set(records.map((r) => r.eventId)).size).toBe(8);
  });

  it('recognises a re-scheduled match and tie after SIGKILL (200), and other content as a conflict (409)', async () => {
    const tie = {
      tieId: 'crash-tie',
      competition: 'CCC',
      legs: ['crash-l1', 'crash-l2'],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    };
    const leg1 = {
      matchId: 'crash-l1',
      competition: 'CCC',
      homeTeam: { id: 'LAFC', name: 'Los Angeles FC' },
      awayTeam: { id: 'MIA', name: 'Inter Miami CF' },
      tieId: 'crash-tie',
      leg: 1,
    };
    expect((await http.post('/ties', tie)).status).toBe(201);
    expect((await http.post('/matches', leg1)).status).toBe(201);

    await system.restartApi('SIGKILL');

    expect((await http.post('/ties', tie)).status).toBe(200);
    expect((await http.post('/matches', leg1)).status).toBe(200);
    expect((await http.post('/matches', { ...leg1, kickoffAt: '2025-04-02T02:30:00Z' })).status).toBe(409);
  });

  it('loses no acknowledged event when killed in the middle of concurrent posts, and retries settle every one exactly once', async () => {
    await scheduleAndKickOff(http, 'crash-3');
    const events = range(1, 40).map((i) => offside(`c3-${i}`, i));
    const acked: Array<{ eventId: string; seq: number }> = [];
    let killed: Promise<void> | null = null;
    const inFlight = events.map((e) =>
      http
        .post<Ack>('/matches/crash-3/events', e)
        .then((r) => {
          if (r.status === 201) acked.push({ eventId: r.body.eventId, seq: r.body.seq });
          killed ??= system.restartApi('SIGKILL');
        })
        .catch(() => undefined),
    );
    await Promise.all(inFlight);
    await killed;
    expect(acked.length).toBeGreaterThan(0);

    const retried: Array<Reply<Ack>> = [];
    for (const e of events) retried.push(await http.post<Ack>('/matches/crash-3/events', e));
    expect(retried.filter((r) => r.status !== 200 && r.status !== 201)).toEqual([]);
    for (const a of acked) {
      const r = retried.find((x) => x.body.eventId === a.eventId);
      expect(r?.status).toBe(200);
      expect(r?.body.seq).toBe(a.seq);
    }
    const records = await streamRecords(system, 'match:crash-3');
    expect(records.map((r) => r.seq)).toEqual(range(1, 42));
    const ids = records
      .slice(2)
      .map((r) => r.eventId)
      .sort();
    expect(ids).toEqual(events.map((e) => String(e.eventId)).sort());
  });

  it('never reuses a seq the log holds, even one whose record it could not apply on start', async () => {
    const kafka = createKafka({
      brokers: ['127.0.0.1:9092'],
      clientId: 'touchline-test-writer',
      logger: pino({ level: 'silent' }),
    });
    const foreign = new EventAppender(kafka, system.env.KAFKA_TOPIC!);
    await foreign.connect();
    await foreign.append([
      {
        streamId: 'match:orphan',
        seq: 1,
        type: 'GoalScored',
        eventId: 'orphan-goal',
        schemaVersion: 1,
        recordedAt: new Date().toISOString(),
        feeder: null,
        team: 'MIA',
        player: 'Nobody',
        kind: 'open_play',
      },
    ]);
    await foreign.disconnect();

    await system.restartApi('SIGKILL');

    const scheduled = await http.post('/matches', {
      matchId: 'orphan',
      competition: 'CCC',
      homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
      awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
    });
    expect(scheduled.status).not.toBe(201);
    expect((await streamRecords(system, 'match:orphan')).map((r) => r.seq)).toEqual([1]);
    expect((await http.get('/health')).status).toBe(200);
  });
});
