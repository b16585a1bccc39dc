import { LogRecord } from '@touchline/event-store';
import { Http } from './support/http';
import { offside, scheduleAndKickOff } from './support/matches';
import {
  EventBody,
  eventIdsOf,
  FeedPost,
  RetryingFeeder,
  seededRandom,
  sleep,
} from './support/retrying-feeder';
import { TestSystem } from './support/system';
import { topicRecords } from './support/topic';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const MATCHES = 12;
const POSTERS = 40;
const ARRAYS = 300;
const ARRAY_SIZE = 20; // 300 × 20 = 6,000 events, in atomic arrays
const KILL_AT = [0.2, 0.5, 0.8]; // of the arrays acknowledged

interface KillCheck {
  atAcked: number;
  arraysInLog: number;
  halfArrays: number;
  gaps: number;
  restartMs: number;
}

/** Per stream, the seqs must read 1..n; returns how many streams do not. */
function streamsWithGaps(records: LogRecord[]): number {
  const seqs = new Map<string, number[]>();
  for (const r of records) seqs.set(r.streamId, [...(seqs.get(r.streamId) ?? []), r.seq]);
  return [...seqs.values()].filter((s) => s.some((seq, i) => seq !== i + 1)).length;
}

/** Arrays appended all or none, and guarantees 1–3 of docs/api.md, when the api is SIGKILLed mid-append. */
describe('the api killed during batched appends', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start({ projector: false });
    http = new Http(system.baseUrl);
  });
  afterAll(() => system?.stop());

  it('leaves no half array in the log, and retries after the restart settle every event exactly once', async () => {
    const rnd = seededRandom(11);
    const matchIds = Array.from({ length: MATCHES }, (_, i) => `kill-${i}`);
    for (const id of matchIds) await scheduleAndKickOff(http, id);
    const arrays: FeedPost[] = Array.from({ length: ARRAYS }, (_, a) => {
      const matchId = matchIds[Math.floor(rnd() * MATCHES)];
      const body = Array.from(
        { length: ARRAY_SIZE },
        (_, i) =>
          offside(`k${a}-${i}`, 1 + Math.floor(rnd() * 45), rnd() < 0.5 ? 'MIA' : 'LAFC') as EventBody,
      );
      return { matchId, body };
    });

    // Posters take the arrays one after another off a shared queue, concurrently.
    const queue = [...arrays];
    const posters = Array.from(
      { length: POSTERS },
      () => new RetryingFeeder(() => system.baseUrl, { backoffMs: 100 }),
    );
    const ackedArrays = () => posters.reduce((n, p) => n + p.acked.length, 0) / ARRAY_SIZE;
    const feed = Promise.all(
      posters.map(async (poster) => {
        for (let next = queue.shift(); next; next = queue.shift()) await poster.post(next);
      }),
    );

    const kills: KillCheck[] = [];
    for (const share of KILL_AT) {
      while (ackedArrays() < ARRAYS * share) await sleep(5);
      const atAcked = ackedArrays();
      await system.api.stop('SIGKILL');
      // With no writer running, the log is what the crash left: each array whole or absent.
      const records = await topicRecords(system);
      const ids = new Set(records.map((r) => r.eventId));
      const present = arrays.map((a) => eventIdsOf(a).filter((id) => ids.has(id)).length);
      const restarting = Date.now();
      system.api.start();
      await system.waitForApi();
      kills.push({
        atAcked,
        arraysInLog: present.filter((n) => n === ARRAY_SIZE).length,
        halfArrays: present.filter((n) => n !== 0 && n !== ARRAY_SIZE).length,
        gaps: streamsWithGaps(records),
        restartMs: Date.now() - restarting,
      });
    }
    await feed;

    expect(kills.map((k) => ({ halfArrays: k.halfArrays, gaps: k.gaps }))).toEqual(
      KILL_AT.map(() => ({ halfArrays: 0, gaps: 0 })),
    );

    const records = await topicRecords(system);
    expect(streamsWithGaps(records)).toBe(0);
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.eventId!, (counts.get(r.eventId!) ?? 0) + 1);
    const planned = arrays.flatMap(eventIdsOf);
    const lost = planned.filter((id) => !counts.has(id)).length;
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
    expect(records).toHaveLength(planned.length + 2 * MATCHES);

    // Every acknowledgement, first or retried, names the seq the log holds.
    const seqOf = new Map(records.map((r) => [r.eventId, `${r.streamId}@${r.seq}`]));
    const acks = posters.flatMap((p) => p.acked);
    expect(acks.filter((a) => seqOf.get(a.eventId) !== `match:${a.matchId}@${a.seq}`)).toEqual([]);

    const attempts = posters.flatMap((p) => p.attempts);
    process.stdout.write(
      `${JSON.stringify({
        test: 'api SIGKILL during arrays',
        arrays: ARRAYS,
        eventsFed: planned.length,
        kills,
        requests: attempts.length,
        networkErrorsRetried: attempts.filter((a) => a.status === 0).length,
        status5xxRetried: attempts.filter((a) => a.status >= 500).length,
        answered200OnRetry: attempts.filter((a) => a.status === 200).length,
        lost,
        duplicates,
      })}\n`,
    );
  });
});
