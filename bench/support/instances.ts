import { singleWriter, waitUntilReady } from '@touchline/testkit';
import { join } from 'node:path';
import { freePort, NodeProcess, ROOT } from './processes';
import { BenchSystem, SystemOptions } from './system';

const API_SCRIPT = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * Several API instances on one topic and one database, as behind a load balancer (README
 * "Running several instances"): each its own process and port, advertising its own URL, started
 * one after another. No projector: the benchmarks of this file measure the write path.
 */
export class BenchInstances {
  private constructor(
    readonly system: BenchSystem,
    readonly apis: NodeProcess[],
    readonly urls: string[],
  ) {}

  /** `system` options as BenchSystem's (topic, partitions, env); the instances are not started. */
  static async create(count: number, opts: SystemOptions = {}): Promise<BenchInstances> {
    const system = await BenchSystem.start({ ...opts, api: false, projector: false });
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const apis = ports.map(
      (port, i) =>
        new NodeProcess(`api-${i}`, API_SCRIPT, {
          ...system.env,
          PORT: String(port),
          TOUCHLINE_ADVERTISED_URL: urls[i],
          KAFKA_CLIENT_ID: `touchline-api-${i}`,
        }),
    );
    return new BenchInstances(system, apis, urls);
  }

  /** Starts the instances not running, one after the other (the first sets the schema up). */
  async startAll(timeoutMs = 900_000): Promise<void> {
    for (let i = 0; i < this.apis.length; i++) {
      if (this.apis[i].running) continue;
      this.apis[i].start();
      await this.waitForApi(i, timeoutMs);
    }
  }

  waitForApi(i: number, timeoutMs = 900_000): Promise<void> {
    return waitUntilReady(`${this.urls[i]}/health/ready`, this.apis[i], timeoutMs);
  }

  /** The instance taking commands, once every instance of `among` names it (polls; the timeout is a hang guard). */
  writer(among: number[] = this.apis.map((_, i) => i), timeoutMs = 300_000): Promise<number> {
    return singleWriter(this.urls, among, timeoutMs);
  }

  /** CPU seconds (user + system) each instance has used so far; null for one not running. */
  cpuSeconds(): Array<number | null> {
    return this.apis.map((a) => a.cpuSeconds());
  }

  logs(): string {
    return this.apis
      .map((a, i) => `--- api ${i} (running: ${a.running})\n${a.logs().slice(-3000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.apis.map((a) => a.stop()));
    await this.system.stop();
  }
}
