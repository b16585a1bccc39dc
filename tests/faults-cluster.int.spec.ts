import { partitionOfStream } from '@touchline/event-store';
import { expectEveryEventOnce, feederPosts, planMatch } from './support/feed-plan';
import { Http } from './support/http';
import { TEST_CLUSTERS } from './support/cluster-teardown';
import { KafkaCluster } from './support/kafka-cluster';
import { scheduleAndKickOff } from './support/matches';
import { Attempt, RetryingFeeder, seededRandom, sleep } from './support/retrying-feeder';
import { TestSystem } from './support/system';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const FEEDERS = 16;
const MATCHES_PER_FEEDER = 2;
const EVENTS_PER_MATCH = 60; // 16 × 2 × 60 = 1,920 events fed
const PARTITIONS = 6;
const UNSUPPORTED_VERSION = 35;

/**
 * On a 3-broker cluster (replication factor 3, min.insync.replicas 2), the broker that leads the
 * busiest partition is killed (SIGKILL) in the middle of a feed: its partitions get new leaders
 * among the two left, and nothing acknowledged is lost, nothing is written twice.
 */
describe('the leader of the busiest partition killed in the middle of a feed (3 brokers)', () => {
  let cluster: KafkaCluster;
  let system: TestSystem;
  let http: Http;
  let topic: string;

  beforeAll(async () => {
    cluster = await KafkaCluster.start(TEST_CLUSTERS[0]);
    system = await TestSystem.start({
      partitions: PARTITIONS,
      projector: false,
      env: { KAFKA_BROKERS: cluster.brokers, KAFKA_REPLICATION_FACTOR: '3' },
    });
    http = new Http(system.baseUrl);
    topic = system.env.KAFKA_TOPIC!;
  });
  afterAll(async () => {
    await system?.stop();
    await cluster?.destroy();
  });

  it('creates the events topic with 3 copies of each partition, 2 of them needed for an ack', async () => {
    const partitions = await cluster.partitions(topic);
    expect(partitions).toHaveLength(PARTITIONS);
    for (const p of partitions) expect([...p.replicas].sort()).toEqual([1, 2, 3]);
    expect(await cluster.topicConfig(topic, ['min.insync.replicas', 'retention.ms'])).toEqual({
      'min.insync.replicas': '2',
      'retention.ms': '-1',
    });
  });

  it('loses and duplicates nothing, seq gapless, while the leader fails over', async () => {
    const rnd = seededRandom(13);
    const plans = Array.from({ length: FEEDERS }, (_, f) =>
      Array.from({ length: MATCHES_PER_FEEDER }, (_, m) => planMatch(`cl-${f}-${m}`, EVENTS_PER_MATCH, rnd)),
    );
    for (const match of plans.flat()) await scheduleAndKickOff(http, match.matchId);
    // Read once with all three brokers up: the consumer-offsets topic (3 copies) is created now,
    // as it is on any running cluster, not after the fault when only two brokers could hold it.
    expect(await cluster.records(topic)).toHaveLength(plans.flat().length * 2);
    const totalEvents = plans.flat().reduce((n, m) => n + m.events.length, 0);
    const partitionOf = (matchId: string) => partitionOfStream(`match:${matchId}`, PARTITIONS);

    const feeders = plans.map(() => new RetryingFeeder(() => system.baseUrl, { backoffMs: 200 }));
    // The moment of the fault is the test's: when every feeder has posted a third of its
    // requests. Half the feeders post on through the kill; the other half wait at their mark
    // until the broker is dead, so requests certainly reach the partitions it led afterwards.
    let atMark = 0;
    let leaderIsDead!: () => void;
    const killed = new Promise<void>((resolve) => (leaderIsDead = resolve));
    const feedStarted = Date.now();
    const feed = Promise.all(
      feeders.map(async (feeder, f) => {
        const posts = feederPosts(plans[f], rnd);
        for (const [i, post] of posts.entries()) {
          if (i === Math.floor(posts.length / 3)) {
            atMark++;
            if (f % 2 === 0) await killed;
          }
          await feeder.post(post);
          await sleep(30);
        }
      }),
    );
    while (atMark < FEEDERS) await sleep(20);

    const ackedPerPartition = new Map<number, number>();
    for (const a of feeders.flatMap((f) => f.acked)) {
      const p = partitionOf(a.matchId);
      ackedPerPartition.set(p, (ackedPerPartition.get(p) ?? 0) + 1);
    }
    const [busiest] = [...ackedPerPartition].sort((a, b) => b[1] - a[1])[0];
    const before = await cluster.partitions(topic);
    const victim = before.find((p) => p.partition === busiest)!.leader;
    const victimPartitions = before.filter((p) => p.leader === victim).map((p) => p.partition);
    const ackedBeforeKill = feeders.reduce((n, f) => n + f.acked.length, 0);
    const killing = Date.now();
    await cluster.killNode(victim);
    const dead = Date.now();
    leaderIsDead();
    await feed;
    const feedEnded = Date.now();

    // Every event acknowledged; the log, read back from the two brokers left, holds each once.
    const acked = feeders.flatMap((f) => f.acked);
    expect(acked).toHaveLength(totalEvents);
    const { lost, duplicates } = expectEveryEventOnce(await cluster.records(topic), plans.flat(), acked);

    // The victim's partitions were written after it died: they had new leaders, with two copies.
    const onVictimPartitionsAfter = acked.filter(
      (a) => a.at > dead && victimPartitions.includes(partitionOf(a.matchId)),
    );
    expect(onVictimPartitionsAfter.length).toBeGreaterThan(0);
    const after = await cluster.partitions(topic);
    expect(after.filter((p) => p.leader === victim || p.isr.includes(victim))).toEqual([]);
    expect(after.map((p) => p.isr.length)).toEqual(after.map(() => 2));

    const attempts: Attempt[] = feeders.flatMap((f) => f.attempts);
    const failed = attempts.filter((a) => a.status !== 200 && a.status !== 201);
    process.stdout.write(
      `${JSON.stringify({
        test: 'cluster leader kill',
        eventsFed: totalEvents,
        requests: attempts.length,
        ackedBeforeKill,
        busiestPartition: busiest,
        victimBroker: victim,
        victimLedPartitions: victimPartitions,
        failedAttemptsRetried: failed.length,
        status503: failed.filter((a) => a.status === 503).length,
        networkErrors: failed.filter((a) => a.status === 0).length,
        slowestAnswerMs: Math.max(...attempts.map((a) => a.ms)),
        killMs: dead - killing,
        firstAckOnVictimPartitionsAfterKillMs: Math.min(...onVictimPartitionsAfter.map((a) => a.at)) - dead,
        feedMs: feedEnded - feedStarted,
        lost,
        duplicates,
      })}\n`,
    );
  });

  it('the brokers answered no request of ours with an unsupported version (request log)', async () => {
    const ours = (await cluster.requests()).filter((r) => r.clientId.startsWith('touchline'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((r) => r.errorCodes.includes(UNSUPPORTED_VERSION))).toEqual([]);
    expect(
      await cluster.serverLogLines(/UnsupportedVersion|UNSUPPORTED_VERSION|InvalidRequestException/),
    ).toEqual([]);
    const versions = [...new Set(ours.map((r) => `${r.apiKey} v${r.version}`))].sort();
    process.stdout.write(
      `${JSON.stringify({ test: 'kafkajs request versions', requests: ours.length, versions })}\n`,
    );
  });
});
