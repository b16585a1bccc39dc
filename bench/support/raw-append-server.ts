import { createServer, ServerResponse } from 'node:http';
import { encodeRecord, matchStreamId } from '@touchline/event-store';
import { benchKafka } from './kafka';
import { toRecord } from './match-events';
import { RawTxProducer } from './raw-tx-producer';

/**
 * The ceiling for `POST /matches/{id}/events` with the product's guarantee, run as its own
 * process: bare node:http reads the body, JSON.parses it, wraps each event in the log's
 * envelope (its stream's next seq, counted in memory) and appends them through RawTxProducer
 * (one transaction per flush, acked once visible to read-committed readers), then answers 201
 * as the api does. No Nest, Fastify, middleware, validation, domain rules, idempotency or auth.
 */
const producer = new RawTxProducer(
  benchKafka('touchline-bench-raw-append'),
  process.env.KAFKA_TOPIC ?? '',
  process.env.RAW_TRANSACTIONAL_ID ?? '',
);
const seqs = new Map<string, number>();
const PATH = /^\/matches\/([A-Za-z0-9._-]+)\/events$/;

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

type Posted = { type: string; eventId?: string };

function append(matchId: string, body: string, res: ServerResponse): void {
  let posted: Posted | Posted[];
  try {
    posted = JSON.parse(body) as Posted | Posted[];
  } catch {
    return json(res, 400, { status: 400 });
  }
  const events = Array.isArray(posted) ? posted : [posted];
  const streamId = matchStreamId(matchId);
  // seq 1 and 2 stand for the schedule and the kick-off, as on the api's streams
  const first = (seqs.get(streamId) ?? 2) + 1;
  seqs.set(streamId, first + events.length - 1);
  const recordedAt = new Date().toISOString();
  const records = events.map((e, i) => toRecord(streamId, first + i, e, recordedAt));
  producer.send(records.map(encodeRecord)).then(
    () => {
      const acks = records.map((r) => ({ matchId, seq: r.seq, eventId: r.eventId }));
      json(res, 201, Array.isArray(posted) ? acks : acks[0]);
    },
    (err: unknown) => json(res, 503, { status: 503, detail: String(err) }),
  );
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return json(res, 200, { status: 'ok' });
  const m = PATH.exec(req.url ?? '');
  if (!m || req.method !== 'POST') return json(res, 404, { status: 404 });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => append(m[1], Buffer.concat(chunks).toString('utf8'), res));
});
server.keepAliveTimeout = 60000;

producer.connect().then(
  () => server.listen(Number(process.env.PORT), '127.0.0.1'),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  server.close();
  void producer.disconnect().then(() => process.exit(0));
});
