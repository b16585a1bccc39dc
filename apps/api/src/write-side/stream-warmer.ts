import { decodeEvent, type LogRecord } from '@touchline/event-store';
import type { SnapshotStore } from './snapshot-store.port';
import type { StreamRegistry } from './stream-registry';

/** What a command reads besides memory: streams, and leg claims on match ids. */
export interface Needs {
  streams: readonly string[];
  legs: readonly string[];
}

/** Rounds of loading: a match names its tie, the tie its legs. */
const MAX_ROUNDS = 3;

/**
 * Brings streams that left memory (finished matches, complete ties) back from the snapshot
 * store, so that a command decides on exactly what a full fold of the log would hold.
 */
export class StreamWarmer {
  constructor(
    private readonly registry: StreamRegistry,
    private readonly store: SnapshotStore | null,
  ) {}

  /**
   * Loads what `needs` asks for, asking again as what was loaded names more, and keeps it in
   * memory until the returned release is called.
   */
  async warm(needs: (registry: StreamRegistry) => Needs): Promise<() => void> {
    const asked = new Set<string>();
    let wanted = needs(this.registry);
    for (let round = 0; round < MAX_ROUNDS && this.store && this.registry.mayBeElsewhere; round++) {
      const streams = wanted.streams.filter((id) => !this.registry.has(id) && !asked.has(id));
      const legs = wanted.legs.filter((id) => !this.registry.knowsLeg(id) && !asked.has(`leg:${id}`));
      if (!streams.length && !legs.length) break;
      streams.forEach((id) => asked.add(id));
      legs.forEach((id) => asked.add(`leg:${id}`));
      const loaded = await this.store.load(streams, legs);
      this.registry.import(loaded.streams, loaded.legs);
      wanted = needs(this.registry);
    }
    return this.registry.pin(wanted.streams);
  }

  /** Before folding a tail: its streams that left memory, and the claims on the legs its ties list. */
  async warmForRecords(records: readonly LogRecord[]): Promise<void> {
    if (!this.store) return;
    const streams = new Set<string>();
    const legs = new Set<string>();
    for (const r of records) {
      if (!this.registry.has(r.streamId)) streams.add(r.streamId);
      if (r.type !== 'TieScheduled') continue;
      try {
        const logged = decodeEvent(r);
        if (logged.kind === 'tie') for (const leg of logged.event.legs) legs.add(leg);
      } catch {
        // A record the domain cannot read claims nothing; the fold will skip it.
      }
    }
    const loaded = await this.store.load(
      [...streams],
      [...legs].filter((m) => !this.registry.knowsLeg(m)),
    );
    this.registry.import(loaded.streams, loaded.legs);
  }
}
