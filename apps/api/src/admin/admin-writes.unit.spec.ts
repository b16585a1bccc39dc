import type { Pool } from 'pg';
import type { Config } from '@touchline/platform';
import * as readModels from '@touchline/read-models';
import { silentNotifications } from '../queries/silent-notifications.testing';
import { HotViewsService } from '../queries/hot-views.service';
import { RebuildMatchCommand, RebuildMatchHandler } from './rebuild-match.command';
import { ResolveParkedCommand, ResolveParkedHandler } from './resolve-parked.command';

jest.mock('@touchline/read-models', () => ({
  ...jest.requireActual('@touchline/read-models'),
  resolveParkedStream: jest.fn(),
  rebuildMatchInPlace: jest.fn(),
}));

const pool = {} as Pool;

describe("an admin's write to the read models, before LISTEN delivers its notification", () => {
  let hot: HotViewsService;
  beforeEach(async () => {
    hot = new HotViewsService({ hotViewsMax: 10 } as Config, silentNotifications);
    await hot.matches.load('match:poisoned', async () => ({
      value: { version: 2 } as never,
      deps: new Map([['match:poisoned', 2]]),
    }));
    expect(hot.matches.lookup('match:poisoned')).toBeDefined();
  });

  it('a skip that applied what was held behind the poison: no view older than what it wrote answers', async () => {
    jest.mocked(readModels.resolveParkedStream).mockResolvedValue({
      outcome: { streamId: 'match:poisoned', applied: 1, stillParked: 0, skippedOffset: 7 },
      notified: ['tables:CCC,match:poisoned@3'],
    });
    const outcome = await new ResolveParkedHandler(pool, hot).execute(
      new ResolveParkedCommand('match:poisoned', 'skip'),
    );
    expect(outcome).toEqual({ streamId: 'match:poisoned', applied: 1, stillParked: 0, skippedOffset: 7 });
    expect(hot.matches.lookup('match:poisoned')).toBeUndefined();
  });

  it('a match rebuilt in place (same version, rows replaced): nothing held answers, and views are held again', async () => {
    jest.mocked(readModels.rebuildMatchInPlace).mockResolvedValue(2);
    await new RebuildMatchHandler(pool, hot).execute(new RebuildMatchCommand('poisoned'));
    expect(hot.matches.lookup('match:poisoned')).toBeUndefined();
    await hot.matches.load('match:poisoned', async () => ({
      value: { version: 2 } as never,
      deps: new Map([['match:poisoned', 2]]),
    }));
    expect(hot.matches.lookup('match:poisoned')).toBeDefined();
  });
});
