import { join } from 'node:path';
import { waitUntilReady } from '@touchline/testkit';
import { freePort, NodeProcess, ROOT } from './processes';

/** The bare node:http + transactional kafkajs append server (raw-append-server.ts) as a process of its own. */
export class RawAppendServer {
  private constructor(
    readonly process: NodeProcess,
    readonly url: string,
  ) {}

  /** Starts it on `topic` (its own transactional id) and waits until it answers. */
  static async start(topic: string): Promise<RawAppendServer> {
    const port = await freePort();
    const proc = new NodeProcess(
      'raw-append-server',
      join(ROOT, 'dist', 'bench', 'support', 'raw-append-server.js'),
      {
        PORT: String(port),
        KAFKA_TOPIC: topic,
        RAW_TRANSACTIONAL_ID: `touchline-bench-raw-append.${topic}`,
      },
    );
    const server = new RawAppendServer(proc, `http://127.0.0.1:${port}`);
    proc.start();
    await waitUntilReady(`${server.url}/health`, proc, 60000);
    return server;
  }

  cpuSeconds(): number | null {
    return this.process.cpuSeconds();
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}
