import { feedEvents, loadFixture, scheduleFixture } from './support/fixtures';
import { Http } from './support/http';
import { readSse, SseMessage } from './support/sse';
import { TestSystem } from './support/system';

const seed = loadFixture('seed-tie');
const [LEG1, LEG2] = seed.tie.legs;

describe('streams of a match: replay and live', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    await scheduleFixture(http, seed);
    const leg1Version = await feedEvents(http, seed, LEG1);
    await http.eventually(`/matches/${LEG1}`, (r) => r.body.version === leg1Version);
    await http.eventually(`/matches/${LEG2}`, (r) => r.status === 200);
  });
  afterAll(() => system.stop());

  it('delivers every event of a live match exactly once, in order, across a reconnect with Last-Event-ID', async () => {
    const all = seed.events[LEG2];
    const received: SseMessage[] = [];
    let snapshot: SseMessage | undefined;

    // First connection: take the snapshot and the first 8 events, then drop. Feeding starts once
    // the snapshot is in, so the snapshot is the match before any of the fed events.
    let snapshotIn!: () => void;
    const snapshotReceived = new Promise<void>((resolve) => (snapshotIn = resolve));
    const first = readSse(`${system.baseUrl}/matches/${LEG2}/live`, (m) => {
      if (m.event === 'snapshot') {
        snapshot = m;
        snapshotIn();
      } else received.push(m);
      return received.length < 8;
    });
    await Promise.race([snapshotReceived, first]);
    const feeding = feedEvents(http, seed, LEG2, 12);
    expect((await first).contentType).toMatch(/text\/event-stream/);
    await feeding;
    expect(snapshot?.id).toBe('1');

    // Events 9..12 were recorded while disconnected; the rest arrive after the reconnect.
    const lastId = received[received.length - 1].id!;
    const second = readSse(
      `${system.baseUrl}/matches/${LEG2}/live`,
      (m) => {
        received.push(m);
        return received.length < all.length;
      },
      { headers: { 'Last-Event-ID': lastId } },
    );
    for (const { event } of all.slice(12)) {
      expect((await http.post(`/matches/${LEG2}/events`, event)).status).toBe(201);
    }
    await second;

    expect(received.map((m) => Number(m.id))).toEqual(all.map((_, i) => i + 2));
    expect(received.map((m) => (m.data.event as { eventId: string }).eventId)).toEqual(
      all.map((e) => e.event.eventId),
    );
    const last = received[received.length - 1].data as { state: { score: unknown; status: string } };
    expect(last.state).toMatchObject({ status: 'finished', score: { home: 3, away: 1 } });
  });

  it('re-streams a finished match with the state and the tie after each event (speed=0)', async () => {
    const items: SseMessage[] = [];
    let ended = false;
    const reply = await readSse(`${system.baseUrl}/matches/${LEG2}/replay?speed=0`, (m) => {
      if (m.event === 'end') {
        ended = true;
        return false;
      }
      items.push(m);
      return true;
    });
    expect(reply.status).toBe(200);
    expect(ended).toBe(true);
    expect(items.map((m) => Number(m.id))).toEqual(
      Array.from({ length: seed.events[LEG2].length + 1 }, (_, i) => i + 1),
    );

    type Item = {
      event: { eventId: string };
      state: { score: { home: number; away: number } };
      tie: { leader: string | null; reason: string; decided: boolean };
    };
    const after = (eventId: string) =>
      items.map((m) => m.data as unknown as Item).find((d) => d.event.eventId === eventId)!;
    expect(after('mia-lafc-2-goal-long-9').tie).toMatchObject({ leader: 'LAFC', reason: 'aggregate' });
    expect(after('mia-lafc-2-goal-allen-61').tie).toMatchObject({ leader: 'LAFC', reason: 'away_goals' });
    expect(after('mia-lafc-2-goal-suarez-65').state.score).toEqual({ home: 3, away: 1 });
    expect(after('mia-lafc-2-goal-suarez-65').tie).toMatchObject({ leader: 'MIA', reason: 'aggregate' });
    expect(after('mia-lafc-2-var-1-done').state.score).toEqual({ home: 2, away: 1 });
    expect(after('mia-lafc-2-var-1-done').tie).toMatchObject({ leader: 'LAFC', reason: 'away_goals' });
    expect(after('mia-lafc-2-goal-messi-pen-84').tie).toMatchObject({
      leader: 'MIA',
      reason: 'aggregate',
      decided: false,
    });
    expect(after('mia-lafc-2-full-time').tie).toMatchObject({ leader: 'MIA', decided: true, winner: 'MIA' });
  });

  it('paces the replay by the original gaps divided by speed', async () => {
    const { events } = (await http.get<{ events: Array<{ recordedAt: string }> }>(`/matches/${LEG1}/events`))
      .body;
    const span = Date.parse(events[events.length - 1].recordedAt) - Date.parse(events[0].recordedAt);
    const started = Date.now();
    let count = 0;
    await readSse(`${system.baseUrl}/matches/${LEG1}/replay?speed=0.5`, (m) => {
      count++;
      return m.event !== 'end';
    });
    expect(count).toBe(events.length + 1);
    // Half speed: the replay cannot be faster than twice the span the events were recorded over.
    expect(Date.now() - started).toBeGreaterThanOrEqual(span * 2 * 0.9);
  });

  it('refuses a bad speed with a 400 naming it, and an unknown match with a 404', async () => {
    const bad = await http.get(`/matches/${LEG2}/replay?speed=-1`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('speed');
    expect((await http.get('/matches/nope/replay')).status).toBe(404);
    expect((await http.get('/matches/nope/live')).status).toBe(404);
  });
});
