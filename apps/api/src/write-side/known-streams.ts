/**
 * What the write side knows of a stream, so that a query can tell "not projected yet" (wait)
 * from "does not exist" (404 at once).
 */
export abstract class KnownStreams {
  /**
   * The last seq the log holds for the stream (0: no such stream); null when this instance cannot
   * tell right now (the writer re-reading the log, or a follower that cannot reach the writer).
   * A stream out of memory is looked up in the writer's snapshot store.
   */
  abstract lastSeq(streamId: string): Promise<number | null>;
}

/** Where the writer answers what it knows of a stream, for the other instances to ask. */
export const writerStreamPath = (streamId: string): string =>
  `/health/writer/streams/${encodeURIComponent(streamId)}`;

/** What the writer answers there. */
export interface WriterStreamStatus {
  streamId: string;
  /** The last seq the log holds for the stream; 0: the log holds no such stream. */
  lastSeq: number;
}
