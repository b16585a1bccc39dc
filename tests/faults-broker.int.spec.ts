import { expectEveryEventOnce, feederPosts, planMatch } from './support/feed-plan';
import { Http } from './support/http';
import { scheduleAndKickOff } from './support/matches';
import { PrivateKafka } from './support/private-kafka';
import { Attempt, RetryingFeeder, seededRandom, sleep } from './support/retrying-feeder';
import { TestSystem } from './support/system';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const FEEDERS = 20;
const MATCHES_PER_FEEDER = 3;
const EVENTS_PER_MATCH = 84; // 20 × 3 × 84 = 5,040 events fed
const OUTAGE_MS = 4000;
const PROMPT_ANSWER_MS = 10000;

/** Gapless seqs per stream, and nothing acknowledged ever lost, when the broker goes away mid-feed and comes back. */
describe('a broker restart in the middle of a feed', () => {
  let kafka: PrivateKafka;
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    kafka = await PrivateKafka.start('faults-broker');
    // An append the broker cannot take is given up well within the outage, so requests made
    // while the broker is down are answered (503) while it is still down.
    system = await TestSystem.start({
      env: { KAFKA_BROKERS: kafka.brokers, APPEND_TIMEOUT_MS: String(OUTAGE_MS / 2) },
    });
    http = new Http(system.baseUrl);
  });
  afterAll(async () => {
    await system?.stop();
    await kafka?.destroy();
  });

  it('answers promptly while the broker is down, recovers by itself, and loses or duplicates nothing', async () => {
    const rnd = seededRandom(7);
    const plans = Array.from({ length: FEEDERS }, (_, f) =>
      Array.from({ length: MATCHES_PER_FEEDER }, (_, m) => planMatch(`brk-${f}-${m}`, EVENTS_PER_MATCH, rnd)),
    );
    for (const match of plans.flat()) await scheduleAndKickOff(http, match.matchId);
    const totalEvents = plans.flat().reduce((n, m) => n + m.events.length, 0);

    const feeders = plans.map(() => new RetryingFeeder(() => system.baseUrl, { backoffMs: 200 }));
    const acked = () => feeders.reduce((n, f) => n + f.acked.length, 0);
    // The fault: once a quarter of the feed is in, the broker stops for a few seconds. Half the
    // feeders keep posting through the stop; the other half wait at their quarter mark until the
    // broker is down, so requests certainly arrive during the outage.
    let atQuarter = 0;
    let brokerIsDown!: () => void;
    const outage = new Promise<void>((resolve) => (brokerIsDown = resolve));
    const waitsForOutage = (f: number) => f % 2 === 0;
    const feedStarted = Date.now();
    const feed = Promise.all(
      feeders.map(async (feeder, f) => {
        const posts = feederPosts(plans[f], rnd);
        for (const [i, post] of posts.entries()) {
          if (i === Math.floor(posts.length / 4)) {
            atQuarter++;
            if (waitsForOutage(f)) await outage;
          }
          await feeder.post(post);
          await sleep(60);
        }
      }),
    );

    while (atQuarter < FEEDERS) await sleep(20);
    const stopping = Date.now();
    await kafka.down();
    const down = Date.now();
    brokerIsDown();
    await sleep(OUTAGE_MS);
    const starting = Date.now();
    await kafka.up();
    const up = Date.now();
    await feed;
    const feedEnded = Date.now();

    const attempts: Attempt[] = feeders.flatMap((f) => f.attempts);
    const duringOutage = attempts.filter((a) => a.startedAt >= down && a.startedAt + a.ms <= starting);
    const failed = attempts.filter((a) => a.status !== 200 && a.status !== 201);
    const firstAckAfterUp = Math.min(
      ...feeders.flatMap((f) => f.acked.map((a) => a.at)).filter((t) => t > up),
    );

    // While the broker was down the API answered, promptly, 503 with Retry-After: no hanging request.
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.filter((a) => a.status !== 503 || !a.retryAfter)).toEqual([]);
    expect(attempts.filter((a) => a.status === 0 || a.ms >= PROMPT_ANSWER_MS)).toEqual([]);

    // Every event was acknowledged in the end; the log holds each once, seq gapless per stream.
    expect(acked()).toBe(totalEvents);
    const records = await kafka.records(system.env.KAFKA_TOPIC!);
    const { lost, duplicates } = expectEveryEventOnce(
      records,
      plans.flat(),
      feeders.flatMap((f) => f.acked),
    );

    // The read models caught up: every match at its last seq, every goal counted once.
    const caughtUpFrom = Date.now();
    await Promise.all(
      plans
        .flat()
        .map((match) =>
          http.eventually<{ version: number; score: { home: number; away: number } }>(
            `/matches/${match.matchId}`,
            (r) => r.status === 200 && r.body.version === match.events.length + 2,
            FAULT_TEST_TIMEOUT_MS,
          ),
        ),
    );
    const caughtUp = Date.now();
    for (const match of plans.flat()) {
      const view = await http.get<{ score: { home: number; away: number } }>(`/matches/${match.matchId}`);
      expect(view.body.score).toEqual({ home: match.goals.MIA, away: match.goals.LAFC });
    }

    process.stdout.write(
      `${JSON.stringify({
        test: 'broker restart',
        eventsFed: totalEvents,
        requests: attempts.length,
        failedAttemptsRetried: failed.length,
        status503: failed.filter((a) => a.status === 503).length,
        answersDuringOutage: duringOutage.length,
        slowestAnswerMs: Math.max(...attempts.map((a) => a.ms)),
        brokerStopMs: down - stopping,
        brokerDownMs: starting - down,
        brokerStartMs: up - starting,
        firstAckAfterBrokerUpMs: firstAckAfterUp - up,
        feedMs: feedEnded - feedStarted,
        readModelsCaughtUpMs: caughtUp - caughtUpFrom,
        lost,
        duplicates,
      })}\n`,
    );
  });
});
