import { singleWriter, waitUntilReady } from '@touchline/testkit';
import { createTestDatabase } from './database';
import { AppProcess, freePort } from './processes';
import { SystemOptions, systemEnv } from './system';

/**
 * Several API instances on one topic and one database, as behind a load balancer: each its own
 * process on its own port, advertising its own URL (TOUCHLINE_ADVERTISED_URL), to be killed,
 * frozen (SIGSTOP) and thawed (SIGCONT) one by one. A projector runs beside them unless told not to.
 */
export class ApiInstances {
  private next = 0;

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly databaseUrl: string,
    readonly apis: AppProcess[],
    readonly urls: string[],
    readonly projector: AppProcess,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(count: number, opts: SystemOptions = {}): Promise<ApiInstances> {
    const db = await createTestDatabase();
    const ports = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    const env = systemEnv(db.url, ports[0], opts);
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const apis = ports.map(
      (port, i) =>
        new AppProcess('api', {
          ...env,
          PORT: String(port),
          TOUCHLINE_ADVERTISED_URL: urls[i],
          KAFKA_CLIENT_ID: `touchline-api-${i}`,
        }),
    );
    const instances = new ApiInstances(env, db.url, apis, urls, new AppProcess('projector', env), db.drop);
    // One after another: the first creates the topic and the schema the others find.
    for (let i = 0; i < count; i++) {
      apis[i].start();
      await instances.waitForApi(i);
    }
    if (opts.projector !== false) instances.projector.start();
    return instances;
  }

  /** A hang guard only: on a loaded machine an instance can take a while to be ready. */
  waitForApi(i: number, timeoutMs = 180_000): Promise<void> {
    return waitUntilReady(`${this.urls[i]}/health/ready`, this.apis[i], timeoutMs);
  }

  /** The instances' URLs in turn, as a round-robin load balancer hands requests out (dead ones included). */
  roundRobin(): () => string {
    return () => this.urls[this.next++ % this.urls.length];
  }

  async kill(i: number): Promise<void> {
    await this.apis[i].stop('SIGKILL');
  }

  async restart(i: number): Promise<void> {
    this.apis[i].start();
    await this.waitForApi(i);
  }

  /** SIGSTOP: the process stays, its sockets stay open, it does nothing (a long GC pause, a frozen VM). */
  freeze(i: number): void {
    process.kill(this.apis[i].pid!, 'SIGSTOP');
  }

  thaw(i: number): void {
    process.kill(this.apis[i].pid!, 'SIGCONT');
  }

  /**
   * The instance that holds the writer role and takes commands, once one does and every other
   * instance asked (`among`) names it as the writer; polls (the timeout is a hang guard). Unlike
   * `waitForOneWriter` (api-instance.ts) every read has a timeout and only the instances asked
   * count: a frozen process is still running but never answers.
   */
  writer(among: number[] = this.apis.map((_, i) => i), timeoutMs = 180_000): Promise<number> {
    return singleWriter(this.urls, among, timeoutMs);
  }

  logs(): string {
    return this.apis
      .map((a, i) => `--- api ${i} (running: ${a.running})\n${a.logs().slice(-3000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    // A frozen process ignores SIGTERM until thawed.
    for (const api of this.apis) if (api.pid && api.running) process.kill(api.pid, 'SIGCONT');
    await Promise.all([...this.apis.map((a) => a.stop()), this.projector.stop()]);
    await this.dropDatabase().catch(() => undefined);
  }
}
