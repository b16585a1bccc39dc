import autocannon from 'autocannon';
import { Samples } from './stats';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Open loop: requests per second over all connections; closed loop when absent. */
  overallRate?: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  ok: number;
  failed: number;
  errors: number;
  seconds: number;
  /** Latency of each 2xx response, milliseconds (exact, not autocannon's whole-ms histogram). */
  latency: Samples;
  statuses: Record<string, number>;
}

/** Runs autocannon in this process and records every response's exact latency. */
export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latency = new Samples();
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
        headers: { 'content-type': 'application/json', ...opts.headers },
        requests: opts.requests,
        timeout: 30,
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          ok,
          failed,
          errors: result.errors,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          latency,
          statuses,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        ok++;
        latency.add(ms);
      } else failed++;
    });
  });
}

/** Fails loudly when a load run got answers it should not have (a benchmark of errors is no benchmark). */
export function assertHealthy(what: string, r: LoadResult, tolerated = 0): void {
  if (r.failed + r.errors > tolerated) {
    throw new Error(
      `${what}: ${r.failed} non-2xx, ${r.errors} errors (statuses ${JSON.stringify(r.statuses)})`,
    );
  }
}
