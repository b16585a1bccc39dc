import { ApiInstance, waitForOneWriter } from './support/api-instance';
import { metric } from './support/metrics';
import { scheduleAndKickOff } from './support/matches';
import { TestSystem } from './support/system';

/**
 * `minVersion` on an instance that is not the writer: it has no write-side memory of its own, so
 * it asks the writer whether a stream it has not projected exists. A stream the log does not hold
 * is a 404 at once, as on the writer; one the log holds is waited for. Waits are set far longer
 * than the test's own timeout, so an answer that came after a wait would never arrive in time.
 */
describe('minVersion on a follower', () => {
  let system: TestSystem;
  let instances: ApiInstance[];
  let writer: ApiInstance;
  let follower: ApiInstance;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { MIN_VERSION_WAIT_MS: '600000' } });
    instances = [ApiInstance.of(system), await ApiInstance.start(system)];
    const roles = await waitForOneWriter(instances);
    writer = roles.writer;
    [follower] = roles.followers;
    const tie = await follower.http.post('/ties', {
      tieId: 'fmv-tie',
      competition: 'CCC',
      legs: ['fmv-leg-1', 'fmv-leg-2'],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    });
    expect(tie.status).toBe(201);
    await follower.http.eventually('/ties/fmv-tie', (r) => r.status === 200);
  });
  afterAll(async () => {
    await Promise.all(instances.slice(1).map((i) => i.process.stop()));
    await system?.stop();
  });

  it('answers 404 at once for a stream the log does not hold, as the writer does, never a wait', async () => {
    const queries = [
      '/matches/fmv-nobody?minVersion=3',
      '/matches/fmv-nobody/timeline?minVersion=3',
      '/matches/fmv-nobody/events?minVersion=3',
      '/matches/fmv-nobody/state?minVersion=3',
      '/ties/fmv-no-tie?minVersion=fmv-leg-1:1',
      // the tie exists, its first leg was never scheduled
      '/ties/fmv-tie?minVersion=fmv-leg-1:1',
    ];
    const onFollower = await Promise.all(queries.map((q) => follower.http.get(q)));
    const onWriter = await Promise.all(queries.map((q) => writer.http.get(q)));
    expect(onFollower.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(onFollower.map((r) => r.status)).toEqual(onWriter.map((r) => r.status));
    expect(await metric(follower.baseUrl, 'touchline_min_version_waits')).toBe(0);
  });

  it('still waits for a stream the log holds and the read model has not applied yet', async () => {
    // Written through the follower (forwarded to the writer), read back from it at once.
    await scheduleAndKickOff(follower.http, 'fmv-live');
    const match = await follower.http.get<{ version: number }>('/matches/fmv-live?minVersion=2');
    expect(match.status).toBe(200);
    expect(match.body.version).toBeGreaterThanOrEqual(2);
  });

  it('lets only the writer say what the log holds of a stream', async () => {
    await scheduleAndKickOff(follower.http, 'fmv-asked');
    const asked = await writer.http.get('/health/writer/streams/match:fmv-asked');
    expect(asked).toMatchObject({ status: 200, body: { streamId: 'match:fmv-asked', lastSeq: 2 } });
    const nobody = await writer.http.get('/health/writer/streams/match:fmv-nobody');
    expect(nobody).toMatchObject({ status: 200, body: { lastSeq: 0 } });
    expect((await follower.http.get('/health/writer/streams/match:fmv-asked')).status).toBe(503);
    const malformed = await writer.http.get('/health/writer/streams/fmv-asked');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('streamId');
  });
});
