import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@touchline/platform';

export const BASE_DATABASE_URL = loadConfig().database.url;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A fresh, empty database for one test suite, so suites never see each other's rows. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `touchline_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(BASE_DATABASE_URL, name),
    drop: async () => {
      const c = new Client({ connectionString: BASE_DATABASE_URL });
      await c.connect();
      // A pool's end() resolves once it has asked its connections to close, not once they have:
      // FORCE would then terminate a backend whose client still listens, and that client's
      // 'error' (57P01) would end the suite. So wait for the suite's connections to go first;
      // FORCE is for one left open.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
