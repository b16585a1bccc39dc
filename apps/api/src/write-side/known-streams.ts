/**
 * What the write side knows of a stream, so that a query can tell "not projected yet" (wait)
 * from "does not exist" (404 at once).
 */
export abstract class KnownStreams {
  /**
   * The last seq the log holds for the stream (0: no such stream); null while the writer re-reads
   * the log. A stream out of memory is looked up in the writer's snapshot store.
   */
  abstract lastSeq(streamId: string): Promise<number | null>;
}
