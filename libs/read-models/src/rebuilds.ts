import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '@touchline/platform';
import { READ_MODELS_REPLACED } from './projected-payload';
import { PROJECTED_CHANNEL, schemaName } from './schema';

export type RebuildStatus = 'requested' | 'running' | 'done' | 'failed';

export interface RebuildRow {
  rebuildId: string;
  status: RebuildStatus;
  done: number;
  total: number;
  rate: number | null;
  error: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const REBUILD_CHANNEL = 'touchline_rebuild';

/** Advisory lock: one rebuild at a time across projector instances. */
const REBUILD_LOCK = 0x70c4;

/**
 * Runs `work` holding the rebuild lock, on a connection of its own; returns false at once,
 * without running it, when another instance holds the lock.
 */
export async function withRebuildLock(pool: Pool, work: () => Promise<void>): Promise<boolean> {
  const lock = await pool.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      REBUILD_LOCK,
    ]);
    if (!rows[0].ok) return false;
    try {
      await work();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [REBUILD_LOCK]);
    }
    return true;
  } finally {
    lock.release();
  }
}

/** The rebuilds table: requests from the API, progress from the projector that runs them. */
export class RebuildLedger {
  constructor(private readonly pool: Pool) {}

  /** Records a request unless one is already pending or running; returns the active one then. */
  async request(rebuildId: string): Promise<{ created: boolean; rebuild: RebuildRow }> {
    const active = await withTransaction(this.pool, async (client) => {
      await client.query('LOCK TABLE rebuilds IN SHARE ROW EXCLUSIVE MODE');
      const active = await this.active(client);
      if (active) return active;
      await client.query(`INSERT INTO rebuilds (rebuild_id, status) VALUES ($1, 'requested')`, [rebuildId]);
      await client.query('SELECT pg_notify($1, $2)', [REBUILD_CHANNEL, rebuildId]);
      return null;
    });
    if (active) return { created: false, rebuild: active };
    return { created: true, rebuild: (await this.get(rebuildId))! };
  }

  async latest(): Promise<RebuildRow | null> {
    const { rows } = await this.pool.query(`${SELECT} ORDER BY requested_at DESC LIMIT 1`);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async get(rebuildId: string): Promise<RebuildRow | null> {
    const { rows } = await this.pool.query(`${SELECT} WHERE rebuild_id = $1`, [rebuildId]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async nextRequested(): Promise<RebuildRow | null> {
    const { rows } = await this.pool.query(
      `${SELECT} WHERE status = 'requested' ORDER BY requested_at LIMIT 1`,
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async start(rebuildId: string, total: number): Promise<void> {
    await this.pool.query(
      `UPDATE rebuilds SET status = 'running', started_at = now(), total = $2, done = 0 WHERE rebuild_id = $1`,
      [rebuildId, total],
    );
  }

  async progress(rebuildId: string, done: number, total: number, rate: number): Promise<void> {
    await this.pool.query(`UPDATE rebuilds SET done = $2, total = $3, rate = $4 WHERE rebuild_id = $1`, [
      rebuildId,
      done,
      total,
      rate,
    ]);
  }

  async finish(rebuildId: string, status: 'done' | 'failed', error?: string): Promise<void> {
    await this.pool.query(
      `UPDATE rebuilds SET status = $2, error = $3, finished_at = now(),
         done = CASE WHEN $2 = 'done' THEN total ELSE done END WHERE rebuild_id = $1`,
      [rebuildId, status, error ?? null],
    );
  }

  /** Whether a rebuild is requested or running: only then is the rebuild lock worth taking. */
  async pending(): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM rebuilds WHERE status IN ('requested', 'running') LIMIT 1`,
    );
    return rows.length > 0;
  }

  /**
   * A rebuild left 'running' by a projector that died is failed, so a new one can start. Only
   * the holder of the rebuild lock may call it: a rebuild runs only under that lock, so whoever
   * holds it knows that every 'running' row is an orphan (another projector's rebuild in
   * progress would otherwise be marked failed under its feet).
   */
  async failOrphans(): Promise<void> {
    await this.pool.query(
      `UPDATE rebuilds SET status = 'failed', error = 'the projector running it stopped', finished_at = now()
       WHERE status = 'running'`,
    );
  }

  private async active(client: PoolClient): Promise<RebuildRow | null> {
    const { rows } = await client.query(`${SELECT} WHERE status IN ('requested', 'running') LIMIT 1`);
    return rows[0] ? toRow(rows[0]) : null;
  }
}

const SELECT = `SELECT rebuild_id, status, done, total, rate, error, requested_at, started_at, finished_at FROM rebuilds`;

function toRow(r: Record<string, unknown>): RebuildRow {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    rebuildId: String(r.rebuild_id),
    status: r.status as RebuildStatus,
    done: Number(r.done),
    total: Number(r.total),
    rate: r.rate === null ? null : Number(r.rate),
    error: (r.error as string | null) ?? null,
    requestedAt: iso(r.requested_at) ?? '',
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Sum of checkpoints of one projection in a schema: how many records it has consumed. */
export async function consumedRecords(pool: Pool, schema: string): Promise<Map<number, bigint>> {
  const { rows } = await pool.query<{ kafka_partition: number; next_offset: string }>(
    `SELECT kafka_partition, min(next_offset) AS next_offset FROM ${schemaName(schema)}.checkpoints GROUP BY kafka_partition`,
  );
  return new Map(rows.map((r) => [r.kafka_partition, BigInt(r.next_offset)]));
}

export async function createReadModelSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query('SELECT touchline_create_read_models($1)', [schemaName(schema)]);
}

/** Puts `next` in place of `live` in one transaction; readers see the old models or the new, never neither. */
export async function swapSchemas(pool: Pool, live: string, next: string, retired: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    // Other projector processes keep folding into the live schema during a rebuild (only the
    // rebuilding one pauses). Every batch transaction reads its checkpoints first, so this lock
    // waits for the batches in flight to commit, and holds back the next ones until the rename
    // has committed: PostgreSQL then resolves their names again and they find the new schema.
    // Without it a batch could read the old schema and write its rows into the new one.
    await client.query(`LOCK TABLE ${schemaName(live)}.checkpoints IN ACCESS EXCLUSIVE MODE`);
    await client.query(`ALTER SCHEMA ${schemaName(live)} RENAME TO ${schemaName(retired)}`);
    await client.query(`ALTER SCHEMA ${schemaName(next)} RENAME TO ${schemaName(live)}`);
    // Views held in memory by the API were read from the old models: delivered on commit.
    await client.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, READ_MODELS_REPLACED]);
  });
}

export async function dropSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${schemaName(schema)} CASCADE`);
}
