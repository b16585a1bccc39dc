import { createServer, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import {
  computeStandings,
  DEFAULT_STANDINGS_RULES,
  legsInOrder,
  matchView,
  tieStanding,
  type CompetitionState,
  type MatchState,
  type MatchStatus,
  type TieState,
} from '@touchline/domain';

/**
 * The ceiling for queries, run as its own process: bare node:http over the same pool size,
 * the same SQL and the same view functions as the API's GET /matches/{id}, GET /ties/{id} and
 * GET /competitions/{c}/standings,
 * without Nest, Fastify, middleware or the query bus.
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

async function standings(competition: string): Promise<unknown> {
  const [declared, rows] = await Promise.all([
    pool.query<{ state: CompetitionState }>('SELECT state FROM read.competitions WHERE competition_id = $1', [
      competition,
    ]),
    pool.query<{
      match_id: string;
      group_name: string | null;
      home_team: string;
      away_team: string;
      status: MatchStatus;
      score_home: number;
      score_away: number;
      fair_play_home: number;
      fair_play_away: number;
    }>(
      `SELECT match_id, group_name, home_team, away_team, status, score_home, score_away, fair_play_home,
         fair_play_away FROM read.competition_matches WHERE competition = $1 AND tie_id IS NULL`,
      [competition],
    ),
  ]);
  if (!rows.rows.length) return null;
  const state = declared.rows[0]?.state;
  const rules = state?.standings ?? DEFAULT_STANDINGS_RULES;
  const matches = rows.rows.map((r) => ({
    matchId: r.match_id,
    group: r.group_name,
    homeTeam: r.home_team,
    awayTeam: r.away_team,
    status: r.status,
    score: { home: r.score_home, away: r.score_away },
    fairPlay: { home: r.fair_play_home, away: r.fair_play_away },
  }));
  return { competition, name: state?.name ?? null, rules, ...computeStandings(matches, rules) };
}

/** The reader and the id for a path this server answers, or null. */
function route(url: string): [(id: string) => Promise<unknown>, string] | null {
  const one = /^\/(matches|ties)\/([A-Za-z0-9._-]+)$/.exec(url);
  if (one) return [one[1] === 'matches' ? match : tie, one[2]];
  const table = /^\/competitions\/([A-Za-z0-9._-]+)\/standings$/.exec(url);
  return table ? [standings, table[1]] : null;
}

const server = createServer((req, res) => {
  const m = route(req.url ?? '');
  if (!m) return json(res, 404, { status: 404 });
  m[0](m[1]).then(
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
