/** A view as read from the read models, with the version of each stream it was derived from (0: not known). */
export interface LoadedView<V> {
  value: V;
  deps: ReadonlyMap<string, number>;
}

interface Entry<V> {
  value: V;
  deps: ReadonlyMap<string, number>;
}

/** What a load in flight gives the readers that joined it: `fresh` when it may be kept (and shared). */
interface Flight<V> {
  answer: Promise<{ value: V | null; fresh: boolean }>;
}

/**
 * Views kept in memory while they are known current, so reading one costs no SQL. "Known current"
 * rests on the projector's notifications: a view is dropped when any stream it was derived from
 * is notified past the version it was read at (rows replaced at the same version, by a rebuild,
 * come as a reset: `connected`), and nothing is kept or served while notifications are not
 * being received (`disconnected`), since some may be missed then; back `connected`, it starts empty. A load is kept only if no
 * version newer than the one it read was heard (notified, or told by a read or write elsewhere)
 * after it started; otherwise it is served to its own reader but not kept. Least recently used views make room.
 *
 * Readers of a key that is being loaded wait for that load instead of making their own (one query
 * for N simultaneous misses), and take its view on the terms it would be kept on: a load that
 * raced with a notification may be older than what a reader knew when it joined, so those readers
 * load again (together). Nothing is shared while notifications are not received.
 */
export class HotViews<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byStream = new Map<string, Set<string>>();
  /**
   * What was heard of each stream while loads were in flight: when (`seq`) and at which version,
   * oldest first, each at a version below every one heard before it (a version heard later and at
   * least as new tells a load all that the earlier one did). So the first one heard after a load
   * started is the newest version heard since it started. By stream, in the order of each one's
   * latest hearing.
   */
  private readonly recent = new Map<string, Array<{ version: number; seq: number }>>();
  /** Loads in flight, by the `seq` they started at (insertion order is start order). */
  private readonly inFlight = new Map<number, number>();
  /** Loads that readers of the same key may join, by key. */
  private readonly flights = new Map<string, Flight<V>>();
  private seq = 0;
  private epoch = 0;
  private live = false;

  /**
   * `observe` hears of every lookup (true when it was answered from memory); `loaded` of the
   * versions every load read, before it is kept: they are news like a notification's.
   */
  constructor(
    private readonly capacity: number,
    private readonly observe: (hit: boolean) => void = () => undefined,
    private readonly loaded: (deps: ReadonlyMap<string, number>) => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The view kept for `key` if there is one and `acceptable` (given its streams' versions) says it will do. */
  lookup(
    key: string,
    acceptable: (deps: ReadonlyMap<string, number>) => boolean = () => true,
  ): V | undefined {
    const entry = this.live ? this.entries.get(key) : undefined;
    if (!entry || !acceptable(entry.deps)) {
      this.observe(false);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.observe(true);
    return entry.value;
  }

  /**
   * Runs `load` and keeps what it read unless a version newer than it read was heard (or the
   * connection was lost) meanwhile; or joins the load of `key` already in flight (its failure is
   * the reader's too). `load` must read every row it derives the view from after it is called:
   * a row read before (at a version heard of before the load started) could not be told stale.
   */
  async load(key: string, load: () => Promise<LoadedView<V> | null>): Promise<V | null> {
    if (!this.live) return (await load())?.value ?? null;
    const joined = this.flights.get(key);
    if (joined) {
      const shared = await joined.answer;
      return shared.fresh ? shared.value : this.load(key, load);
    }
    const started = this.seq;
    const epoch = this.epoch;
    let settle!: (answer: { value: V | null; fresh: boolean } | Promise<never>) => void;
    const flight: Flight<V> = { answer: new Promise((resolve) => (settle = resolve)) };
    // Joiners are settled with the owner's own outcome; a failure nobody joined is not unhandled.
    flight.answer.catch(() => undefined);
    this.flights.set(key, flight);
    this.inFlight.set(started, (this.inFlight.get(started) ?? 0) + 1);
    try {
      const loaded = await load();
      if (loaded) this.loaded(loaded.deps);
      // A row not found is only shared when nothing at all was notified meanwhile.
      const fresh =
        epoch === this.epoch && (loaded ? !this.movedSince(started, loaded.deps) : this.seq === started);
      if (loaded && fresh) this.keep(key, loaded);
      this.land(key, flight);
      settle({ value: loaded?.value ?? null, fresh });
      return loaded?.value ?? null;
    } catch (err) {
      this.land(key, flight);
      settle(Promise.reject(err));
      throw err;
    } finally {
      const n = this.inFlight.get(started)! - 1;
      if (n) this.inFlight.set(started, n);
      else this.inFlight.delete(started);
      this.prune();
    }
  }

  /** The projector committed `streamId` at `version`: views derived from an earlier version go. */
  projected(streamId: string, version: number): void {
    this.seq++;
    this.hear(streamId, version);
    const keys = this.byStream.get(streamId);
    if (!keys) return;
    for (const key of [...keys]) {
      const entry = this.entries.get(key);
      if (entry && (entry.deps.get(streamId) ?? 0) < version) this.drop(key);
    }
  }

  /**
   * `key`, a dependency without versions (a set of rows, e.g. a competition's table matches),
   * changed: views derived from it go, and so does what any load in flight read of it. A view
   * depends on such a key by naming it in its `deps` (at any version, e.g. 0).
   */
  changed(key: string): void {
    this.seq++;
    this.hear(key, Infinity);
    for (const held of [...(this.byStream.get(key) ?? [])]) this.drop(held);
  }

  /** A flight that settles stops taking readers in the same step (a later reader may know more). */
  private land(key: string, flight: Flight<V>): void {
    if (this.flights.get(key) === flight) this.flights.delete(key);
  }

  /** Notifications are being received (again): start empty, whatever was missed before. */
  connected(): void {
    this.reset();
    this.live = true;
  }

  /** Rows were replaced without a new version (e.g. a match rebuilt in place): drop all, keep no load in flight. */
  replaced(): void {
    this.reset();
  }

  /** Notifications may be missed from now on: hold nothing until `connected`. */
  disconnected(): void {
    this.reset();
    this.live = false;
  }

  private reset(): void {
    this.epoch++;
    this.entries.clear();
    this.byStream.clear();
    this.recent.clear();
    this.flights.clear();
  }

  /**
   * `streamId` heard at `version` now (`seq`), for the loads in flight. A version older than one
   * heard before is kept too: a load that started in between has heard only it (a reader's own
   * read told late is older than a notification; an equal one told again may be the first a load
   * hears of it).
   */
  private hear(streamId: string, version: number): void {
    if (!this.inFlight.size) return;
    const heard = this.recent.get(streamId) ?? [];
    while (heard.length && heard[heard.length - 1].version <= version) heard.pop();
    heard.push({ version, seq: this.seq });
    this.recent.delete(streamId);
    this.recent.set(streamId, heard);
  }

  /**
   * Was any of `deps` heard at a version newer than the one read, after `started`? (Whatever was
   * heard before it started, the load read at least: it read after.)
   */
  private movedSince(started: number, deps: ReadonlyMap<string, number>): boolean {
    for (const [streamId, version] of deps) {
      const since = this.recent.get(streamId)?.find((h) => h.seq > started);
      if (since && since.version > version) return true;
    }
    return false;
  }

  private keep(key: string, loaded: LoadedView<V>): void {
    this.drop(key);
    this.entries.set(key, { value: loaded.value, deps: loaded.deps });
    for (const streamId of loaded.deps.keys()) {
      const keys = this.byStream.get(streamId) ?? new Set<string>();
      keys.add(key);
      this.byStream.set(streamId, keys);
    }
    while (this.entries.size > this.capacity) this.drop(this.entries.keys().next().value!);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const streamId of entry.deps.keys()) {
      const keys = this.byStream.get(streamId);
      keys?.delete(key);
      if (keys && !keys.size) this.byStream.delete(streamId);
    }
  }

  /** Forgets notifications no load in flight started before. */
  private prune(): void {
    if (!this.inFlight.size) {
      this.recent.clear();
      return;
    }
    const oldest = this.inFlight.keys().next().value!;
    for (const [streamId, heard] of this.recent) {
      if (heard[heard.length - 1].seq > oldest) break;
      this.recent.delete(streamId);
    }
  }
}
