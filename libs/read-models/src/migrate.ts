import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runner } from 'node-pg-migrate';
import { Client } from 'pg';
import type { Logger } from 'pino';

/** Finds the migrations folder both from sources (tests) and from the compiled dist/ tree. */
function migrationsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'read-models', 'migrations');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('read-model migrations folder not found');
}

/** Serialises migrations across processes (any number of API and projector instances start together). */
const MIGRATION_LOCK = 0x70c5;

/**
 * Applies pending schema migrations. node-pg-migrate's own lock is a try-lock: a process that
 * starts while another migrates fails with "Another migration is already running" (two projectors
 * started together lost one of them). So every process first waits here for a lock of its own,
 * then finds the migrations applied or applies them.
 */
export async function migrate(databaseUrl: string, logger: Logger): Promise<void> {
  const lock = new Client({ connectionString: databaseUrl });
  lock.on('error', (err) => logger.warn({ err }, 'migration lock connection failed'));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await runner({
      databaseUrl,
      dir: migrationsDir(),
      direction: 'up',
      migrationsTable: 'pgmigrations',
      count: Infinity,
      verbose: false,
      log: (msg: string) => logger.debug({ component: 'migrate' }, msg),
    });
  } finally {
    // Ending the session releases the lock.
    await lock.end().catch(() => undefined);
  }
}
