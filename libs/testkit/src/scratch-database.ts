import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh, empty database on the server of `baseUrl`, named `<prefix>_<random>`, for one test
 * suite or benchmark, so that they never see each other's rows; `drop` removes it.
 */
export async function createScratchDatabase(
  baseUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      // A pool's end() resolves once it has asked its connections to close, not once they have:
      // FORCE would then terminate a backend whose client still listens, and that client's
      // 'error' (57P01) would end the process. So wait for the connections to go first; FORCE is
      // for one left open.
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
