import { Http, Reply } from './support/http';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { TestSystem } from './support/system';
import { streamRecords, topicRecords } from './support/topic';

type Ack = { matchId: string; seq: number; eventId: string };

/** Guarantees 1, 3 and 4 of docs/api.md on the real api and broker: seqs, idempotency, expectedVersion, atomic arrays. */
describe('write side: per-stream order, idempotency and optimistic concurrency', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  describe('50 concurrent feeders on one match', () => {
    const matchId = 'conc-1';
    const events = range(1, 50).map((i) => offside(`conc-${i}`, i % 45));
    let first: Array<Reply<Ack>>;

    beforeAll(async () => {
      await scheduleAndKickOff(http, matchId);
      first = await Promise.all(events.map((e) => http.post<Ack>(`/matches/${matchId}/events`, e)));
    });

    it('gives every post its own seq, gapless after the kick-off (seq 2)', () => {
      expect(first.map((r) => r.status)).toEqual(events.map(() => 201));
      expect(first.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(range(3, 52));
      first.forEach((r, i) =>
        expect(r.body).toEqual({ matchId, seq: r.body.seq, eventId: events[i].eventId }),
      );
    });

    it('puts exactly those records in the topic, in seq order in the partition', async () => {
      const records = await streamRecords(system, `match:${matchId}`);
      expect(records.map((r) => r.seq)).toEqual(range(1, 52));
      const bySeq = new Map(first.map((r) => [r.body.seq, r.body.eventId]));
      for (const r of records.slice(2)) expect(r.eventId).toBe(bySeq.get(r.seq));
      expect(records[0].type).toBe('MatchScheduled');
    });

    it('answers the same 50 retried concurrently with 200 and the original seqs, appending nothing', async () => {
      const retried = await Promise.all(events.map((e) => http.post<Ack>(`/matches/${matchId}/events`, e)));
      expect(retried.map((r) => r.status)).toEqual(events.map(() => 200));
      expect(retried.map((r) => r.body)).toEqual(first.map((r) => r.body));
      expect(await streamRecords(system, `match:${matchId}`)).toHaveLength(52);
    });

    it('refuses an eventId reused for other content with 409, appending nothing', async () => {
      const reused = await http.post(`/matches/${matchId}/events`, { ...events[0], minute: 44 });
      expect(reused.status).toBe(409);
      expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reused.body).toMatchObject({ status: 409, eventId: 'conc-1' });
      const mixed = await http.post(`/matches/${matchId}/events`, [events[1], offside('conc-new')]);
      expect(mixed.status).toBe(409);
      expect(await streamRecords(system, `match:${matchId}`)).toHaveLength(52);
    });

    it('treats key order and surrounding whitespace as the same content', async () => {
      const e = events[5];
      const reordered = Object.fromEntries(Object.entries(e).reverse());
      const replay = await http.post<Ack>(`/matches/${matchId}/events`, {
        ...reordered,
        player: ` ${e.player} `,
      });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first[5].body);
    });
  });

  it('runs posts to different matches in parallel, each match gapless (20 matches × 10 events)', async () => {
    const ids = range(1, 20).map((m) => `par-${m}`);
    await Promise.all(ids.map((id) => scheduleAndKickOff(http, id)));
    const posts = ids.flatMap((id) =>
      range(1, 10).map((i) => ({ id, event: offside(`${id}-e${i}`, 10 + i) })),
    );
    const replies = await Promise.all(posts.map((p) => http.post<Ack>(`/matches/${p.id}/events`, p.event)));
    expect(replies.filter((r) => r.status !== 201)).toEqual([]);
    const records = await topicRecords(system);
    for (const id of ids) {
      const seqs = replies.filter((r) => r.body.matchId === id).map((r) => r.body.seq);
      expect(seqs.sort((a, b) => a - b)).toEqual(range(3, 12));
      expect(records.filter((r) => r.streamId === `match:${id}`).map((r) => r.seq)).toEqual(range(1, 12));
    }
  });

  describe('expectedVersion', () => {
    const matchId = 'ev-1';
    beforeAll(() => scheduleAndKickOff(http, matchId));

    it('refuses a stale body expectedVersion with 409 and the current version, appending nothing', async () => {
      const stale = await http.post(`/matches/${matchId}/events`, { ...offside('ev-a'), expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(stale.body).toMatchObject({ status: 409, currentVersion: 2, expectedVersion: 1 });
      const ahead = await http.post(`/matches/${matchId}/events`, { ...offside('ev-a'), expectedVersion: 7 });
      expect(ahead.status).toBe(409);
      expect(ahead.body).toMatchObject({ currentVersion: 2 });
      expect(await streamRecords(system, `match:${matchId}`)).toHaveLength(2);
    });

    it('refuses a stale If-Match header the same way', async () => {
      for (const header of ['1', '"1"', 'W/"1"']) {
        const stale = await http.post(`/matches/${matchId}/events`, offside('ev-a'), { 'If-Match': header });
        expect(stale.status).toBe(409);
        expect(stale.body).toMatchObject({ currentVersion: 2 });
      }
      expect(await streamRecords(system, `match:${matchId}`)).toHaveLength(2);
    });

    it('accepts the current version, in the body or in If-Match, and on an array', async () => {
      const body = await http.post<Ack>(`/matches/${matchId}/events`, {
        ...offside('ev-a'),
        expectedVersion: 2,
      });
      expect(body.status).toBe(201);
      expect(body.body.seq).toBe(3);
      const header = await http.post<Ack>(`/matches/${matchId}/events`, offside('ev-b'), {
        'If-Match': '"3"',
      });
      expect(header.status).toBe(201);
      expect(header.body.seq).toBe(4);
      const array = await http.post<Ack[]>(`/matches/${matchId}/events`, [
        { ...offside('ev-c'), expectedVersion: 4 },
        offside('ev-d'),
      ]);
      expect(array.status).toBe(201);
      expect(array.body.map((a) => a.seq)).toEqual([5, 6]);
    });

    it('lets exactly one of several writers with the same expectedVersion win', async () => {
      const racers = await Promise.all(
        range(1, 8).map((i) =>
          http.post(`/matches/${matchId}/events`, { ...offside(`race-${i}`), expectedVersion: 6 }),
        ),
      );
      expect(racers.filter((r) => r.status === 201)).toHaveLength(1);
      const losers = racers.filter((r) => r.status !== 201);
      expect(losers.map((r) => r.status)).toEqual(losers.map(() => 409));
      losers.forEach((r) => expect(r.body).toMatchObject({ currentVersion: 7 }));
      expect((await streamRecords(system, `match:${matchId}`)).map((r) => r.seq)).toEqual(range(1, 7));
    });

    it('still answers a retry with 200 even when its expectedVersion is now stale', async () => {
      const retry = await http.post<Ack>(`/matches/${matchId}/events`, {
        ...offside('ev-a'),
        expectedVersion: 2,
      });
      expect(retry.status).toBe(200);
      expect(retry.body.seq).toBe(3);
    });

    it('refuses a body expectedVersion that disagrees with If-Match, or a bad If-Match, with 400', async () => {
      const disagree = await http.post(
        `/matches/${matchId}/events`,
        { ...offside('ev-x'), expectedVersion: 7 },
        { 'If-Match': '6' },
      );
      expect(disagree.status).toBe(400);
      expect(disagree.body).toMatchObject({ errors: [{ field: 'expectedVersion' }] });
      const bad = await http.post(`/matches/${matchId}/events`, offside('ev-x'), { 'If-Match': 'banana' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ errors: [{ field: 'If-Match' }] });
    });
  });

  describe('arrays are atomic', () => {
    const matchId = 'atomic-1';
    beforeAll(() => scheduleAndKickOff(http, matchId));

    it('refuses the whole array when its 3rd event breaks a rule, naming the rule and index', async () => {
      const before = await topicRecords(system);
      const reply = await http.post(`/matches/${matchId}/events`, [
        offside('at-1', 5),
        offside('at-2', 6),
        { eventId: 'at-3', type: 'GoalScored', minute: 7, team: 'NYC', player: 'X', kind: 'open_play' },
        offside('at-4', 8),
      ]);
      expect(reply.status).toBe(422);
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reply.body).toMatchObject({ status: 422, rule: 'team-not-in-match', index: 2 });
      expect(await topicRecords(system)).toHaveLength(before.length);
    });

    it('has not recorded any part of it: the version is unchanged and its first event is still new', async () => {
      const stale = await http.post(`/matches/${matchId}/events`, {
        ...offside('probe'),
        expectedVersion: 99,
      });
      expect(stale.body).toMatchObject({ currentVersion: 2 });
      const again = await http.post<Ack>(`/matches/${matchId}/events`, offside('at-1', 5));
      expect(again.status).toBe(201);
      expect(again.body.seq).toBe(3);
    });

    it('refuses an array that repeats an eventId within itself', async () => {
      const reply = await http.post(`/matches/${matchId}/events`, [offside('dup-1'), offside('dup-1')]);
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ index: 1 });
      expect(await streamRecords(system, `match:${matchId}`)).toHaveLength(3);
    });

    it('records a valid array contiguously, in the order posted', async () => {
      const reply = await http.post<Ack[]>(
        `/matches/${matchId}/events`,
        range(1, 30).map((i) => offside(`arr-${i}`, i)),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.map((a) => a.seq)).toEqual(range(4, 33));
      const records = await streamRecords(system, `match:${matchId}`);
      expect(records.slice(3).map((r) => r.eventId)).toEqual(range(1, 30).map((i) => `arr-${i}`));
    });
  });
});
