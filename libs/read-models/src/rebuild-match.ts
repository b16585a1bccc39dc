import type { Pool } from 'pg';
import { withTransaction } from '@touchline/platform';
import { foldMatch } from '@touchline/domain';
import { matchStreamId, recordedMatchEvent } from '@touchline/event-store';
import { BatchStore } from './batch-store';
import { READ_MODELS_REPLACED } from './projected-payload';
import { PROJECTED_CHANNEL, schemaName } from './schema';

/**
 * Rebuilds one match's rows in place from the stored copy of its events, with the same fold
 * the projector uses. Renews the checkpoints' epoch, so that no projector batch folded from the
 * match's row as it was (loaded before, or remembered) is written after it.
 * Returns the version rebuilt, or null for an unknown match.
 */
export async function rebuildMatchInPlace(
  pool: Pool,
  schema: string,
  matchId: string,
): Promise<number | null> {
  const s = schemaName(schema);
  const store = new BatchStore(schema);
  return withTransaction(pool, async (client, tx) => {
    // First, before any row lock: a projector batch folded from the rows as they were is not written after these.
    await store.renewEpochs(client);
    const locked = await client.query(`SELECT 1 FROM ${s}.matches WHERE match_id = $1 FOR UPDATE`, [matchId]);
    if (!locked.rowCount) {
      tx.rollbackOnly();
      return null;
    }
    const { rows } = await client.query<{ body: unknown }>(
      `SELECT body FROM ${s}.events WHERE stream_id = $1 ORDER BY seq`,
      [matchStreamId(matchId)],
    );
    const events = rows.map((r) => recordedMatchEvent(r.body));
    const state = foldMatch(events);
    if (!state) {
      tx.rollbackOnly();
      return null;
    }
    const version = events.length ? events[events.length - 1].seq : 0;
    await store.saveMatchStates(client, new Map([[matchId, { version, state }]]));
    // Rows written again at the same version: views read from the old ones must go (on commit).
    await client.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, READ_MODELS_REPLACED]);
    return version;
  });
}
