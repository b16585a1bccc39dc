import { ApiInstance, waitForOneWriter } from './support/api-instance';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { streamRecords } from './support/topic';
import { TestSystem } from './support/system';

type Ack = { matchId: string; seq: number; eventId: string };

/**
 * Two API instances on one topic and database: one elected writer, commands sent to
 * either of them, the role handed on when the writer stops. Waits are conditions with hang guards.
 */
describe('two API instances: one elected writer, commands forwarded to it', () => {
  let system: TestSystem;
  let instances: ApiInstance[];

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    instances = [ApiInstance.of(system), await ApiInstance.start(system)];
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.process.stop()));
    await system.stop();
  });

  it('elects exactly one writer, and the other instance names it', async () => {
    const { writer, followers } = await waitForOneWriter(instances);
    expect(followers).toHaveLength(1);
    const follower = await followers[0].writerStatus();
    expect(follower).toMatchObject({ role: 'follower', takingCommands: false, writer: writer.baseUrl });
  });

  it('acknowledges commands sent to either instance with gapless seqs, and retries across instances with the same seq', async () => {
    const { writer, followers } = await waitForOneWriter(instances);
    const [follower] = followers;
    await scheduleAndKickOff(follower.http, 'two-1');
    const acks: Ack[] = [];
    for (const i of range(1, 10)) {
      const via = i % 2 === 0 ? writer : follower;
      const reply = await via.http.post<Ack>('/matches/two-1/events', offside(`two-1-${i}`, i));
      expect(reply.status).toBe(201);
      acks.push(reply.body);
    }
    expect(acks.map((a) => a.seq)).toEqual(range(3, 12));

    // The same eventId at the other instance: the original seq, nothing appended.
    for (const [k, i] of [1, 2, 10].entries()) {
      const via = k % 2 === 0 ? writer : follower;
      const retry = await via.http.post<Ack>('/matches/two-1/events', offside(`two-1-${i}`, i));
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(acks[i - 1]);
    }
    const array = range(11, 13).map((i) => offside(`two-1-${i}`, i));
    const sent = await follower.http.post<Ack[]>('/matches/two-1/events', array);
    expect(sent.status).toBe(201);
    const resent = await writer.http.post<Ack[]>('/matches/two-1/events', array);
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual(sent.body);

    const records = await streamRecords(system, 'match:two-1');
    expect(records.map((r) => r.seq)).toEqual(range(1, 15));
  });

  it('answers a request marked as forwarded with 503 at the follower, without forwarding or appending it', async () => {
    const { writer, followers } = await waitForOneWriter(instances);
    const [follower] = followers;
    await scheduleAndKickOff(writer.http, 'two-2');
    const forged = { 'x-touchline-forwarded-by': 'http://127.0.0.1:1' };
    const refused = await follower.http.post('/matches/two-2/events', offside('two-2-forged'), forged);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // The mark buys nothing at the writer either: the request is checked and counted like any other.
    const unauthorised = await writer.http
      .withKey('not-a-key')
      .post('/matches/two-2/events', offside('two-2-anon'), forged);
    expect(unauthorised.status).toBe(401);
    const next = await follower.http.post<Ack>('/matches/two-2/events', offside('two-2-next'));
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(3);
    const records = await streamRecords(system, 'match:two-2');
    expect(records.map((r) => r.eventId)).toEqual(['schedule-two-2', 'two-2-ko', 'two-2-next']);
  });

  it('hands the role to the other instance when the writer stops, and feeding continues through it', async () => {
    const { writer, followers } = await waitForOneWriter(instances);
    const [survivor] = followers;
    await scheduleAndKickOff(survivor.http, 'two-3');
    const before = await survivor.http.post<Ack>('/matches/two-3/events', offside('two-3-1', 1));
    expect(before.body.seq).toBe(3);

    expect(await writer.process.stop('SIGTERM')).toBe(0);
    const after = await waitForOneWriter(instances);
    expect(after.writer).toBe(survivor);

    const retry = await survivor.http.post<Ack>('/matches/two-3/events', offside('two-3-1', 1));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(before.body);
    const next = await survivor.http.post<Ack>('/matches/two-3/events', offside('two-3-2', 2));
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(4);
    const records = await streamRecords(system, 'match:two-3');
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect((await streamRecords(system, 'match:two-1')).map((r) => r.seq)).toEqual(range(1, 15));
  });
});
