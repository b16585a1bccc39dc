import { Client } from 'pg';
import { matchStreamId, partitionOfStream } from '@touchline/event-store';
import { parseProjectedPayload, PROJECTED_CHANNEL, READ_MODELS_REPLACED } from '@touchline/read-models';
import { sendOk } from './http';
import { LagTracker, now } from './lag-tracker';
import { scrapeSamples } from './prometheus';
import { Samples } from './stats';
import { ADMIN_KEY, BenchSystem } from './system';

/** The projector's batches by where their states came from, and those it did not write (read again from Kafka). */
export interface ProjectorBatchCounts {
  memory: number;
  database: number;
  /** Refused by their write's guard (the checkpoint moved, or its epoch was renewed, since the load). */
  refused: number;
  /** Kafka was ahead of the checkpoint. */
  behind: number;
}

/** touchline_projector_batch_loads_total{from} and touchline_projector_rereads_total{reason}, scraped. */
export async function projectorBatchCounts(metricsUrl: string): Promise<ProjectorBatchCounts> {
  const samples = await scrapeSamples(metricsUrl);
  const count = (name: string, label: string) => samples.get(`touchline_projector_${name}{${label}}`) ?? 0;
  return {
    memory: count('batch_loads_total', 'from="memory"'),
    database: count('batch_loads_total', 'from="database"'),
    refused: count('rereads_total', 'reason="refused"'),
    behind: count('rereads_total', 'reason="behind"'),
  };
}

export function batchCountsDelta(
  after: ProjectorBatchCounts,
  before: ProjectorBatchCounts,
): ProjectorBatchCounts {
  return {
    memory: after.memory - before.memory,
    database: after.database - before.database,
    refused: after.refused - before.refused,
    behind: after.behind - before.behind,
  };
}

/** One admin's in-place rebuild of a live match, while the load runs. */
export interface AdminRebuild {
  matchId: string;
  /** now() when the call was sent. */
  at: number;
  /** `POST /admin/matches/{id}/rebuild`: sent → its 200. */
  callMs: number;
  /**
   * Sent → every partition has committed a batch after the admin's commit (the projector's
   * notifications come after the admin's, in commit order): that batch was loaded from
   * PostgreSQL (the one before it, folded under the old epoch, was refused). NaN when not within three windows.
   */
  allWritingAgainMs: number;
  /**
   * Sent → every match of the load has been written by a batch committed after the admin's: what
   * a partition remembers starts empty under the new epoch and holds the streams its batches
   * named since, so from then on its batches fold from memory again. NaN when not within three windows.
   */
  allFromMemoryMs: number;
  /** The projector's batches in the window before the call, and in the same length from the call on. */
  before: ProjectorBatchCounts;
  after: ProjectorBatchCounts;
}

/** Lag samples acknowledged this long before a call count as after it: their batches were still on their way. */
export const IN_FLIGHT_MS = 250;

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - now())));

/**
 * Watches the projector's notifications on a connection of its own: after an admin's (`*`), when
 * every partition, and every match of `matches`, has been written again.
 */
async function watchRewrites(
  databaseUrl: string,
  matches: string[],
  partitions: number,
): Promise<{ db: Client; since: () => { partitionsAt: number; matchesAt: number } }> {
  const partitionOf = new Map(
    matches.map((id) => [matchStreamId(id), partitionOfStream(matchStreamId(id), partitions)]),
  );
  const all = new Set(partitionOf.values());
  if (all.size < partitions) throw new Error(`the matches are on ${all.size} of ${partitions} partitions`);
  let coldPartitions = new Set<number>();
  let coldMatches = new Set<string>();
  const seen = { partitionsAt: NaN, matchesAt: NaN };
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  db.on('notification', (msg) => {
    const at = now();
    if (msg.payload === READ_MODELS_REPLACED) {
      coldPartitions = new Set(all);
      coldMatches = new Set(partitionOf.keys());
      seen.partitionsAt = seen.matchesAt = NaN;
      return;
    }
    if (!coldMatches.size) return;
    for (const { streamId } of parseProjectedPayload(msg.payload ?? '')) {
      coldMatches.delete(streamId);
      coldPartitions.delete(partitionOf.get(streamId) ?? -1);
    }
    if (!coldPartitions.size && Number.isNaN(seen.partitionsAt)) seen.partitionsAt = at;
    if (!coldMatches.size) seen.matchesAt = at;
  });
  await db.query(`LISTEN ${PROJECTED_CHANNEL}`);
  return { db, since: () => ({ ...seen }) };
}

/**
 * `count` admin rebuilds in place of live matches (each another one), spread evenly over the
 * `seconds` of a load that starts now: the k-th at k/(count+1) of it. Counts the projector's
 * batches in `windowMs` before and after each, and waits (up to three windows) until every
 * partition and every match has been written again.
 */
export async function adminRebuildsDuring(
  system: BenchSystem,
  matches: string[],
  opts: { count: number; seconds: number; windowMs: number; metricsUrl: string },
): Promise<AdminRebuild[]> {
  const start = now();
  const counts = () => projectorBatchCounts(opts.metricsUrl);
  const watch = await watchRewrites(system.databaseUrl, matches, Number(system.env.KAFKA_PARTITIONS));
  const done: AdminRebuild[] = [];
  try {
    for (let k = 1; k <= opts.count; k++) {
      const matchId = matches[(k * 379) % matches.length];
      const due = start + (k * opts.seconds * 1000) / (opts.count + 1);
      await sleepUntil(due - opts.windowMs);
      const earlier = await counts();
      await sleepUntil(due);
      const before = await counts();
      const at = now();
      await sendOk(system.baseUrl, 'POST', `/admin/matches/${matchId}/rebuild`, undefined, ADMIN_KEY, [200]);
      const callMs = now() - at;
      await sleepUntil(at + opts.windowMs);
      const after = batchCountsDelta(await counts(), before);
      while (Number.isNaN(watch.since().matchesAt) && now() - at < 3 * opts.windowMs)
        await new Promise((r) => setTimeout(r, 20));
      const { partitionsAt, matchesAt } = watch.since();
      done.push({
        matchId,
        at,
        callMs,
        allWritingAgainMs: partitionsAt - at,
        allFromMemoryMs: matchesAt - at,
        before: batchCountsDelta(before, earlier),
        after,
      });
    }
  } finally {
    await watch.db.end().catch(() => undefined);
  }
  return done;
}

/** A run's lag samples by when their event was acknowledged (see `lagAroundRebuilds`). */
export interface LagAroundRebuilds {
  before: Samples;
  after: Samples;
  elsewhere: Samples;
}

/**
 * A run's lag samples by when their event was acknowledged: from `IN_FLIGHT_MS` before a call to
 * `windowMs` after it, in the same length just before that, or neither.
 */
export function lagAroundRebuilds(
  tracker: LagTracker,
  rebuilds: AdminRebuild[],
  windowMs: number,
): LagAroundRebuilds {
  const out = { before: new Samples(), after: new Samples(), elsewhere: new Samples() };
  const lag = tracker.lag.values();
  const acked = tracker.ackedAt.values();
  for (let i = 0; i < lag.length; i++) {
    const from = (r: AdminRebuild) => acked[i] - (r.at - IN_FLIGHT_MS);
    const window = rebuilds.some((r) => from(r) >= 0 && from(r) < windowMs + IN_FLIGHT_MS)
      ? out.after
      : rebuilds.some((r) => from(r) < 0 && from(r) >= -(windowMs + IN_FLIGHT_MS))
        ? out.before
        : out.elsewhere;
    window.add(lag[i]);
  }
  return out;
}
