import { Kafka, logLevel } from 'kafkajs';
import { ensureEventsTopic, GroupConsumer, MemberCrash, WriterElection } from '@touchline/event-store';
import { PrivateKafka } from './support/private-kafka';
import { sleep } from './support/retrying-feeder';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

/** The hang guard of one wait: far above the seconds a broker restart and a rejoin take. */
const WAIT_GUARD_MS = 120_000;

/**
 * Waits for a condition the test observes (a handler was called), checked every 20 ms. Only a
 * hang guard ends it early: the wait then fails, naming what it waited for.
 */
async function until(what: string, condition: () => boolean): Promise<void> {
  const guard = Date.now() + WAIT_GUARD_MS;
  while (!condition()) {
    if (Date.now() > guard) throw new Error(`still waiting, after ${WAIT_GUARD_MS} ms, for ${what}`);
    await sleep(20);
  }
}

/**
 * A client whose consumers kafkajs never restarts after a crash (`restartOnFailure` says no), as
 * it does not after a non-retriable error: stopping the broker then makes each group member
 * crash for good, with `restart: false`, at a moment the test controls. Few, short retries, so
 * the crash comes soon after the stop.
 */
const givingUpClient = (broker: PrivateKafka): Kafka =>
  new Kafka({
    clientId: 'touchline-test-giving-up',
    brokers: [broker.brokers],
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500, restartOnFailure: async () => false },
    logLevel: logLevel.NOTHING,
  });

/**
 * The writer election and the projector's group consumer are kafkajs group members. When a broker
 * restart makes kafkajs give a member up (it disconnects it and does not restart it), the member
 * must come back by itself once the broker does: otherwise no instance would ever write again, or
 * a projector would never read again.
 */
describe('a group member that kafkajs gives up during a broker restart', () => {
  let broker: PrivateKafka;
  let election: WriterElection | null = null;
  let consumer: GroupConsumer | null = null;

  beforeAll(async () => {
    broker = await PrivateKafka.start('faults-members');
  });
  afterAll(async () => {
    await election?.stop().catch(() => undefined);
    await consumer?.stop().catch(() => undefined);
    await broker?.destroy();
  });

  it('is replaced by a fresh member: the writer is elected again, the consumer reads again', async () => {
    const kafka = givingUpClient(broker);
    const topic = `rejoin-${Date.now()}`;
    await ensureEventsTopic(kafka, { topic, partitions: 1, replicationFactor: 1 });

    let elected = 0;
    const deposed: string[] = [];
    const electionCrashes: MemberCrash[] = [];
    election = new WriterElection(kafka, {
      topic,
      replicationFactor: 1,
      advertisedUrl: 'http://127.0.0.1:1',
    });
    await election.start({
      onElected: () => elected++,
      onDeposed: (reason) => deposed.push(reason),
      onMemberCrashed: (crash) => electionCrashes.push(crash),
    });

    const read: string[] = [];
    let assignments = 0;
    const consumerCrashes: MemberCrash[] = [];
    consumer = new GroupConsumer(kafka, {
      topic,
      groupId: `touchline-test-rejoin.${topic}`,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
      maxBytesPerPartition: 1 << 20,
      maxWaitTimeMs: 500,
      partitionsConsumedConcurrently: 1,
      commitIntervalMs: 1000,
      onAssigned: (partitions) => (assignments += partitions.length > 0 ? 1 : 0),
      eachBatch: async (batch, { resolveOffset }) => {
        for (const m of batch.messages) {
          read.push(String(m.value));
          resolveOffset(m.offset);
        }
      },
      onCrash: (crash) => consumerCrashes.push(crash),
    });
    await consumer.start();
    const producer = kafka.producer();
    const send = async (value: string) => {
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value }] });
      await producer.disconnect();
    };
    await send('before');
    await until(
      'the first election and the first record read',
      () => elected === 1 && read.includes('before'),
    );
    expect(election.view.self).toBe(true);

    // The fault: the broker stops, and kafkajs gives both members up for good.
    await broker.down();
    await until(
      'both members given up by kafkajs',
      () => electionCrashes.some((c) => !c.restart) && consumerCrashes.some((c) => !c.restart),
    );
    expect(election.view.self).toBe(false);
    expect(election.leaseValid).toBe(false);
    expect(deposed.length).toBeGreaterThan(0);
    const assignedBeforeRestart = assignments;

    await broker.up();
    await until('the writer elected again', () => elected === 2);
    expect(election.view).toEqual({ self: true, url: 'http://127.0.0.1:1' });
    await send('after');
    await until('the record sent after the restart read', () => read.includes('after'));
    expect(assignments).toBeGreaterThan(assignedBeforeRestart);
    // Only the fresh members speak: the crashed ones' teardown did not depose the new writer.
    expect(election.view.self).toBe(true);
  });
});
