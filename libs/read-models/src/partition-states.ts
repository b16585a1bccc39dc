import { withoutLog, type CompetitionState, type LeanMatchState, type TieState } from '@touchline/domain';
import { competitionStreamId, matchStreamId, parseStreamId, tieStreamId } from '@touchline/event-store';
import {
  isMalformedRecordKey,
  noLoadedStates,
  type FoldResult,
  type LoadedStates,
  type StoredStream,
} from './batch-fold';
import type { StreamIds } from './batch-store';

/** What a projector knows of one stream of a partition: its stored state (none yet) and whether it is parked. */
interface KnownStream {
  stored: StoredStream<LeanMatchState | TieState | CompetitionState> | undefined;
  parked: boolean;
}

/** A partition as this projector last committed it. */
interface CommittedPartition {
  /** The checkpoint its last batch moved to. */
  next: bigint;
  /** The checkpoints' epoch that batch was written under. */
  epoch: string;
  /** By stream id, least recently used first. */
  streams: Map<string, KnownStream>;
}

/** A batch's load, answered from memory. */
export interface RememberedLoad {
  next: bigint;
  epoch: string;
  loaded: LoadedStates;
}

/**
 * The states a projector committed, per partition, so that a live batch can be folded and
 * written without reading them back (one statement instead of two). A partition's rows are
 * written only by the batches of that partition, so what the last batch committed is what is
 * stored, as long as the checkpoints are where it left them and under the same epoch: the write
 * is guarded by both (see `BatchStore.renewEpochs` for the writers that are not batches). A
 * batch that does not follow the last one committed, or names a stream not known here, or needs
 * a match's log, is loaded from PostgreSQL as before.
 */
export class PartitionStates {
  private readonly partitions = new Map<number, CommittedPartition>();

  /** @param streamsPerPartition past this many known streams, a partition forgets the least recently used. */
  constructor(private readonly streamsPerPartition = 2000) {}

  /**
   * The load of a batch of `partition` whose first offset is `firstOffset`, from memory, or null
   * when it must be read from PostgreSQL.
   */
  recall(partition: number, firstOffset: bigint, ids: StreamIds): RememberedLoad | null {
    const known = this.partitions.get(partition);
    if (!known || firstOffset > known.next || ids.logMatchIds?.length) return null;
    const loaded = noLoadedStates();
    for (const streamId of ids.streamIds) {
      const stream = known.streams.get(streamId);
      if (!stream) return null;
      // Used again: it moves to the end of the order in which streams are forgotten.
      known.streams.delete(streamId);
      known.streams.set(streamId, stream);
      if (stream.parked) loaded.parked.add(streamId);
      if (!stream.stored) continue;
      const ref = parseStreamId(streamId)!;
      if (ref.kind === 'match') loaded.matches.set(ref.id, stream.stored as StoredStream<LeanMatchState>);
      else if (ref.kind === 'tie') loaded.ties.set(ref.id, stream.stored as StoredStream<TieState>);
      else loaded.competitions.set(ref.id, stream.stored as StoredStream<CompetitionState>);
    }
    return { next: known.next, epoch: known.epoch, loaded };
  }

  /**
   * Remembers a committed batch: the partition's checkpoints moved to `next` under `epoch`; the
   * streams it named are as `loaded` had them (what the batch folded from), then as `fold` left them.
   */
  committed(
    partition: number,
    move: { next: bigint; epoch: string },
    ids: StreamIds,
    loaded: LoadedStates,
    fold: FoldResult,
  ): void {
    let known = this.partitions.get(partition);
    if (!known || known.epoch !== move.epoch) {
      known = { ...move, streams: new Map() };
      this.partitions.set(partition, known);
    }
    known.next = move.next;
    const remember = (streamId: string, stream: KnownStream) => {
      known.streams.delete(streamId);
      known.streams.set(streamId, stream);
    };
    for (const streamId of ids.streamIds) {
      const ref = parseStreamId(streamId)!;
      const stored =
        ref.kind === 'match'
          ? loaded.matches.get(ref.id)
          : ref.kind === 'tie'
            ? loaded.ties.get(ref.id)
            : loaded.competitions.get(ref.id);
      remember(streamId, { stored, parked: loaded.parked.has(streamId) });
    }
    for (const [id, m] of fold.matches)
      this.update(known, matchStreamId(id), { version: m.version, state: withoutLog(m.state) });
    for (const [id, t] of fold.ties) this.update(known, tieStreamId(id), t);
    for (const [id, c] of fold.competitions) this.update(known, competitionStreamId(id), c);
    for (const p of fold.parked) {
      if (isMalformedRecordKey(p.streamId)) continue;
      const stream = known.streams.get(p.streamId);
      if (stream) stream.parked = true;
    }
    for (const streamId of known.streams.keys()) {
      if (known.streams.size <= this.streamsPerPartition) break;
      known.streams.delete(streamId);
    }
  }

  /** Moves the remembered checkpoint over offsets that hold no data, as `BatchStore.skipNonData` does in PostgreSQL. */
  skipped(partition: number, from: bigint, to: bigint): void {
    const known = this.partitions.get(partition);
    if (known && known.next >= from && known.next < to) known.next = to;
  }

  /** What is remembered of `partition` can no longer be trusted: its next batch is loaded. */
  forget(partition: number): void {
    this.partitions.delete(partition);
  }

  forgetAll(): void {
    this.partitions.clear();
  }

  private update(known: CommittedPartition, streamId: string, stored: KnownStream['stored']): void {
    const stream = known.streams.get(streamId);
    if (stream) stream.stored = stored;
  }
}
