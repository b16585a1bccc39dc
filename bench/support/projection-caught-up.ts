import { Client } from 'pg';
import { waitFor } from './lag-tracker';

/** What the read models must hold before a bench reads them. */
export interface ExpectedProjection {
  /** Every one of these matches, at `version` or later. */
  matches: string[];
  version: number;
  ties?: string[];
  /** Group matches whose competition row is past `scheduled`. */
  groupMatches?: string[];
}

const countOf = async (db: Client, sql: string, ids: unknown[]) =>
  Number((await db.query<{ n: string }>(sql, ids)).rows[0].n);

/** Waits (polling, no sleeps of a guessed length) until the read models hold `want`: the projector has caught up. */
export async function projectionCaughtUp(
  databaseUrl: string,
  want: ExpectedProjection,
  timeoutMs: number,
): Promise<void> {
  const { matches, version, ties = [], groupMatches = [] } = want;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitFor(
      async () =>
        (await countOf(
          db,
          'SELECT count(*) AS n FROM read.matches WHERE match_id = ANY($1) AND version >= $2',
          [matches, version],
        )) === matches.length &&
        (await countOf(db, 'SELECT count(*) AS n FROM read.ties WHERE tie_id = ANY($1)', [ties])) ===
          ties.length &&
        (await countOf(
          db,
          `SELECT count(*) AS n FROM read.competition_matches WHERE match_id = ANY($1) AND status <> 'scheduled'`,
          [groupMatches],
        )) === groupMatches.length,
      timeoutMs,
      'the projector to catch up',
    );
  } finally {
    await db.end();
  }
}
