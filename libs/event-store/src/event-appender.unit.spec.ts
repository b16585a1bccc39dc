import type { ICustomPartitioner, Kafka, Message, RecordMetadata } from 'kafkajs';
import { AppendNotRecordedError, EventAppender, FlushTimings } from './event-appender';
import { LogRecord } from './log-record';
import { partitionOfStream } from './partitioning';
import { acknowledgedBaseOffsets, InexactProduceError } from './produce-check';

const TOPIC = 'events';
const PARTITIONS = 4;
/** Partitions 0, 1 and 2 led by broker 1, 3 by broker 2. */
const LEADERS: Record<number, number> = { 0: 1, 1: 1, 2: 1, 3: 2 };

/**
 * What one kafkajs send does, as the fake plays it: the attempts kafkajs makes (each one groups
 * the messages through the partitioner, with the leaders it knows then), then the answer.
 */
interface Step {
  attempts: Record<number, number>[];
  answer: 'ok' | 'fail' | 'repeat' | 'skip';
}

/** The part of kafkajs the appender uses: a transactional producer and an admin. */
class FakeKafka {
  readonly sends: number[][] = [];
  commits = 0;
  aborts = 0;
  /** Steps of the sends of a given partition set ("1,2"), in order; else one attempt, answered. */
  readonly steps = new Map<string, Step[]>();
  private partitioner!: ReturnType<ICustomPartitioner>;
  private readonly next = new Map<number, number>();

  producer(opts: { createPartitioner: ICustomPartitioner }) {
    this.partitioner = opts.createPartitioner();
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      transaction: async () => {
        let sent = false;
        return {
          send: async ({ messages }: { messages: Message[] }) => {
            sent = true;
            return this.send(messages);
          },
          commit: async () => void this.commits++,
          abort: async () => void (sent && this.aborts++),
        };
      },
    };
  }

  admin() {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicMetadata: async () => ({
        topics: [{ partitions: Object.keys(LEADERS).map((p) => ({ partitionId: Number(p), leader: 1 })) }],
      }),
      fetchTopicOffsets: async () =>
        Object.keys(LEADERS).map((p) => ({ partition: Number(p), offset: '0', high: '1000000', low: '0' })),
    };
  }

  private async send(messages: Message[]): Promise<RecordMetadata[]> {
    const partitions = [...new Set(messages.map((m) => m.partition as number))];
    this.sends.push(partitions);
    const step = this.steps.get(partitions.join(','))?.shift() ?? { attempts: [LEADERS], answer: 'ok' };
    for (const leaders of step.attempts) {
      const partitionMetadata = Object.entries(leaders).map(([p, leader]) => ({
        partitionId: Number(p),
        leader,
        partitionErrorCode: 0,
        replicas: [],
        isr: [],
      }));
      for (const message of messages) this.partitioner({ topic: TOPIC, partitionMetadata, message });
    }
    if (step.answer === 'fail') throw new Error('This server is not the leader for that topic-partition');
    const metadata = partitions.map((partition) => {
      const count = messages.filter((m) => m.partition === partition).length;
      const baseOffset = this.next.get(partition) ?? 0;
      this.next.set(partition, baseOffset + count);
      return { topicName: TOPIC, partition, errorCode: 0, baseOffset: String(baseOffset) };
    });
    if (step.answer === 'repeat') return [...metadata, metadata[0]];
    if (step.answer === 'skip') return metadata.slice(1);
    return metadata;
  }
}

/** A stream id whose records go to the given partition. */
const streamOn = (partition: number, n = 0): string => {
  for (let i = 0; ; i++) {
    const id = `match:p${partition}-${n}-${i}`;
    if (partitionOfStream(id, PARTITIONS) === partition) return id;
  }
};

const records = (streamId: string, count = 2): LogRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    streamId,
    seq: i + 1,
    type: 'note',
    eventId: `${streamId}/${i + 1}`,
    schemaVersion: 1,
    recordedAt: new Date(0).toISOString(),
    feeder: null,
  }));

async function connected(kafka: FakeKafka): Promise<EventAppender> {
  const appender = new EventAppender(kafka as unknown as Kafka, TOPIC);
  await appender.connect();
  return appender;
}

/**
 * Appends to partition 0 alone (kafkajs' leaders are learnt on the way), then to partitions 1,
 * 2 and 3 while that is in flight: those three make the next flush, two produce calls (1 and 2
 * on broker 1, 3 on broker 2).
 */
async function twoFlushes(appender: EventAppender) {
  const first = appender.append(records(streamOn(0)));
  const next = [1, 2, 3].map((p) => appender.append(records(streamOn(p))));
  await first;
  return Promise.allSettled(next);
}

describe('the appender sends one produce call per leader broker, and commits only exact answers', () => {
  it('groups a flush by the leaders kafkajs last used, and acks each append with its own offsets', async () => {
    const kafka = new FakeKafka();
    const appender = await connected(kafka);
    const a = appender.append(records(streamOn(0)));
    const b = appender.append(records(streamOn(0, 1), 3));
    const c = appender.append(records(streamOn(2)));
    const d = appender.append(records(streamOn(3)));
    expect(await Promise.all([a, b, c, d])).toEqual([
      { partition: 0, lastOffset: 1n },
      { partition: 0, lastOffset: 4n },
      { partition: 2, lastOffset: 1n },
      { partition: 3, lastOffset: 1n },
    ]);
    // The first flush (partition 0) learnt the leaders: the second is one call per broker.
    expect(kafka.sends).toEqual([[0], [0, 2], [3]]);
    expect(kafka.commits).toBe(2);
    expect(appender.state).toBe('ready');
  });

  it.each([
    ['repeats a partition', 'repeat'],
    ['misses a partition', 'skip'],
  ] as const)(
    'aborts the transaction when kafkajs’ answer %s, and leaves the producer to be re-initialised',
    async (_, answer) => {
      const kafka = new FakeKafka();
      kafka.steps.set('1,2', [{ attempts: [LEADERS], answer }]);
      const appender = await connected(kafka);
      const [one, two, three] = await twoFlushes(appender);
      for (const settled of [one, two, three]) {
        expect(settled.status).toBe('rejected');
        expect((settled as PromiseRejectedResult).reason).toBeInstanceOf(AppendNotRecordedError);
      }
      expect(kafka.commits).toBe(1);
      expect(kafka.aborts).toBe(1);
      expect(appender.state).toBe('broken');
    },
  );

  it('re-sends a failed call whose every attempt went to one broker, then commits', async () => {
    const kafka = new FakeKafka();
    const moved = { ...LEADERS, 1: 3, 2: 3 };
    kafka.steps.set('1,2', [
      { attempts: [LEADERS, LEADERS], answer: 'fail' },
      { attempts: [moved], answer: 'ok' },
    ]);
    const appender = await connected(kafka);
    const settled = await twoFlushes(appender);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(kafka.sends).toEqual([[0], [1, 2], [3], [1, 2]]);
    expect(kafka.commits).toBe(2);
    expect(kafka.aborts).toBe(0);
  });

  it('does not re-send a failed call that an attempt spread over two brokers: it aborts', async () => {
    const kafka = new FakeKafka();
    kafka.steps.set('1,2', [{ attempts: [LEADERS, { ...LEADERS, 2: 3 }], answer: 'fail' }]);
    const appender = await connected(kafka);
    const settled = await twoFlushes(appender);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(kafka.sends).toEqual([[0], [1, 2], [3]]);
    expect(kafka.commits).toBe(1);
    expect(kafka.aborts).toBe(1);
    expect(appender.state).toBe('broken');
  });

  it('does not commit a call kafkajs retried after an attempt spread over two brokers, even answered', async () => {
    const kafka = new FakeKafka();
    kafka.steps.set('1,2', [{ attempts: [{ ...LEADERS, 2: 3 }, LEADERS], answer: 'ok' }]);
    const appender = await connected(kafka);
    const settled = await twoFlushes(appender);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(kafka.commits).toBe(1);
    expect(kafka.aborts).toBe(1);
  });

  it('commits a call whose only attempt spread over two brokers (kafkajs split it, each answered once)', async () => {
    const kafka = new FakeKafka();
    kafka.steps.set('1,2', [{ attempts: [{ ...LEADERS, 2: 3 }], answer: 'ok' }]);
    const appender = await connected(kafka);
    const settled = await twoFlushes(appender);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(kafka.commits).toBe(2);
  });
});

describe('the appender reports each committed flush', () => {
  it('calls onFlush once per committed transaction, with its appends, records, polls and stages', async () => {
    const kafka = new FakeKafka();
    const flushes: FlushTimings[] = [];
    const appender = new EventAppender(kafka as unknown as Kafka, TOPIC, {
      onFlush: (t) => flushes.push(t),
    });
    await appender.connect();
    await twoFlushes(appender);
    expect(flushes.map(({ appends, records, polls }) => ({ appends, records, polls }))).toEqual([
      { appends: 1, records: 2, polls: 1 },
      { appends: 3, records: 6, polls: 1 },
    ]);
    for (const f of flushes) {
      for (const stage of [f.queued, f.send, f.commit, f.visible]) expect(stage).toBeGreaterThanOrEqual(0);
    }
  });

  it('does not report a flush whose transaction was aborted', async () => {
    const kafka = new FakeKafka();
    kafka.steps.set('1,2', [{ attempts: [LEADERS], answer: 'skip' }]);
    const flushes: FlushTimings[] = [];
    const appender = new EventAppender(kafka as unknown as Kafka, TOPIC, {
      onFlush: (t) => flushes.push(t),
    });
    await appender.connect();
    await twoFlushes(appender);
    expect(kafka.aborts).toBe(1);
    expect(flushes.map((f) => f.appends)).toEqual([1]);
  });
});

describe('acknowledgedBaseOffsets', () => {
  const entry = (partition: number, baseOffset?: string, topicName = TOPIC): RecordMetadata => ({
    topicName,
    partition,
    errorCode: 0,
    baseOffset,
  });

  it('gives each partition sent its base offset', () => {
    expect(acknowledgedBaseOffsets([entry(2, '7'), entry(0, '3')], TOPIC, [0, 2])).toEqual(
      new Map([
        [2, 7n],
        [0, 3n],
      ]),
    );
  });

  it.each([
    ['a partition twice', [entry(0, '3'), entry(2, '7'), entry(0, '9')]],
    ['a partition missing', [entry(0, '3')]],
    ['a partition not sent', [entry(0, '3'), entry(2, '7'), entry(1, '1')]],
    ['another topic', [entry(0, '3'), entry(2, '7', 'other')]],
    ['no offset', [entry(0, '3'), entry(2)]],
  ])('refuses an answer with %s', (_, metadata) => {
    expect(() => acknowledgedBaseOffsets(metadata, TOPIC, [0, 2])).toThrow(InexactProduceError);
  });
});
