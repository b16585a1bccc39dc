import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EventRow } from './batch-fold';

/** The binary COPY format's header: signature, flags (none), header extension length (0). */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** Fields of an event row, in the table's column order (see `EVENT_COLUMNS`). */
const FIELDS = 5;
/** What a row costs besides its two strings: field count, five lengths, seq, partition, offset. */
const ROW_FIXED = 2 + FIELDS * 4 + 4 + 4 + 8;

export const EVENT_COLUMNS = '(stream_id, seq, kafka_partition, kafka_offset, body)';

/**
 * A batch's event copy in PostgreSQL's binary COPY format: `stream_id` text, `seq` int4,
 * `kafka_partition` int4, `kafka_offset` int8, `body` json. The body is the record as the log
 * holds it when the fold says it may be (`EventRow.text`: the value's own bytes, which the
 * projector just parsed, need not be encoded again), else the record's JSON; PostgreSQL checks
 * both (valid UTF-8, valid JSON) as it would any other write of the column.
 */
export function eventCopyData(events: readonly EventRow[], partition: number): Buffer {
  // Stream ids are written straight into the copy (no buffer of their own per row): their byte lengths first.
  const streamBytes: number[] = new Array(events.length);
  const bodies: Buffer[] = new Array(events.length);
  let size = HEADER.length + 2;
  for (let i = 0; i < events.length; i++) {
    const { record, text } = events[i];
    streamBytes[i] = Buffer.byteLength(record.streamId, 'utf8');
    bodies[i] = text ?? Buffer.from(JSON.stringify(record), 'utf8');
    size += ROW_FIXED + streamBytes[i] + bodies[i].length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = HEADER.copy(out, 0);
  for (let i = 0; i < events.length; i++) {
    at = out.writeInt16BE(FIELDS, at);
    at = out.writeInt32BE(streamBytes[i], at);
    at += out.write(events[i].record.streamId, at, streamBytes[i], 'utf8');
    at = out.writeInt32BE(4, at);
    at = out.writeInt32BE(events[i].record.seq, at);
    at = out.writeInt32BE(4, at);
    at = out.writeInt32BE(partition, at);
    at = out.writeInt32BE(8, at);
    at = out.writeBigInt64BE(BigInt(events[i].offset), at);
    at = out.writeInt32BE(bodies[i].length, at);
    at += bodies[i].copy(out, at);
  }
  out.writeInt16BE(-1, at);
  return out;
}

/**
 * Writes rows encoded by `eventCopyData` into `table` with COPY, on the caller's connection and
 * so inside its transaction. A row whose (stream_id, seq) exists fails the whole COPY with a
 * unique violation (SQLSTATE 23505): COPY has no ON CONFLICT.
 */
export async function copyEventRows(client: PoolClient, table: string, data: Buffer): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} ${EVENT_COLUMNS} FROM STDIN (FORMAT binary)`));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(data);
  });
}
