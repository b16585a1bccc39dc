/**
 * The write side's snapshot: each stream's folded state as the registry keeps it, the index of
 * which tie claims which match id, and per partition the offset up to which the log is covered.
 * Every stream row covers at least the records of its stream below those offsets (a row may be
 * newer: a record at or below a stream's version is ignored when the tail is folded).
 */
export interface StoredStream {
  streamId: string;
  /** Null for a stream whose records the domain could not fold (only its lastSeq is kept). */
  kind: 'match' | 'tie' | 'competition' | null;
  version: number;
  lastSeq: number;
  /** Out of play: not loaded at start, and free to leave memory once stored. */
  finished: boolean;
  /** The state as JSON text (what the fold keeps is plain JSON). */
  state: string;
  /** Accepted eventIds kept beside the state: [eventId, fingerprint, seq]. */
  seen: Array<[string, string, number]>;
}

/** A tie's claim on a match id, as `legHolder` answers it. */
export interface StoredLeg {
  matchId: string;
  tieId: string;
}

export interface SnapshotCapture {
  streams: StoredStream[];
  legs: StoredLeg[];
  /** Next offset to read per partition: every record before it is in the states. */
  positions: Map<number, bigint>;
}

export interface SnapshotStart {
  positions: Map<number, bigint>;
  /** The streams still in play, and the leg claims of the ties among them. */
  streams: StoredStream[];
  legs: StoredLeg[];
}

export interface SnapshotStore {
  /** The positions and what is still in play; null when this log has no snapshot. */
  start(): Promise<SnapshotStart | null>;
  /** Rows of these streams (whatever their state) and the leg claims on these match ids. */
  load(
    streamIds: readonly string[],
    matchIds: readonly string[],
  ): Promise<{ streams: StoredStream[]; legs: StoredLeg[] }>;
  /** Writes all of it or none; never moves a position or a stream's version backwards. Returns false when refused as older. */
  write(capture: SnapshotCapture): Promise<boolean>;
}

export const SNAPSHOT_STORE = Symbol('SnapshotStore');
