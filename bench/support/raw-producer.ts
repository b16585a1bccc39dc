import { CompressionTypes, Kafka, Message, Producer } from 'kafkajs';

/**
 * The ceiling for appends: the bare kafkajs producer, idempotent with acks=-1 like the API's,
 * coalescing whatever concurrent callers have waiting into one produce request (kafkajs sends
 * an idempotent producer's requests one at a time, so without coalescing it is RTT-bound).
 */
export class RawProducer {
  private producer: Producer | null = null;
  private queue: Array<{ messages: Message[]; done: (err?: unknown) => void }> = [];
  private flushing = false;

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
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.queue.length);
      try {
        await this.producer!.send({
          topic: this.topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages: batch.flatMap((b) => b.messages),
        });
        batch.forEach((b) => b.done());
      } catch (err) {
        batch.forEach((b) => b.done(err));
      }
    }
    this.flushing = false;
  }
}
