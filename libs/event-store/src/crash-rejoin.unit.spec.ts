import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { CrashRejoin, MemberCrash } from './crash-rejoin';

/** The part of a kafkajs consumer that CrashRejoin uses: its events, and disconnect. */
class FakeConsumer {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  private readonly emitter = new EventEmitter();
  disconnects = 0;

  constructor(readonly isCurrent: () => boolean) {}

  on(event: string, listener: (e: unknown) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  crash(restart: boolean): void {
    this.emitter.emit(this.events.CRASH, { payload: { error: new Error('boom'), groupId: 'g', restart } });
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
  }
}

function member(runs: Array<() => Promise<void>> = []) {
  const consumers: FakeConsumer[] = [];
  const crashes: MemberCrash[] = [];
  const failures: unknown[] = [];
  const rejoin = new CrashRejoin({
    create: (isCurrent) => {
      const c = new FakeConsumer(isCurrent);
      consumers.push(c);
      return c as unknown as Consumer;
    },
    run: () => (runs.shift() ?? (async () => undefined))(),
    onCrash: (c) => crashes.push(c),
    onRejoinFailed: (err) => failures.push(err),
    backoffMs: 1000,
    maxBackoffMs: 4000,
  });
  return { rejoin, consumers, crashes, failures };
}

describe('CrashRejoin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves a crash that kafkajs restarts to kafkajs: no second consumer, none disconnected', async () => {
    const { rejoin, consumers, crashes } = member();
    await rejoin.start();
    consumers[0].crash(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(crashes).toEqual([expect.objectContaining({ restart: true })]);
    expect(consumers).toHaveLength(1);
    expect(consumers[0].disconnects).toBe(0);
    expect(consumers[0].isCurrent()).toBe(true);
    expect(rejoin.consumer).toBe(consumers[0]);
  });

  it('replaces a consumer kafkajs gave up after a back-off; the old one is disconnected and no longer current', async () => {
    const { rejoin, consumers } = member();
    await rejoin.start();
    consumers[0].crash(false);
    await jest.advanceTimersByTimeAsync(999);
    expect(consumers).toHaveLength(1);
    expect(rejoin.consumer).toBeNull();
    expect(consumers[0].disconnects).toBe(1);
    expect(consumers[0].isCurrent()).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumers).toHaveLength(2);
    expect(consumers[1].isCurrent()).toBe(true);
    expect(rejoin.consumer).toBe(consumers[1]);

    // A late crash report of the replaced consumer changes nothing.
    consumers[0].crash(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumers).toHaveLength(2);
    expect(consumers[1].isCurrent()).toBe(true);
  });

  it('tries again with a longer back-off while a fresh consumer cannot start, disconnecting each failed one', async () => {
    const refused = async () => {
      throw new Error('connection refused');
    };
    const { rejoin, consumers, failures } = member([async () => undefined, refused, refused]);
    await rejoin.start();
    consumers[0].crash(false);
    await jest.advanceTimersByTimeAsync(1000); // 1st fresh one: refused
    expect(consumers).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1999);
    expect(consumers).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1); // 2nd, 2 s later: refused
    expect(consumers).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(4000); // 3rd, 4 s later (the cap): runs
    expect(consumers).toHaveLength(4);
    expect(failures).toHaveLength(2);
    expect(consumers.map((c) => c.disconnects)).toEqual([1, 1, 1, 0]);
    expect(consumers.map((c) => c.isCurrent())).toEqual([false, false, false, true]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumers).toHaveLength(4);
  });

  it('starts nothing more once stopped, even while waiting to rejoin', async () => {
    const { rejoin, consumers } = member();
    await rejoin.start();
    consumers[0].crash(false);
    await jest.advanceTimersByTimeAsync(500);
    await rejoin.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumers).toHaveLength(1);
    expect(rejoin.consumer).toBeNull();
  });

  it('stop disconnects the current consumer and makes it stale', async () => {
    const { rejoin, consumers } = member();
    await rejoin.start();
    await rejoin.stop();
    expect(consumers[0].disconnects).toBe(1);
    expect(consumers[0].isCurrent()).toBe(false);
  });
});
