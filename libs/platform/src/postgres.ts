import { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config';

/**
 * A PostgreSQL pool that survives a lost server. A client whose server went away (a PostgreSQL
 * restart) emits 'error': on the pool when idle, on the client itself when checked out. Unheard,
 * either kills the process; heard, the broken client is dropped on release and the work is
 * retried on a new connection.
 */
export function createPgPool(database: Config['database'], logger: Logger): Pool {
  const pool = new Pool({ connectionString: database.url, max: database.poolSize });
  const warn = (err: Error) => logger.warn({ err }, 'postgresql client error');
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', warn));
  return pool;
}

export interface Transaction {
  /** Ends the transaction with ROLLBACK instead of COMMIT when the work returns. */
  rollbackOnly(): void;
}

/**
 * Runs `work` in one transaction on a client of `pool`: COMMIT when it returns (ROLLBACK if it
 * asked for it), ROLLBACK when it throws; the client goes back to the pool either way.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient, tx: Transaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, work);
  } finally {
    client.release();
  }
}

/** Runs `work` in one transaction on `client`, as `withTransaction` does; the client stays the caller's. */
export async function inTransaction<T>(
  client: PoolClient,
  work: (client: PoolClient, tx: Transaction) => Promise<T>,
): Promise<T> {
  let rollback = false;
  try {
    await client.query('BEGIN');
    const result = await work(client, { rollbackOnly: () => (rollback = true) });
    await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
