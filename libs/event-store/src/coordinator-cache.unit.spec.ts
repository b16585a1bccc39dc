import { cacheCoordinators } from './coordinator-cache';
import type { KafkajsCluster } from './kafkajs-internals';

/** A cluster whose coordinator lookups are counted, answered by `answer` (a node id or an error). */
function fakeCluster(answer: () => number | Error) {
  const asked: string[] = [];
  let refreshes = 0;
  const cluster = {
    findGroupCoordinatorMetadata: async ({ groupId }: { groupId: string }) => {
      asked.push(groupId);
      const a = answer();
      if (a instanceof Error) throw a;
      return { coordinator: { nodeId: a } };
    },
    refreshMetadata: async () => void refreshes++,
  } as unknown as KafkajsCluster;
  return { cluster, asked, refreshes: () => refreshes };
}

describe('cacheCoordinators', () => {
  it('asks for a transactional id’s coordinator once, until the metadata is refreshed', async () => {
    let node = 1;
    const { cluster, asked, refreshes } = fakeCluster(() => node);
    cacheCoordinators(cluster);
    const find = (groupId: string) =>
      cluster.findGroupCoordinatorMetadata({ groupId, coordinatorType: 1 }) as Promise<{
        coordinator: { nodeId: number };
      }>;
    expect((await find('tx')).coordinator.nodeId).toBe(1);
    expect((await find('tx')).coordinator.nodeId).toBe(1);
    expect(asked).toEqual(['tx']);
    // Another id (or another coordinator type) is its own entry.
    await find('other');
    await cluster.findGroupCoordinatorMetadata({ groupId: 'tx', coordinatorType: 0 });
    expect(asked).toEqual(['tx', 'other', 'tx']);
    // kafkajs refreshes its metadata after a failed request: the coordinator is asked again.
    node = 2;
    await cluster.refreshMetadata();
    expect(refreshes()).toBe(1);
    expect((await find('tx')).coordinator.nodeId).toBe(2);
    expect(asked).toEqual(['tx', 'other', 'tx', 'tx']);
  });

  it('keeps no failed answer', async () => {
    let fail = true;
    const { cluster, asked } = fakeCluster(() => (fail ? new Error('COORDINATOR_NOT_AVAILABLE') : 3));
    cacheCoordinators(cluster);
    await expect(cluster.findGroupCoordinatorMetadata({ groupId: 'tx', coordinatorType: 1 })).rejects.toThrow(
      'COORDINATOR_NOT_AVAILABLE',
    );
    fail = false;
    await expect(
      cluster.findGroupCoordinatorMetadata({ groupId: 'tx', coordinatorType: 1 }),
    ).resolves.toEqual({
      coordinator: { nodeId: 3 },
    });
    expect(asked).toEqual(['tx', 'tx']);
  });
});
