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

/**
 * Holds only the batches that touch some matches: a session of the test's own locks those
 * matches' rows in `read.matches`, so a projector batch of their partitions stops inside its open
 * transaction (its checkpoint move and event rows written, the match rows not) while batches of
 * other partitions, and so other projector processes, go on. Projectors are told apart by their
 * PostgreSQL application_name (PGAPPNAME).
 */
export class MatchRowsGate {
  private constructor(
    private readonly db: Client,
    private readonly pid: number,
  ) {}

  static async close(url: string, matchIds: string[]): Promise<MatchRowsGate> {
    const db = new Client({ connectionString: url });
    db.on('error', () => undefined);
    await db.connect();
    const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await db.query('BEGIN');
    const locked = await db.query('SELECT 1 FROM read.matches WHERE match_id = ANY($1) FOR UPDATE', [
      matchIds,
    ]);
    if (locked.rowCount !== matchIds.length)
      throw new Error(`only ${locked.rowCount} of the match rows exist`);
    return new MatchRowsGate(db, rows[0].pid);
  }

  /** The application names of the sessions waiting at the gate. */
  async held(): Promise<string[]> {
    const { rows } = await this.db.query<{ app: string }>(
      `SELECT application_name AS app FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
      [this.pid],
    );
    return rows.map((r) => r.app);
  }

  /** Resolves once a session named `app` waits at the gate. */
  async holds(app: string, isRunning: () => boolean): Promise<void> {
    while (!(await this.held()).includes(app)) {
      if (!isRunning()) throw new Error(`${app} exited before it reached the gate`);
      await sleep(5);
    }
  }

  async open(): Promise<void> {
    await this.db.query('COMMIT').catch(() => undefined);
    await this.db.end().catch(() => undefined);
  }
}
