import pino from 'pino';
import { createKafka } from '@touchline/event-store';
import { Http } from './support/http';
import { ADMIN_KEY, TestSystem } from './support/system';

interface Report {
  parked: Array<{ streamId: string; error: string; heldRecords: number }>;
}

async function schedule(http: Http, matchId: string): Promise<void> {
  const teams = { homeTeam: { id: 'MIA', name: 'Miami' }, awayTeam: { id: 'LAFC', name: 'LAFC' } };
  expect((await http.post('/matches', { matchId, competition: 'CCC', ...teams })).status).toBe(201);
  expect(
    (await http.post(`/matches/${matchId}/events`, { type: 'PeriodStarted', period: '1H', minute: 0 }))
      .status,
  ).toBe(201);
}

const goal = (eventId: string, minute: number) => ({
  eventId,
  type: 'GoalScored',
  minute,
  team: 'MIA',
  player: 'Lionel Messi',
  kind: 'open_play',
});

describe('a record a projection cannot apply', () => {
  let system: TestSystem;
  let http: Http;
  let admin: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    admin = http.withKey(ADMIN_KEY);
    await schedule(http, 'poisoned');
    await schedule(http, 'healthy');
    await http.eventually('/matches/poisoned', (r) => r.body.version === 2);

    // Written to the topic by hand, behind the write side's back.
    const kafka = createKafka({
      brokers: ['127.0.0.1:9092'],
      clientId: 'poisoner',
      logger: pino({ level: 'silent' }),
    });
    const producer = kafka.producer();
    await producer.connect();
    const record = {
      streamId: 'match:poisoned',
      seq: 3,
      type: 'TeleportationOccurred',
      eventId: 'x',
      schemaVersion: 1,
      recordedAt: new Date().toISOString(),
      feeder: null,
    };
    await producer.send({
      topic: system.env.KAFKA_TOPIC!,
      messages: [
        { key: 'match:poisoned', value: JSON.stringify(record) },
        { key: 'match:poisoned', value: '{this is not json' },
      ],
    });
    await producer.disconnect();
  });
  afterAll(() => system.stop());

  it('parks that one stream, shows it, and keeps projecting every other match', async () => {
    expect((await http.post('/matches/poisoned/events', goal('messi-10', 10))).status).toBe(201);
    expect((await http.post('/matches/healthy/events', goal('messi-11', 11))).status).toBe(201);
    await http.eventually('/matches/healthy', (r) => r.body.version === 3);

    const report = await http.eventually<Report>('/admin/projections', (r) => r.body.parked.length === 2);
    const poisoned = report.body.parked.find((p) => p.streamId === 'match:poisoned')!;
    expect(poisoned.error).toMatch(/unknown match event type/);
    expect(poisoned.heldRecords).toBe(1);
    expect(report.body.parked.find((p) => p.streamId.startsWith('?offset:'))?.error).toMatch(/not JSON/);
    expect((await http.get('/matches/poisoned')).body).toMatchObject({
      version: 2,
      score: { home: 0, away: 0 },
    });
  });

  it('lets an admin retry (still stuck) and then skip the poison, applying what was held behind it', async () => {
    expect((await http.post('/admin/parked/match:poisoned/skip', {})).status).toBe(403);
    const retried = await admin.post('/admin/parked/match:poisoned/retry', {});
    expect(retried.body).toMatchObject({ applied: 0, stillParked: 2 });

    const skipped = await admin.post('/admin/parked/match:poisoned/skip', {});
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ streamId: 'match:poisoned', applied: 1, stillParked: 0 });
    expect((await http.get('/matches/poisoned')).body).toMatchObject({
      version: 3,
      score: { home: 1, away: 0 },
    });

    const broken = (await http.get<Report>('/admin/projections')).body.parked[0].streamId;
    expect((await admin.post(`/admin/parked/${encodeURIComponent(broken)}/skip`, {})).body).toMatchObject({
      applied: 0,
    });
    expect((await http.get<Report>('/admin/projections')).body.parked).toEqual([]);
    expect((await admin.post('/admin/parked/match:healthy/retry', {})).status).toBe(404);
  });

  it('goes on projecting the unparked stream', async () => {
    expect((await http.post('/matches/poisoned/events', goal('messi-20', 20))).status).toBe(201);
    await http.eventually('/matches/poisoned', (r) => r.body.version === 4);
  });
});
