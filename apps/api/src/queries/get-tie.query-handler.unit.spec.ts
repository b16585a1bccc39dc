import type { TieState } from '@touchline/domain';
import type { Config } from '@touchline/platform';
import type { ReadModelRepository } from '@touchline/read-models';
import { GetTieHandler } from './get-tie.query-handler';
import { GetTieQuery } from './get-tie.query';
import { silentNotifications } from './silent-notifications.testing';
import { HotViewsService } from './hot-views.service';
import type { MinVersionGate } from './min-version.gate';

const tieAt = (version: number): TieState => ({
  tieId: 't',
  competition: 'UCL',
  legs: ['l1', 'l2'],
  rules: { awayGoals: 'none', extraTime: true, penalties: true },
  version,
});

describe('GetTieHandler: the tie held in memory', () => {
  it('is read at the version the tie row had when its load started, not at one read before', async () => {
    const hot = new HotViewsService({ hotViewsMax: 10 } as Config, silentNotifications);
    const rows = [tieAt(1)];
    let firstRead!: () => void;
    const repo = {
      tie: jest.fn(async () => {
        const row = rows[rows.length - 1];
        // The first read answers with the row as it was; the tie moves before that answer is used.
        if (repo.tie.mock.calls.length === 1) await new Promise<void>((r) => (firstRead = r));
        return row;
      }),
      matches: jest.fn(async () => new Map()),
    };
    const gate = { require: async () => undefined } as unknown as MinVersionGate;
    const handler = new GetTieHandler(repo as unknown as ReadModelRepository, gate, hot);

    const answer = handler.execute(new GetTieQuery('t', []));
    await Promise.resolve();
    // The projector commits the tie at version 2 and it is notified, after the first read.
    rows.push(tieAt(2));
    hot.seen('tie:t', 2);
    firstRead();
    await answer;

    let heldAt: number | undefined;
    hot.ties.lookup('tie:t', (deps) => ((heldAt = deps.get('tie:t')), true));
    expect(heldAt).toBe(2);
  });
});
