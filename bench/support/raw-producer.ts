import { CompressionTypes, Kafka, Message, Producer } from 'kafkajs';
import { CoalescedSends } from './coalesced-sends';

/**
 * The ceiling for appends: the bare kafkajs producer, idempotent with acks=-1 like the API's,
 * coalescing whatever concurrent callers have waiting into one produce request (kafkajs sends
 * an idempotent producer's requests one at a time, so without coalescing it is RTT-bound).
 */
export class RawProducer {
  private producer: Producer | null = null;
  private readonly sends = new CoalescedSends(async (messages) => {
    await this.producer!.send({ topic: this.topic, acks: -1, compression: CompressionTypes.None, messages });
  });

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async connect(): Promise<void> {
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
  }

  send(messages: Message[]): Promise<void> {
    return this.sends.send(messages);
  }
}
