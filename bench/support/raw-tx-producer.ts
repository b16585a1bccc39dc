import { CompressionTypes, Kafka, Message, Producer, RecordMetadata } from 'kafkajs';
import { partitionOfStream, stableOffsets, StableOffsets } from '@touchline/event-store';
import { CoalescedSends } from './coalesced-sends';

/** As the api's group commit: at most this many records in one transaction. */
const MAX_RECORDS_PER_FLUSH = 4000;
/** How long acks wait for the commit to be visible before they go out anyway (as the api). */
const VISIBLE_WAIT_MS = 5000;

/**
 * The ceiling for appends with the product's guarantee: a bare kafkajs transactional producer
 * (acks=-1, idempotent, one request in flight), whatever concurrent callers have waiting
 * coalesced into one transaction per flush as the api group-commits: one send per leader
 * broker (each message to its stream's partition), the commit, then the callers answered once
 * a READ_COMMITTED ListOffsets (the product's `stableOffsets`) shows the records. None of the
 * api's checks of exactness, re-sends or producer states: the least that fencing costs.
 */
export class RawTxProducer {
  private producer: Producer | null = null;
  private stable: StableOffsets | null = null;
  private readonly leaders = new Map<number, number>();
  private readonly sends = new CoalescedSends((messages) => this.commit(messages), MAX_RECORDS_PER_FLUSH);

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly transactionalId: string,
  ) {}

  async connect(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.topic] });
      for (const p of topics[0]?.partitions ?? []) this.leaders.set(p.partitionId, p.leader);
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    // kafkajs asks for the producer id at the first transaction: an empty one does it now.
    await (await this.producer.transaction()).abort();
    this.stable = stableOffsets(this.kafka, this.topic);
    await this.stable.connect();
  }

  async disconnect(): Promise<void> {
    await this.sends.idle();
    await this.producer?.disconnect().catch(() => undefined);
    await this.stable?.disconnect();
  }

  /** Resolves once the messages are committed and visible to read-committed readers. */
  send(messages: Message[]): Promise<void> {
    return this.sends.send(messages);
  }

  /** One transaction: one send per leader broker, the commit, then the wait until visible. */
  private async commit(messages: Message[]): Promise<void> {
    const byLeader = new Map<number, Message[]>();
    const counts = new Map<number, number>();
    for (const m of messages) {
      const partition = partitionOfStream(String(m.key), this.leaders.size);
      const leader = this.leaders.get(partition) ?? -1;
      const share = byLeader.get(leader);
      if (share) share.push({ ...m, partition });
      else byLeader.set(leader, [{ ...m, partition }]);
      counts.set(partition, (counts.get(partition) ?? 0) + 1);
    }
    const tx = await this.producer!.transaction();
    let sent: RecordMetadata[];
    try {
      const answers = await Promise.all(
        [...byLeader.values()].map((ms) =>
          tx.send({ topic: this.topic, acks: -1, compression: CompressionTypes.None, messages: ms }),
        ),
      );
      sent = answers.flat();
      await tx.commit();
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
    const ends = new Map(
      sent.map((m) => [m.partition, BigInt(m.baseOffset ?? '0') + BigInt(counts.get(m.partition) ?? 0)]),
    );
    await this.untilVisible(ends);
  }

  /** Polls the partitions' last stable offsets as the api does (at once, then 1, 2, 4 ... 50 ms apart). */
  private async untilVisible(ends: Map<number, bigint>): Promise<void> {
    const partitions = [...ends.keys()];
    const giveUpAt = Date.now() + VISIBLE_WAIT_MS;
    for (let delay = 1; Date.now() < giveUpAt; delay = Math.min(delay * 2, 50)) {
      const visible = await this.stable!.latest(partitions);
      if (visible && partitions.every((p) => (visible.get(p) ?? 0n) >= ends.get(p)!)) return;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
