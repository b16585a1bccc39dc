import { waitUntilReady, type WriterStatus } from '@touchline/testkit';
import { Http } from './http';
import { AppProcess, freePort } from './processes';
import type { TestSystem } from './system';

/** One API process among several on the same topic and database. */
export class ApiInstance {
  readonly http: Http;

  constructor(
    readonly process: AppProcess,
    readonly baseUrl: string,
  ) {
    this.http = new Http(baseUrl);
  }

  /** The system's own API process as an instance. */
  static of(system: TestSystem): ApiInstance {
    return new ApiInstance(system.api, system.baseUrl);
  }

  /** Another API process beside the system's: same topic, database and keys, its own port. */
  static async start(system: TestSystem, env: NodeJS.ProcessEnv = {}): Promise<ApiInstance> {
    const port = await freePort();
    const instance = new ApiInstance(
      new AppProcess('api', { ...system.env, PORT: String(port), ...env }),
      `http://127.0.0.1:${port}`,
    );
    instance.process.start();
    // A hang guard: an instance listens once it is the writer or knows where the writer is.
    await waitUntilReady(`${instance.baseUrl}/health/ready`, instance.process, 180_000);
    return instance;
  }

  async writerStatus(): Promise<WriterStatus | null> {
    try {
      const reply = await this.http.get<WriterStatus>('/health/writer');
      return reply.status === 200 ? reply.body : null;
    } catch {
      return null;
    }
  }
}

/**
 * Waits until exactly one of the running instances is the writer, taking commands, and every other
 * one names it as the writer. `timeoutMs` is a hang guard only.
 */
export async function waitForOneWriter(
  instances: ApiInstance[],
  timeoutMs = 120_000,
): Promise<{ writer: ApiInstance; followers: ApiInstance[] }> {
  const deadline = Date.now() + timeoutMs;
  let seen: (WriterStatus | null)[] = [];
  while (Date.now() < deadline) {
    const running = instances.filter((i) => i.process.running);
    seen = await Promise.all(running.map((i) => i.writerStatus()));
    const writers = running.filter((_, k) => seen[k]?.role === 'writer');
    if (writers.length === 1) {
      const [writer] = writers;
      const status = seen[running.indexOf(writer)]!;
      const agreed = seen.every((s) => s?.writer === status.advertisedUrl);
      if (status.takingCommands && agreed) {
        return { writer, followers: running.filter((i) => i !== writer) };
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no single writer within ${timeoutMs} ms; last seen ${JSON.stringify(seen)}`);
}
