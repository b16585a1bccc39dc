import { HitWindowStorage } from './hit-window.storage';

describe('HitWindowStorage', () => {
  let now: number;
  let storage: HitWindowStorage;
  const TTL = 10_000;
  const hit = (id = 'key:feeder', limit = 3) => storage.hit(id, TTL, limit, TTL);

  beforeEach(() => {
    now = 1_000_000;
    storage = new HitWindowStorage(() => now);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('counts hits within the window and blocks past the limit for the block duration', () => {
    expect([hit(), hit(), hit()].map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    const refused = hit();
    expect(refused).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 10, timeToExpire: 10 });
    now += 4_000;
    expect(hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 6 });
    now += 6_000;
    // The block is over: the key starts again with this one hit.
    expect(hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('lets hits expire one by one, oldest first', () => {
    hit();
    now += 3_000;
    hit();
    now += 3_000;
    hit();
    now += 4_000; // the first has expired, the other two still count
    expect(hit()).toMatchObject({ totalHits: 3, isBlocked: false });
    now += 3_000; // and the second
    expect(hit()).toMatchObject({ totalHits: 3, isBlocked: false });
  });

  it('keeps keys apart, and forgets idle ones', () => {
    for (let i = 0; i < 3; i++) hit('a');
    expect(hit('a').isBlocked).toBe(true);
    expect(hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(storage.size).toBe(2);
    now += 2 * TTL;
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('stays O(1) per hit at a large limit: a long run of hits keeps only the live ones', () => {
    for (let i = 0; i < 50_000; i++) {
      now += 1;
      expect(storage.hit('busy', 1_000, 10_000, 1_000).isBlocked).toBe(false);
    }
    now += 1;
    // The hits of the last second, this one included.
    expect(storage.hit('busy', 1_000, 10_000, 1_000).totalHits).toBe(1_000);
  });

  it('without blocking, refuses past the limit and names when the oldest hit expires', () => {
    for (let i = 0; i < 3; i++) storage.hit('nb', TTL, 3, 0);
    now += 2_500;
    expect(storage.hit('nb', TTL, 3, 0)).toMatchObject({
      totalHits: 4,
      isBlocked: true,
      timeToBlockExpire: 8,
    });
  });
});
