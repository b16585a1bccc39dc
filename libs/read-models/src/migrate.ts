import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';

/** Finds the migrations folder both from sources (tests) and from the compiled dist/ tree. */
function migrationsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'read-models', 'migrations');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('read-model migrations folder not found');
}

/** Applies pending schema migrations (node-pg-migrate takes an advisory lock, so concurrent starts are safe). */
export async function migrate(databaseUrl: string, logger: Logger): Promise<void> {
  await runner({
    databaseUrl,
    dir: migrationsDir(),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    verbose: false,
    log: (msg: string) => logger.debug({ component: 'migrate' }, msg),
  });
}
