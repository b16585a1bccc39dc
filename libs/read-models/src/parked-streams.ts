import type { Pool } from 'pg';
import { withTransaction } from '@touchline/platform';
import { decodeMessages, foldBatch, streamsOf } from './batch-fold';
import { BatchStore } from './batch-store';
import { formatProjectedPayloads } from './projected-payload';
import { schemaName } from './schema';

export type ParkedAction = 'retry' | 'skip';

export interface ParkedOutcome {
  streamId: string;
  /** Records applied to the read models by this action. */
  applied: number;
  /** Records still parked afterwards (the stream is still stuck when this is not 0). */
  stillParked: number;
  skippedOffset: number | null;
}

/** A parked stream resolved: the outcome, and the notification payloads committed with it. */
export interface ParkedResolved {
  outcome: ParkedOutcome;
  /** What was notified of the rows written (as the projector would have), for a listener in this process to hear now. */
  notified: string[];
}

/**
 * An admin's answer to a parked stream: `retry` applies its held records again (after a fix in
 * the code, say); `skip` drops the record that parked it and applies the rest. Either way, what
 * still cannot be applied stays parked, in order. Returns null when the stream is not parked.
 */
export async function resolveParkedStream(
  pool: Pool,
  schema: string,
  streamId: string,
  action: ParkedAction,
): Promise<ParkedResolved | null> {
  const s = schemaName(schema);
  const store = new BatchStore(schema);
  return withTransaction(pool, async (client, tx) => {
    // First, before any row lock: a projector batch folded from the rows as they were (loaded
    // before, or remembered: this stream parked) is not written after these.
    await store.renewEpochs(client);
    const { rows } = await client.query<{
      kafka_partition: number;
      kafka_offset: string;
      raw: string | null;
    }>(
      `SELECT kafka_partition, kafka_offset, raw FROM ${s}.parked WHERE stream_id = $1 ORDER BY kafka_offset FOR UPDATE`,
      [streamId],
    );
    if (!rows.length) {
      tx.rollbackOnly();
      return null;
    }
    const toApply = action === 'skip' ? rows.slice(1) : rows;
    await client.query(`DELETE FROM ${s}.parked WHERE stream_id = $1`, [streamId]);
    const decoded = decodeMessages(
      toApply.map((r) => ({
        offset: r.kafka_offset,
        value: r.raw === null ? null : Buffer.from(r.raw, 'utf8'),
      })),
    );
    const loaded = await store.load(client, { ...streamsOf(decoded), streamIds: [] });
    const fold = foldBatch(decoded, loaded);
    await store.save(client, rows[0].kafka_partition, fold, null);
    return {
      outcome: {
        streamId,
        applied: fold.events.length,
        stillParked: fold.parked.length,
        skippedOffset: action === 'skip' ? Number(rows[0].kafka_offset) : null,
      },
      notified: formatProjectedPayloads(fold),
    };
  });
}

export interface ParkedStream {
  streamId: string;
  partition: number;
  offset: number;
  error: string;
  heldRecords: number;
  parkedAt: string;
}

/** Each parked stream: the record that parked it and how many more are held behind it. */
export async function parkedStreams(pool: Pool, schema: string): Promise<ParkedStream[]> {
  const { rows } = await pool.query<{
    stream_id: string;
    kafka_partition: number;
    kafka_offset: string;
    error: string;
    held: number;
    parked_at: Date;
  }>(
    `SELECT DISTINCT ON (stream_id) stream_id, kafka_partition, kafka_offset, error, parked_at,
       (count(*) OVER (PARTITION BY stream_id))::int - 1 AS held
     FROM ${schemaName(schema)}.parked ORDER BY stream_id, kafka_offset`,
  );
  return rows.map((r) => ({
    streamId: r.stream_id,
    partition: r.kafka_partition,
    offset: Number(r.kafka_offset),
    error: r.error,
    heldRecords: r.held,
    parkedAt: r.parked_at.toISOString(),
  }));
}

export async function parkedStreamCount(pool: Pool, schema: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(DISTINCT stream_id)::int AS n FROM ${schemaName(schema)}.parked`,
  );
  return rows[0]?.n ?? 0;
}
