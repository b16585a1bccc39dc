import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerSecurityHeaders } from './security-headers';

const HELMET_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

async function server(withHeaders: (f: FastifyInstance) => Promise<void> | void): Promise<FastifyInstance> {
  const f = Fastify();
  await withHeaders(f);
  f.get('/ok', (_req, reply) => reply.send({ ok: true }));
  f.post('/refused', (_req, reply) => reply.send({ ok: true }));
  f.get('/raw', (_req, reply) => {
    // As the live streams do: the answer written to the socket directly.
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end('data: 1\n\n');
  });
  return f;
}

const headersOf = (h: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => HELMET_HEADERS.includes(k) || k === 'x-powered-by'));

describe('security headers', () => {
  let ours: FastifyInstance;
  let reference: FastifyInstance;

  beforeAll(async () => {
    ours = await server(registerSecurityHeaders);
    reference = await server(async (f) => {
      await f.register(fastifyHelmet);
    });
  });
  afterAll(async () => {
    await ours.close();
    await reference.close();
  });

  it.each([
    ['an answer', { method: 'GET', url: '/ok' }],
    ['a 404', { method: 'GET', url: '/nowhere' }],
    [
      'a body no parser takes (415)',
      { method: 'POST', url: '/refused', payload: 'x', headers: { 'content-type': 'text/x-nothing' } },
    ],
    ['an answer written to the socket directly', { method: 'GET', url: '/raw' }],
  ] as const)('are the ones @fastify/helmet (defaults) sets, on %s', async (_what, request) => {
    const a = await ours.inject(request);
    const b = await reference.inject(request);
    expect(a.statusCode).toBe(b.statusCode);
    expect(headersOf(a.headers)).toEqual(headersOf(b.headers));
    expect(Object.keys(headersOf(a.headers)).sort()).toEqual([...HELMET_HEADERS].sort());
  });
});
