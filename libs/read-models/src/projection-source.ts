import type { Pool } from 'pg';
import { withTransaction } from '@touchline/platform';
import { READ_MODELS_REPLACED } from './projected-payload';
import { PROJECTED_CHANNEL, READ_MODEL_SHAPE, schemaName } from './schema';

const TABLES = [
  'events',
  'matches',
  'ties',
  'match_scorers',
  'competitions',
  'competition_matches',
  'checkpoints',
  'parked',
];

/**
 * Binds a read-model schema to the log it is folded from, in the current read-model shape. If
 * the schema was folded from another log, its rows and checkpoints mean nothing here; if it was
 * folded in an older shape, its new tables are empty. Either way they are cleared (in one
 * transaction) so the projector folds this log from offset 0. Returns true when it cleared them.
 */
export async function bindToLog(pool: Pool, schema: string, log: string): Promise<boolean> {
  const s = schemaName(schema);
  const logId = `${log}#shape${READ_MODEL_SHAPE}`;
  return withTransaction(pool, async (client) => {
    await client.query('LOCK TABLE projection_source IN EXCLUSIVE MODE');
    const { rows } = await client.query<{ log_id: string }>(
      'SELECT log_id FROM projection_source WHERE schema_name = $1',
      [s],
    );
    const previous = rows[0]?.log_id;
    const other = previous !== undefined && previous !== logId;
    const stale = other || (previous === undefined && (await hasCheckpoints(client, s)));
    if (stale) {
      await client.query(`TRUNCATE ${TABLES.map((t) => `${s}.${t}`).join(', ')}`);
      // Views held in memory by the API came from the rows cleared here: delivered on commit.
      await client.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, READ_MODELS_REPLACED]);
    }
    await client.query(
      `INSERT INTO projection_source (schema_name, log_id) VALUES ($1, $2)
       ON CONFLICT (schema_name) DO UPDATE SET log_id = excluded.log_id, since = now()`,
      [s, logId],
    );
    return stale;
  });
}

async function hasCheckpoints(client: { query: Pool['query'] }, s: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM ${s}.checkpoints WHERE next_offset > 0 LIMIT 1`);
  return rows.length > 0;
}
