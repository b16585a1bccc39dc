import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import {
  createKafka,
  describePartitions,
  LogRecord,
  PartitionReplicas,
  readWholeLog,
  topicConfig,
} from '@touchline/event-store';
import { destroyClusterSync } from './cluster-teardown';
import { freePort } from './processes';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const INFRA = join(ROOT, 'scripts', 'infra.sh');

/** One completed request from a broker's request log. */
export interface LoggedRequest {
  node: number;
  apiKey: string;
  version: number;
  clientId: string;
  /** Every error code anywhere in the response (top level, per topic, per partition). */
  errorCodes: number[];
}

/**
 * A 3-broker KRaft cluster of the test's own (`scripts/infra.sh cluster`, free ports, data in
 * .infra/<name>, request logs on), so that a test can stop brokers without touching the shared
 * one. Node n is broker id n. It is destroyed in afterAll, when the test process exits, and by
 * the integration tests' global teardown (a worker killed by a signal runs no exit handler);
 * a leftover from a killed run is destroyed before starting.
 */
export class KafkaCluster {
  private constructor(
    readonly name: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly brokers: string,
  ) {}

  /**
   * Ports found free can be taken before the three nodes bind them (an outgoing connection's local
   * port comes from the same range), and a node that cannot bind exits: the cluster is then
   * started once more, on other ports.
   */
  static async start(name: string): Promise<KafkaCluster> {
    try {
      return await KafkaCluster.startOnFreePorts(name);
    } catch {
      return KafkaCluster.startOnFreePorts(name);
    }
  }

  private static async startOnFreePorts(name: string): Promise<KafkaCluster> {
    const ports = [await freePort(), await freePort(), await freePort()];
    const controllerPorts = [await freePort(), await freePort(), await freePort()];
    const env = {
      ...process.env,
      KAFKA_CLUSTER: name,
      KAFKA_CLUSTER_PORTS: ports.join(','),
      KAFKA_CLUSTER_CONTROLLER_PORTS: controllerPorts.join(','),
      KAFKA_REQUEST_LOG: '1',
      KAFKA_HEAP: '384m',
    };
    const cluster = new KafkaCluster(name, env, ports.map((p) => `127.0.0.1:${p}`).join(','));
    cluster.destroySync();
    process.once('exit', () => cluster.destroySync());
    try {
      await cluster.infra('up');
    } catch (err) {
      await cluster.destroy().catch(() => undefined);
      throw err;
    }
    return cluster;
  }

  /** Stops node `n` at once (`SIGKILL`: no controlled shutdown, no leadership handed over). */
  async killNode(n: number): Promise<void> {
    await this.infra('kill-node', String(n));
  }

  /** Stops every node and deletes the cluster's data. */
  async destroy(): Promise<void> {
    await this.infra('destroy');
  }

  /** Where each partition of `topic` lives now. */
  async partitions(topic: string): Promise<PartitionReplicas[]> {
    return describePartitions(this.client(), topic);
  }

  /** The topic's value of each named setting. */
  async topicConfig(topic: string, names: string[]): Promise<Record<string, string | undefined>> {
    return topicConfig(this.client(), topic, names);
  }

  /** Every record of `topic`, in partition order. */
  async records(topic: string): Promise<LogRecord[]> {
    const records: LogRecord[] = [];
    await readWholeLog(this.client(), topic, ({ record }) => records.push(record));
    return records;
  }

  /** Every request the brokers completed so far, from their request logs (`kafka.request.logger`). */
  async requests(): Promise<LoggedRequest[]> {
    const requests: LoggedRequest[] = [];
    for (const node of [1, 2, 3]) {
      const logs = join(ROOT, '.infra', this.name, `node-${node}`, 'logs');
      for (const file of (await readdir(logs)).filter((f) => f.startsWith('request.log'))) {
        for (const line of (await readFile(join(logs, file), 'utf8')).split('\n')) {
          const at = line.indexOf('Completed request:');
          if (at < 0) continue;
          const json = line.slice(at + 'Completed request:'.length, line.lastIndexOf(' ('));
          const entry = JSON.parse(json) as { requestHeader: Record<string, unknown>; response: unknown };
          requests.push({
            node,
            apiKey: String(entry.requestHeader.requestApiKeyName),
            version: Number(entry.requestHeader.requestApiVersion),
            clientId: String(entry.requestHeader.clientId),
            errorCodes: [...JSON.stringify(entry.response).matchAll(/"errorCode":(-?\d+)/g)].map((m) =>
              Number(m[1]),
            ),
          });
        }
      }
    }
    return requests;
  }

  /** Lines of the brokers' server logs that match `pattern`. */
  async serverLogLines(pattern: RegExp): Promise<string[]> {
    const lines: string[] = [];
    for (const node of [1, 2, 3]) {
      const logs = join(ROOT, '.infra', this.name, `node-${node}`, 'logs');
      for (const file of (await readdir(logs)).filter((f) => f.startsWith('server.log'))) {
        lines.push(...(await readFile(join(logs, file), 'utf8')).split('\n').filter((l) => pattern.test(l)));
      }
    }
    return lines;
  }

  private client() {
    return createKafka({
      brokers: this.brokers.split(','),
      clientId: 'touchline-test-reader',
      logger: pino({ level: 'silent' }),
    });
  }

  private destroySync(): void {
    destroyClusterSync(this.name);
  }

  private async infra(...args: string[]): Promise<void> {
    await run('bash', [INFRA, 'cluster', ...args], { env: this.env });
  }
}
