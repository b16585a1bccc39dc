import { Agent, request } from 'node:http';
import { FEEDER_KEY } from './system';

export interface PostReply {
  /** The HTTP status, or 0 when the connection failed or the answer took longer than the timeout. */
  status: number;
  retryAfter: string | null;
  /** The answer's body, or the error code when there was no answer (ECONNREFUSED, ECONNRESET, TIMEOUT). */
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/**
 * POSTs a JSON body with the feeder's key over kept-alive connections, without throwing: a
 * refused or reset connection (an instance killed) is status 0, as a load balancer's client sees it.
 */
export function postJson(
  baseUrl: string,
  path: string,
  body: string,
  timeoutMs = 30_000,
): Promise<PostReply> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (reply: PostReply) => {
      if (!done) {
        done = true;
        resolve(reply);
      }
    };
    const req = request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${FEEDER_KEY}`,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', () => finish({ status: 0, retryAfter: null, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ status: 0, retryAfter: null, body: err.code ?? err.message }),
    );
    req.end(body);
  });
}

/** Closes the kept-alive connections (at the end of a benchmark, so the process can exit). */
export function closeConnections(): void {
  agent.destroy();
}
