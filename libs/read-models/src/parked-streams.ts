import type { Pool } from 'pg';
import { withTransaction } from '@touchline/platform';
import { decodeMessages, foldBatch, streamsOf } from './batch-fold';
import { BatchStore } from './batch-store';
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
): Promise<ParkedOutcome | null> {
  const s = schemaName(schema);
  const store = new BatchStore(schema);
  return withTransaction(pool, async (client, tx) => {
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
      streamId,
      applied: fold.events.length,
      stillParked: fold.parked.length,
      skippedOffset: action === 'skip' ? Number(rows[0].kafka_offset) : null,
    };
  });
}
