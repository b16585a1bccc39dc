import { loggedRecord, loggedScheduled } from '@touchline/testkit';
import { decodeMessages, foldBatch, LoadedStates, noLoadedStates, streamsOf } from './batch-fold';
import { PartitionStates } from './partition-states';

const empty = noLoadedStates;

let offset = 100;
const message = (value: unknown) => ({
  offset: String(offset++),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const kickOff = (matchId: string) =>
  message(loggedRecord(`match:${matchId}`, 2, { type: 'PeriodStarted', period: '1H', minute: 0 }));
const goal = (matchId: string, seq: number) =>
  message(
    loggedRecord(`match:${matchId}`, seq, {
      type: 'GoalScored',
      minute: 9,
      team: 'LAFC',
      player: 'Aaron Long',
      kind: 'header',
    }),
  );

/** Folds `messages` from `loaded` and remembers it as committed at `next` under epoch 'e1'. */
function commit(
  states: PartitionStates,
  messages: ReturnType<typeof message>[],
  loaded: LoadedStates,
  next: bigint,
) {
  const decoded = decodeMessages(messages);
  const ids = streamsOf(decoded);
  const fold = foldBatch(decoded, loaded);
  states.committed(0, { next, epoch: 'e1' }, ids, loaded, fold);
  return fold;
}

describe('PartitionStates', () => {
  it('answers the next batch with the states the last one committed, the same fold as a load would give', () => {
    const states = new PartitionStates();
    expect(states.recall(0, 0n, streamsOf(decodeMessages([kickOff('a')])))).toBeNull();
    const first = commit(states, [message(loggedScheduled('a')), kickOff('a')], empty(), 102n);

    const next = decodeMessages([goal('a', 3)]);
    const recalled = states.recall(0, 102n, streamsOf(next));
    expect(recalled).not.toBeNull();
    expect(recalled!.next).toBe(102n);
    expect(recalled!.epoch).toBe('e1');
    expect(recalled!.loaded.matches.get('a')?.version).toBe(2);
    expect(recalled!.loaded.matches.get('a')?.state).not.toHaveProperty('log');

    // What PostgreSQL would have answered: the row as the first batch wrote it.
    const stored = first.matches.get('a')!;
    const fromDatabase = {
      ...empty(),
      matches: new Map([['a', { version: stored.version, state: { ...stored.state, log: undefined } }]]),
    };
    const fromMemory = foldBatch(next, recalled!.loaded);
    expect(fromMemory.matches.get('a')?.state.score).toEqual({ home: 0, away: 1 });
    expect(fromMemory.matches.get('a')?.version).toBe(3);
    expect(fromMemory.matches.get('a')?.state.score).toEqual(
      foldBatch(next, fromDatabase).matches.get('a')?.state.score,
    );
  });

  it('loads a batch that does not follow the last one, names an unknown stream, or needs a log', () => {
    const states = new PartitionStates();
    commit(states, [message(loggedScheduled('a')), kickOff('a')], empty(), 50n);
    const ids = streamsOf(decodeMessages([goal('a', 3)]));
    expect(states.recall(0, 51n, ids)).toBeNull();
    expect(states.recall(0, 50n, ids)).not.toBeNull();
    expect(states.recall(1, 50n, ids)).toBeNull();
    expect(states.recall(0, 50n, streamsOf(decodeMessages([goal('a', 3), goal('b', 3)])))).toBeNull();
    expect(states.recall(0, 50n, { ...ids, logMatchIds: ['a'] })).toBeNull();
    states.forget(0);
    expect(states.recall(0, 50n, ids)).toBeNull();
  });

  it('remembers a stream that is known not to exist yet, and one that is parked', () => {
    const states = new PartitionStates();
    // A goal before the match was scheduled: the stream is parked.
    const fold = commit(states, [goal('x', 1)], empty(), 10n);
    expect(fold.parked.map((p) => p.streamId)).toEqual(['match:x']);
    const later = decodeMessages([goal('x', 2)]);
    const recalled = states.recall(0, 10n, streamsOf(later))!;
    expect(recalled.loaded.parked).toEqual(new Set(['match:x']));
    expect(recalled.loaded.matches.has('x')).toBe(false);
    expect(foldBatch(later, recalled.loaded).parked[0].error).toMatch(/held/);
  });

  it('moves the remembered checkpoint over offsets that hold no data', () => {
    const states = new PartitionStates();
    commit(states, [message(loggedScheduled('a'))], empty(), 20n);
    const ids = streamsOf(decodeMessages([kickOff('a')]));
    states.skipped(0, 20n, 22n);
    expect(states.recall(0, 22n, ids)?.next).toBe(22n);
    states.skipped(0, 30n, 31n);
    expect(states.recall(0, 22n, ids)?.next).toBe(22n);
  });

  it('forgets the least recently used streams past its bound, and every stream of an older epoch', () => {
    const states = new PartitionStates(2);
    commit(states, [message(loggedScheduled('a')), message(loggedScheduled('b'))], empty(), 2n);
    expect(states.recall(0, 2n, streamsOf(decodeMessages([kickOff('a')])))).not.toBeNull();
    commit(states, [message(loggedScheduled('c'))], empty(), 3n);
    expect(states.recall(0, 3n, streamsOf(decodeMessages([kickOff('b')])))).toBeNull();
    expect(states.recall(0, 3n, streamsOf(decodeMessages([kickOff('a'), kickOff('c')])))).not.toBeNull();

    const decoded = decodeMessages([message(loggedScheduled('d'))]);
    states.committed(0, { next: 4n, epoch: 'e2' }, streamsOf(decoded), empty(), foldBatch(decoded, empty()));
    expect(states.recall(0, 4n, streamsOf(decodeMessages([kickOff('a')])))).toBeNull();
    expect(states.recall(0, 4n, streamsOf(decodeMessages([kickOff('d')])))?.epoch).toBe('e2');
  });
});
