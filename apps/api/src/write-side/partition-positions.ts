/**
 * Per partition, the next offset whose record memory has not folded: what a snapshot stores and
 * where a partition's re-read starts.
 *
 * Acknowledgements advance it, but only once nothing is pending on the partition: acks of one
 * flush (and of flushes in a row) reach their folds in whatever order their promise chains run,
 * so while an append is pending, an offset past it does not mean memory holds everything before.
 * When the partition falls quiet every append started on it has settled and been folded (or
 * failed, and then is not in the log), so the highest acknowledged offset + 1 is exact. Commit
 * markers and aborted records between acknowledged ones are never folded by anybody, so jumping
 * over them is right.
 *
 * A partition being re-read is held: acknowledgements are noted but do not move it; the re-read
 * sets it to where its read ended.
 */
export class PartitionPositions {
  private next = new Map<number, bigint>();
  private readonly pendingNow = new Map<number, number>();
  private readonly acked = new Map<number, bigint>();
  private readonly held = new Set<number>();

  /** Starts from the positions a full read ended at (everything before them folded). */
  reset(positions: Map<number, bigint>): void {
    this.next = new Map(positions);
    this.acked.clear();
    this.held.clear();
  }

  /** An append to `partition` was handed to the producer. */
  begin(partition: number): void {
    this.pendingNow.set(partition, this.pending(partition) + 1);
  }

  /** Its records are folded into memory and were acknowledged up to `lastOffset`. */
  acknowledged(partition: number, lastOffset: bigint): void {
    if (lastOffset + 1n > (this.acked.get(partition) ?? 0n)) this.acked.set(partition, lastOffset + 1n);
  }

  /** The append settled, acknowledged or not. */
  end(partition: number): void {
    const left = this.pending(partition) - 1;
    if (left > 0) {
      this.pendingNow.set(partition, left);
      return;
    }
    this.pendingNow.delete(partition);
    if (!this.held.has(partition)) this.advance(partition, this.acked.get(partition) ?? 0n);
  }

  pending(partition: number): number {
    return this.pendingNow.get(partition) ?? 0;
  }

  /** Stops moving the partition on acknowledgements until `release`. */
  hold(partition: number): void {
    this.held.add(partition);
  }

  /** The partition was re-read up to `position` (everything before it folded). */
  release(partition: number, position: bigint): void {
    this.held.delete(partition);
    this.advance(partition, position);
    if (this.pending(partition) === 0) this.advance(partition, this.acked.get(partition) ?? 0n);
  }

  get(partition: number): bigint {
    return this.next.get(partition) ?? 0n;
  }

  /** A copy, for a snapshot taken in the same synchronous step as the states. */
  all(): Map<number, bigint> {
    return new Map(this.next);
  }

  private advance(partition: number, position: bigint): void {
    if (position > this.get(partition)) this.next.set(partition, position);
  }
}
