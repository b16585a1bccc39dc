import type { Pool } from 'pg';
import { foldMatch, MatchEvent, Recorded } from '@touchline/domain';
import { BatchStore } from './batch-store';
import { schemaName } from './schema';

/**
 * Rebuilds one match's rows in place from the stored copy of its events, with the same fold
 * the projector uses. Locks the match row so it never interleaves with a projector batch.
 * Returns the version rebuilt, or null for an unknown match.
 */
export async function rebuildMatchInPlace(
  pool: Pool,
  schema: string,
  matchId: string,
): Promise<number | null> {
  const s = schemaName(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query(`SELECT 1 FROM ${s}.matches WHERE match_id = $1 FOR UPDATE`, [matchId]);
    if (!locked.rowCount) {
      await client.query('ROLLBACK');
      return null;
    }
    const { rows } = await client.query<{ body: Recorded<MatchEvent> }>(
      `SELECT body FROM ${s}.events WHERE stream_id = $1 ORDER BY seq`,
      [`match:${matchId}`],
    );
    const state = foldMatch(rows.map((r) => r.body));
    if (!state) {
      await client.query('ROLLBACK');
      return null;
    }
    const version = rows.length ? rows[rows.length - 1].body.seq : 0;
    await new BatchStore(schema).saveMatchStates(client, new Map([[matchId, { version, state }]]));
    await client.query('COMMIT');
    return version;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
