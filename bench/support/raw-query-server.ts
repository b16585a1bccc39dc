import { createServer, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { legsInOrder, matchView, tieStanding, type MatchState, type TieState } from '@touchline/domain';

/**
 * The ceiling for queries, run as its own process: bare node:http over the same pool size,
 * the same SQL and the same view functions as the API's GET /matches/{id} and GET /ties/{id},
 * without Nest, Express, middleware or the query bus.
 */
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

async function match(id: string): Promise<unknown> {
  const { rows } = await pool.query<{ version: number; state: MatchState }>(
    'SELECT version, state FROM read.matches WHERE match_id = $1',
    [id],
  );
  return rows[0] ? matchView(rows[0].state) : null;
}

async function tie(id: string): Promise<unknown> {
  const { rows } = await pool.query<{ state: TieState }>('SELECT state FROM read.ties WHERE tie_id = $1', [
    id,
  ]);
  const t = rows[0]?.state;
  if (!t) return null;
  const legs = await pool.query<{ match_id: string; version: number; state: MatchState }>(
    'SELECT match_id, version, state FROM read.matches WHERE match_id = ANY($1)',
    [[...t.legs]],
  );
  const versions = new Map(legs.rows.map((r) => [r.match_id, r.version]));
  const [leg1, leg2] = legsInOrder(
    t,
    legs.rows.map((r) => r.state),
  );
  const standing = tieStanding(t, leg1, leg2);
  return {
    ...standing,
    legs: standing.legs.map((l) => ({ ...l, version: versions.get(l.matchId) ?? null })),
  };
}

const server = createServer((req, res) => {
  const m = /^\/(matches|ties)\/([A-Za-z0-9._-]+)$/.exec(req.url ?? '');
  if (!m) return json(res, 404, { status: 404 });
  (m[1] === 'matches' ? match(m[2]) : tie(m[2])).then(
    (body) => (body ? json(res, 200, body) : json(res, 404, { status: 404 })),
    (err: unknown) => json(res, 500, { status: 500, detail: String(err) }),
  );
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
