import type {
  SnapshotCapture,
  SnapshotStart,
  SnapshotStore,
  StoredLeg,
  StoredStream,
} from './snapshot-store.port';

/** The snapshot store in memory, with the same forward-only rules, for the write side's unit tests. */
export class InMemorySnapshotStore implements SnapshotStore {
  readonly streams = new Map<string, StoredStream>();
  readonly legs = new Map<string, string>();
  positions: Map<number, bigint> | null = null;

  async start(): Promise<SnapshotStart | null> {
    if (!this.positions) return null;
    const streams = [...this.streams.values()].filter((s) => !s.finished);
    const ties = new Set(streams.filter((s) => s.kind === 'tie').map((s) => s.streamId.replace(/^tie:/, '')));
    const legs = [...this.legs]
      .filter(([, t]) => ties.has(t))
      .map(([matchId, tieId]) => ({ matchId, tieId }));
    return { positions: new Map(this.positions), streams, legs };
  }

  async load(streamIds: readonly string[], matchIds: readonly string[]) {
    const streams = streamIds.flatMap((id) => this.streams.get(id) ?? []);
    const legs: StoredLeg[] = matchIds.flatMap((m) => {
      const tieId = this.legs.get(m);
      return tieId === undefined ? [] : [{ matchId: m, tieId }];
    });
    return { streams, legs };
  }

  async write(capture: SnapshotCapture): Promise<boolean> {
    for (const [p, o] of this.positions ?? []) if (o > (capture.positions.get(p) ?? -1n)) return false;
    for (const s of capture.streams) {
      const old = this.streams.get(s.streamId);
      if (!old || (old.version <= s.version && old.lastSeq <= s.lastSeq)) this.streams.set(s.streamId, s);
    }
    for (const l of capture.legs) if (!this.legs.has(l.matchId)) this.legs.set(l.matchId, l.tieId);
    const positions = new Map(this.positions ?? []);
    for (const [p, o] of capture.positions) positions.set(p, o);
    this.positions = positions;
    return true;
  }
}
