import type { FastifyReply } from 'fastify';
import pino from 'pino';
import { TimeoutError, withTimeout } from '@touchline/platform';
import { ProblemFilter } from './problem.filter';

/** What the filter wrote: status, headers and the parsed problem body. */
function recordingReply() {
  const written = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const reply = {
    sent: false,
    raw: { headersSent: false, end: () => undefined },
    headers(h: Record<string, string>) {
      Object.assign(written.headers, h);
      return reply;
    },
    status(s: number) {
      written.status = s;
      return reply;
    },
    type(t: string) {
      written.headers['content-type'] = t;
      return reply;
    },
    send(body: string) {
      written.body = JSON.parse(body) as Record<string, unknown>;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, written };
}

describe('ProblemFilter', () => {
  const filter = new ProblemFilter(pino({ enabled: false }));

  it('answers a dependency that did not answer in time with 503 and Retry-After', async () => {
    const late = withTimeout(new Promise(() => undefined), 1, 'Kafka');
    const err = await late.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    const { reply, written } = recordingReply();
    filter.send(err, reply);
    expect(written.status).toBe(503);
    expect(written.headers['Retry-After']).toBe('1');
    expect(written.headers['content-type']).toBe('application/problem+json');
    expect(written.body).toMatchObject({ status: 503, detail: 'Kafka did not finish within 1 ms' });
  });

  it('answers an unexpected error with 500 and nothing of the error itself', () => {
    const { reply, written } = recordingReply();
    filter.send(new Error('relation "secret" does not exist'), reply);
    expect(written.status).toBe(500);
    expect(JSON.stringify(written.body)).not.toContain('secret');
  });
});
