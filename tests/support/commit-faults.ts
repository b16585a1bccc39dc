import type { Kafka, Producer, Transaction } from 'kafkajs';

/**
 * What happens to the next transaction's commit:
 * - `answer-lost`: the commit reaches the coordinator and completes, but its answer never comes
 *   back (the records are in the log; the writer cannot know);
 * - `never-sent`: the commit request is lost before the coordinator (the transaction stays open
 *   until the producer is re-initialised, which aborts it: the records are not in the log).
 * Either way the producer sees a failed commit: the append's outcome is unknown.
 */
export type CommitFault = 'answer-lost' | 'never-sent';

/**
 * A real Kafka client whose producers' commits fail on demand, at the moment the test chooses:
 * `arm` a fault and the next commit of any of its producers meets it (once).
 */
export class CommitFaults {
  readonly kafka: Kafka;
  private armed: CommitFault | null = null;
  /** Commits that met a fault, in order. */
  readonly met: CommitFault[] = [];

  constructor(real: Kafka) {
    this.kafka = new Proxy(real, {
      get: (target, prop, receiver) =>
        prop === 'producer'
          ? (...args: Parameters<Kafka['producer']>) => this.producer(target.producer(...args))
          : Reflect.get(target, prop, receiver),
    });
  }

  arm(fault: CommitFault): void {
    this.armed = fault;
  }

  private producer(real: Producer): Producer {
    return new Proxy(real, {
      get: (target, prop, receiver) =>
        prop === 'transaction'
          ? async () => this.transaction(await target.transaction())
          : Reflect.get(target, prop, receiver),
    });
  }

  private transaction(real: Transaction): Transaction {
    const commit = async (): Promise<void> => {
      const fault = this.armed;
      this.armed = null;
      if (fault) this.met.push(fault);
      if (fault === 'never-sent') throw new Error('injected fault: the commit request was lost');
      await real.commit();
      if (fault === 'answer-lost') throw new Error("injected fault: the commit's answer was lost");
    };
    return new Proxy(real, {
      get: (target, prop, receiver) => (prop === 'commit' ? commit : Reflect.get(target, prop, receiver)),
    });
  }
}
