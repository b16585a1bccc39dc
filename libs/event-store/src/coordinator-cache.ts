import type { Kafka, Producer, ProducerConfig } from 'kafkajs';
import { KafkajsCluster, withAdaptedClusters } from './kafkajs-internals';

/**
 * A kafkajs producer whose cluster remembers the transaction coordinator it found.
 *
 * kafkajs 2.2 asks a broker for the coordinator (FindCoordinator) before every
 * AddPartitionsToTxn and every EndTxn: two of a transaction's round trips, one after the other,
 * that only repeat an answer. Here the answer is kept, as Kafka's own client keeps it, until
 * kafkajs refreshes its metadata, which it does after every retriable error of a send (a
 * coordinator that moved answers NOT_COORDINATOR, a broker gone is a connection error) and when
 * a coordinator's broker is not found; the next lookup then asks again. Which broker a request
 * goes to changes nothing of what it means: a broker that no longer coordinates the
 * transactional id refuses it, and the epoch still fences. A commit that fails leaves the
 * appender's producer broken, and its re-initialisation makes a new producer with an empty cache.
 * Where kafkajs' internals differ (no private cluster factory), the producer is kafkajs' own.
 */
export function coordinatorCachingProducer(kafka: Kafka, config: ProducerConfig): Producer {
  return withAdaptedClusters(kafka, cacheCoordinators, () => kafka.producer(config));
}

/** Keeps `findGroupCoordinatorMetadata`'s answers until the next `refreshMetadata()`. */
export function cacheCoordinators(cluster: KafkajsCluster): void {
  const find = cluster.findGroupCoordinatorMetadata.bind(cluster);
  const refresh = cluster.refreshMetadata.bind(cluster);
  const found = new Map<string, Promise<unknown>>();
  cluster.findGroupCoordinatorMetadata = (options) => {
    const key = `${options.coordinatorType ?? 0}/${options.groupId}`;
    let answer = found.get(key);
    if (!answer) {
      answer = find(options);
      found.set(key, answer);
      const asked = answer;
      asked.catch(() => {
        if (found.get(key) === asked) found.delete(key);
      });
    }
    return answer;
  };
  cluster.refreshMetadata = () => {
    found.clear();
    return refresh();
  };
}
