import pino from 'pino';
import type { ReadModelRepository, StoredEvent } from '@touchline/read-models';
import { LiveFeed } from './live-feed';
import { evolveStored } from './match-fold';

const stored = (seq: number, event: Record<string, unknown>): StoredEvent => ({
  seq,
  body: {
    streamId: 'match:m',
    seq,
    eventId: `e${seq}`,
    schemaVersion: 1,
    recordedAt: '2025-04-10T00:00:00.000Z',
    feeder: null,
    ...event,
  },
});

const log = [
  stored(1, {
    type: 'MatchScheduled',
    matchId: 'm',
    competition: 'CCC',
    homeTeam: { id: 'MIA', name: 'Miami' },
    awayTeam: { id: 'LAFC', name: 'LAFC' },
  }),
  stored(2, { type: 'PeriodStarted', period: '1H', minute: 0 }),
  stored(3, { type: 'GoalScored', minute: 9, team: 'MIA', player: 'Lionel Messi', kind: 'open_play' }),
];

describe('LiveFeed', () => {
  it('tells the version of what it read before any follower is sent it (the views held must not answer older)', async () => {
    const told: Array<[string, number]> = [];
    const sent: number[] = [];
    const repo = {
      matchWithLog: async () => ({ version: 2, state: log.slice(0, 2).reduce(evolveStored, null) }),
      // Read ahead of any notification of it (the re-check timer): seq 3 is in the store.
      events: async (_: string, from: number) => log.filter((e) => e.seq >= from),
    } as unknown as ReadModelRepository;
    const feed = new LiveFeed(
      'match:m',
      'm',
      repo,
      pino({ level: 'silent' }),
      () => undefined,
      (s, v) => told.push([s, v]),
    );
    feed.members = 1;
    feed.follow({
      deliver: (seq) => {
        expect(told).toContainEqual(['match:m', seq]);
        sent.push(seq);
      },
    });
    expect(await feed.ready).toBe(true);
    // Loaded at 2, it reads on at once and finds 3.
    while (feed.position < 3) await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([3]);
    expect(told).toEqual([
      ['match:m', 2],
      ['match:m', 3],
    ]);
  });
});
