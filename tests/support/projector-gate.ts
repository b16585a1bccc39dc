import { Client } from 'pg';
import { sleep } from './retrying-feeder';

/**
 * Holds the projector at a point the test controls: a session of the test's own locks
 * `read.matches` against writes (reads still pass), so the projector's next batch stops inside
 * its open transaction (checkpoints locked, event rows written, match rows not yet) and waits
 * there until the gate opens — or until the test crashes the projector or PostgreSQL under it.
 */
export class ProjectorGate {
  private constructor(private readonly db: Client) {}

  /** Closes the gate in the database at `url` (waits for the read-model tables to exist first). */
  static async close(url: string): Promise<ProjectorGate> {
    const db = new Client({ connectionString: url });
    // The server may go away under the gate (that is the point of some tests): no unhandled error.
    db.on('error', () => undefined);
    await db.connect();
    while (!(await db.query(`SELECT to_regclass('read.matches') AS t`)).rows[0].t) await sleep(20);
    await db.query('BEGIN');
    // EXCLUSIVE lets plain reads through and waits for any batch already writing to commit.
    await db.query('LOCK TABLE read.matches IN EXCLUSIVE MODE');
    return new ProjectorGate(db);
  }

  /** Resolves once a projector batch is stopped at the gate, in the middle of its transaction. */
  async projectorHeld(isRunning: () => boolean = () => true): Promise<void> {
    for (;;) {
      const { rows } = await this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
         WHERE relation = 'read.matches'::regclass AND NOT granted AND pid <> pg_backend_pid()`,
      );
      if (rows[0].n > 0) return;
      if (!isRunning()) throw new Error('the projector exited before it reached the gate');
      await sleep(5);
    }
  }

  /** Lets the held batch (or what is left of it) go on, and ends the test's session. */
  async open(): Promise<void> {
    await this.db.query('COMMIT').catch(() => undefined);
    await this.db.end().catch(() => undefined);
  }
}
