import { HotViews, type LoadedView } from './hot-views';

const view = (version: number, more: Record<string, number> = {}): LoadedView<string> => ({
  value: `v${version}`,
  deps: new Map([['match:a', version], ...Object.entries(more)]),
});

/** A load the test finishes when it wants, so notifications can land while it is in flight. */
function pending<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Loads `key` into `views`; `meanwhile` runs after the load started and before its read
 * answers `read` (what is heard while the load is in flight). Resolves what the load returned.
 */
async function loadWhile(
  views: HotViews<string>,
  key: string,
  read: LoadedView<string>,
  meanwhile: () => void,
): Promise<string | null> {
  const answer = pending<LoadedView<string>>();
  const loading = views.load(key, () => answer.promise);
  meanwhile();
  answer.resolve(read);
  return loading;
}

describe('HotViews: views held in memory only while known current', () => {
  let hot: HotViews<string>;
  beforeEach(() => {
    hot = new HotViews<string>(3);
    hot.connected();
  });

  it('answers from memory after a load, until the stream is notified at that version or later', async () => {
    expect(await hot.load('match:a', async () => view(4))).toBe('v4');
    expect(hot.lookup('match:a')).toBe('v4');
    hot.projected('match:a', 3);
    expect(hot.lookup('match:a')).toBe('v4');
    hot.projected('match:b', 9);
    expect(hot.lookup('match:a')).toBe('v4');
    hot.projected('match:a', 5);
    expect(hot.lookup('match:a')).toBeUndefined();
  });

  it('keeps a view when its own version is notified late (the load read the committed row first)', async () => {
    await hot.load('match:a', async () => view(4));
    hot.projected('match:a', 4);
    expect(hot.lookup('match:a')).toBe('v4');
  });

  it('does not keep what a load read when its stream was notified while it was in flight', async () => {
    expect(
      await loadWhile(hot, 'match:a', view(4), () => {
        hot.projected('match:a', 5);
      }),
    ).toBe('v4');
    expect(hot.lookup('match:a')).toBeUndefined();
  });

  it('keeps a load that already read past a notification received while in flight', async () => {
    await loadWhile(hot, 'match:a', view(6), () => {
      hot.projected('match:a', 5);
    });
    expect(hot.lookup('match:a')).toBe('v6');
  });

  it('drops a view derived from several streams when any of them moves', async () => {
    await hot.load('tie:t', async () => ({
      value: 't',
      deps: new Map([
        ['tie:t', 1],
        ['match:l1', 7],
        ['match:l2', 0],
      ]),
    }));
    expect(hot.lookup('tie:t')).toBe('t');
    hot.projected('match:l2', 1);
    expect(hot.lookup('tie:t')).toBeUndefined();
  });

  it('lets the reader refuse a view held at too old a version (read-your-writes)', async () => {
    await hot.load('match:a', async () => view(4));
    expect(hot.lookup('match:a', (deps) => deps.get('match:a')! >= 5)).toBeUndefined();
    expect(hot.lookup('match:a', (deps) => deps.get('match:a')! >= 4)).toBe('v4');
  });

  it('holds nothing while notifications are not received, and starts empty when they are again', async () => {
    await hot.load('match:a', async () => view(4));
    hot.disconnected();
    expect(hot.lookup('match:a')).toBeUndefined();
    expect(await hot.load('match:a', async () => view(5))).toBe('v5');
    hot.connected();
    expect(hot.lookup('match:a')).toBeUndefined();
  });

  it('does not keep a load that was in flight when the connection was lost, even once it is back', async () => {
    await loadWhile(hot, 'match:a', view(4), () => {
      hot.disconnected();
      hot.connected();
    });
    expect(hot.lookup('match:a')).toBeUndefined();
  });

  it('makes room by dropping the least recently read view', async () => {
    for (const k of ['a', 'b', 'c'])
      await hot.load(`match:${k}`, async () => ({ value: k, deps: new Map([[`match:${k}`, 1]]) }));
    expect(hot.lookup('match:a')).toBe('a');
    await hot.load('match:d', async () => ({ value: 'd', deps: new Map([['match:d', 1]]) }));
    expect(hot.size).toBe(3);
    expect(hot.lookup('match:b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => hot.lookup(`match:${k}`))).toEqual(['a', 'c', 'd']);
  });

  it('keeps nothing when its capacity is 0', async () => {
    const none = new HotViews<string>(0);
    none.connected();
    expect(await none.load('match:a', async () => view(1))).toBe('v1');
    expect(none.lookup('match:a')).toBeUndefined();
  });

  it('tells what every load read before keeping it, so that other views held can be retired', async () => {
    const heard: Array<[string, number]> = [];
    const told = new HotViews<string>(2, undefined, (deps) => deps.forEach((v, k) => heard.push([k, v])));
    told.connected();
    await told.load('tie:t', async () => ({ value: 't', deps: new Map([['match:l1', 7]]) }));
    expect(heard).toEqual([['match:l1', 7]]);
  });

  it('does not keep a raced load when its own read, told as news, is older than the notification', async () => {
    // As the service wires it: what a load read is told to every view, this one included.
    const told: HotViews<string> = new HotViews<string>(3, undefined, (deps) =>
      deps.forEach((v, k) => told.projected(k, v)),
    );
    told.connected();
    expect(
      await loadWhile(told, 'match:a', view(4), () => {
        told.projected('match:a', 5);
      }),
    ).toBe('v4');
    expect(told.lookup('match:a')).toBeUndefined();
  });

  it('remembers the newest version notified while loads are in flight, whatever is told after it', async () => {
    await loadWhile(hot, 'match:a', view(4), () => {
      hot.projected('match:a', 5);
      // An older version heard later (another reader's read, a late notification) changes nothing.
      hot.projected('match:a', 3);
    });
    expect(hot.lookup('match:a')).toBeUndefined();
  });

  describe('what a load may keep: nothing newer than what it read was heard after it started', () => {
    // A load reads after it starts, so what was heard before cannot be newer than its read; these
    // loads read older than that (a row read before the load was called, as a reader may have).
    // Another key's load stays in flight throughout, so what is heard is remembered.
    const withAnotherLoadInFlight = async (test: () => Promise<void>) => {
      const other = pending<LoadedView<string>>();
      const holding = hot.load('match:b', () => other.promise);
      await test();
      other.resolve(view(1, { 'match:b': 1 }));
      await holding;
    };

    it('counts a version heard again after the load started, though it was heard before', async () => {
      await withAnotherLoadInFlight(async () => {
        hot.projected('match:a', 5);
        expect(
          await loadWhile(hot, 'match:a', view(4), () => {
            // The same version heard again (the notification of what a reader's own read had told).
            hot.projected('match:a', 5);
          }),
        ).toBe('v4');
        expect(hot.lookup('match:a')).toBeUndefined();
      });
    });

    it('counts an older version heard after the load started, past what it read', async () => {
      await withAnotherLoadInFlight(async () => {
        hot.projected('match:a', 5);
        await loadWhile(hot, 'match:a', view(3), () => {
          hot.projected('match:a', 4);
        });
        expect(hot.lookup('match:a')).toBeUndefined();
      });
    });

    it('keeps a load that read what was heard after it started, whatever came before', async () => {
      await withAnotherLoadInFlight(async () => {
        hot.projected('match:a', 6);
        await loadWhile(hot, 'match:a', view(4), () => {
          hot.projected('match:a', 4);
        });
        expect(hot.lookup('match:a')).toBe('v4');
      });
    });
  });

  describe('a dependency without versions (a set of rows that grows)', () => {
    const table = (value: string): LoadedView<string> => ({
      value,
      deps: new Map([
        ['competition:wc', 1],
        ['tables:wc', 0],
        ['match:g1', 4],
      ]),
    });

    it('drops the views derived from it when it changes, and no other', async () => {
      await hot.load('wc', async () => table('wc'));
      await hot.load('euro', async () => ({ value: 'euro', deps: new Map([['tables:euro', 0]]) }));
      hot.projected('tables:wc', 0);
      expect(hot.lookup('wc')).toBe('wc');
      hot.changed('tables:wc');
      expect(hot.lookup('wc')).toBeUndefined();
      expect(hot.lookup('euro')).toBe('euro');
    });

    it('does not keep a load in flight when it changes, however often, and keeps one started after', async () => {
      expect(
        await loadWhile(hot, 'wc', table('before'), () => {
          hot.changed('tables:wc');
        }),
      ).toBe('before');
      expect(hot.lookup('wc')).toBeUndefined();

      const again = pending<LoadedView<string>>();
      const other = pending<LoadedView<string>>();
      const started = hot.load('wc', () => again.promise);
      const stillOpen = hot.load('x', () => other.promise);
      hot.changed('tables:wc');
      // A second change while another load is in flight: told again, not forgotten as "no news".
      const late = pending<LoadedView<string>>();
      const lateLoad = hot.load('late', () => late.promise);
      hot.changed('tables:wc');
      again.resolve(table('raced'));
      await started;
      expect(hot.lookup('wc')).toBeUndefined();
      late.resolve({ value: 'late', deps: new Map([['tables:wc', 0]]) });
      await lateLoad;
      expect(hot.lookup('late')).toBeUndefined();
      other.resolve(view(1));
      await stillOpen;

      expect(await hot.load('wc', async () => table('after'))).toBe('after');
      expect(hot.lookup('wc')).toBe('after');
    });

    it('is not undone by a version of it told later (what a load read of it)', async () => {
      const told: HotViews<string> = new HotViews<string>(3, undefined, (deps) =>
        deps.forEach((v, k) => told.projected(k, v)),
      );
      told.connected();
      await loadWhile(told, 'wc', table('raced'), () => {
        told.changed('tables:wc');
      });
      expect(told.lookup('wc')).toBeUndefined();
    });

    it('turns away joiners of a load that raced with a change: they load again', async () => {
      const reads: Array<ReturnType<typeof pending<LoadedView<string>>>> = [];
      const load = jest.fn(() => {
        reads.push(pending<LoadedView<string>>());
        return reads[reads.length - 1].promise;
      });
      const first = hot.load('wc', load);
      const joined = hot.load('wc', load);
      hot.changed('tables:wc');
      reads[0].resolve(table('raced'));
      expect(await first).toBe('raced');
      await Promise.resolve();
      expect(load).toHaveBeenCalledTimes(2);
      reads[1].resolve(table('fresh'));
      expect(await joined).toBe('fresh');
      expect(hot.lookup('wc')).toBe('fresh');
    });
  });

  describe('simultaneous misses of one key', () => {
    /** A load the test counts and finishes when it wants. */
    const counted = () => {
      const reads: Array<ReturnType<typeof pending<LoadedView<string>>>> = [];
      const load = jest.fn(() => {
        reads.push(pending<LoadedView<string>>());
        return reads[reads.length - 1].promise;
      });
      return { load, reads };
    };

    it('make one load, whose view every reader gets and which is kept', async () => {
      const { load, reads } = counted();
      const readers = [1, 2, 3, 4].map(() => hot.load('match:a', load));
      const other = hot.load('match:b', async () => ({ value: 'b', deps: new Map([['match:b', 1]]) }));
      expect(load).toHaveBeenCalledTimes(1);
      reads[0].resolve(view(4));
      expect(await Promise.all(readers)).toEqual(['v4', 'v4', 'v4', 'v4']);
      expect(await other).toBe('b');
      expect(load).toHaveBeenCalledTimes(1);
      expect(hot.lookup('match:a')).toBe('v4');
    });

    it('load again, together, when the load they joined raced with a notification past what it read', async () => {
      const { load, reads } = counted();
      const first = hot.load('match:a', load);
      const joined = [hot.load('match:a', load), hot.load('match:a', load)];
      hot.projected('match:a', 5);
      reads[0].resolve(view(4));
      // Its own reader started before the notification: what it read is served to it, not kept.
      expect(await first).toBe('v4');
      await Promise.resolve();
      expect(load).toHaveBeenCalledTimes(2);
      reads[1].resolve(view(5));
      expect(await Promise.all(joined)).toEqual(['v5', 'v5']);
      expect(load).toHaveBeenCalledTimes(2);
      expect(hot.lookup('match:a')).toBe('v5');
    });

    it('share a load that read past a notification received while it was in flight', async () => {
      const { load, reads } = counted();
      const readers = [hot.load('match:a', load), hot.load('match:a', load)];
      hot.projected('match:a', 5);
      reads[0].resolve(view(6));
      expect(await Promise.all(readers)).toEqual(['v6', 'v6']);
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('share the failure of the load they joined', async () => {
      const { load, reads } = counted();
      const readers = [hot.load('match:a', load), hot.load('match:a', load)];
      reads[0].promise.catch(() => undefined);
      const failure = new Error('connection terminated');
      const settled = Promise.allSettled(readers);
      (reads[0] as unknown as { resolve: (v: Promise<never>) => void }).resolve(Promise.reject(failure));
      expect(await settled).toEqual([
        { status: 'rejected', reason: failure },
        { status: 'rejected', reason: failure },
      ]);
      expect(load).toHaveBeenCalledTimes(1);
      // The next reader loads again.
      const next = hot.load('match:a', load);
      reads[1].resolve(view(4));
      expect(await next).toBe('v4');
    });

    it('share a row not found only when nothing at all was notified meanwhile', async () => {
      const { load, reads } = counted();
      const quiet = [hot.load('match:a', load), hot.load('match:a', load)];
      reads[0].resolve(null as unknown as LoadedView<string>);
      expect(await Promise.all(quiet)).toEqual([null, null]);
      expect(load).toHaveBeenCalledTimes(1);
      const first = hot.load('match:a', load);
      const joined = hot.load('match:a', load);
      hot.projected('match:a', 1);
      reads[1].resolve(null as unknown as LoadedView<string>);
      expect(await first).toBeNull();
      await Promise.resolve();
      reads[2].resolve(view(1));
      expect(await joined).toBe('v1');
    });

    it('each make their own load while notifications are not received', async () => {
      const { load, reads } = counted();
      hot.disconnected();
      const readers = [hot.load('match:a', load), hot.load('match:a', load)];
      expect(load).toHaveBeenCalledTimes(2);
      reads.forEach((r, i) => r.resolve(view(4 + i)));
      expect(await Promise.all(readers)).toEqual(['v4', 'v5']);
    });

    it('do not join a load in flight across a lost connection, and its joiners load again', async () => {
      const { load, reads } = counted();
      const before = [hot.load('match:a', load), hot.load('match:a', load)];
      hot.disconnected();
      hot.connected();
      const after = hot.load('match:a', load);
      expect(load).toHaveBeenCalledTimes(2);
      reads[0].resolve(view(4));
      expect(await before[0]).toBe('v4');
      reads[1].resolve(view(5));
      expect(await after).toBe('v5');
      // The joiner of the lost load joined the one started since.
      expect(await before[1]).toBe('v5');
      expect(load).toHaveBeenCalledTimes(2);
    });
  });

  it('counts hits and misses', async () => {
    const seen: boolean[] = [];
    const counted = new HotViews<string>(2, (hit) => seen.push(hit));
    counted.connected();
    counted.lookup('match:a');
    await counted.load('match:a', async () => view(1));
    counted.lookup('match:a');
    expect(seen).toEqual([false, true]);
  });
});
