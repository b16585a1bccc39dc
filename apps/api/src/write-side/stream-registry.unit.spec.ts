import { foldMatch } from '@touchline/domain';
import { recordedMatchEvent } from '@touchline/event-store';
import { goal, TEAMS as teams } from '@touchline/testkit';
import type { Principal } from '../access/api-keys';
import { CommandPath } from './command-path';
import { InMemoryStreamLog } from './in-memory-stream-log';
import { recordEvents, scheduleMatch } from './stream-commands';
import { StreamRegistry } from './stream-registry';

const feeder: Principal = { role: 'feeder', competitions: null, id: 'feeder-1' };

/**
 * The registry folds each acknowledged event into a match's one log in place: its states must
 * stay those of a fold from scratch, whatever was decided (and refused) against them between.
 */
describe('the stream registry', () => {
  it('holds what a fold of the log gives, after refusals, batches and a correction', async () => {
    const registry = new StreamRegistry();
    const log = new InMemoryStreamLog(registry);
    const path = new CommandPath(registry, log);
    const post = (events: object[]) =>
      path
        .execute(recordEvents('m1', { events: events as never, isArray: true }, feeder, 100))
        .then((r) => r.status)
        .catch((err: { status?: number; getStatus?: () => number }) => err.getStatus?.() ?? 0);
    await path.execute(scheduleMatch({ matchId: 'm1', competition: 'CCC', ...teams }, feeder));
    const statuses = [
      await post([{ eventId: 'ko', type: 'PeriodStarted', period: '1H', minute: 0 }]),
      await post([goal('g1', 5), goal('g2', 7), goal('g3', 9)]),
      // refused as a whole after two events that would have been fine: nothing of it stays
      await post([goal('g4', 10), goal('g5', 11), { eventId: 'bad', type: 'PenaltyMissed', team: 'MIA' }]),
      await post([goal('g1', 5)]), // a retry: answered from memory, nothing folded
      await post([{ eventId: 'fix', type: 'EventCorrected', refEventId: 'g2', changes: { minute: 8 } }]),
      await post([
        goal('g6', 20),
        { eventId: 'undo', type: 'EventRetracted', refEventId: 'g1', reason: 'x' },
      ]),
    ];
    // after the correction the match has a log of its own: retries are still found in it
    statuses.push(await post([goal('g6', 20)]), await post([goal('g3', 9)]), await post([goal('g3', 10)]));
    expect(statuses).toEqual([201, 201, 422, 200, 201, 201, 200, 200, 409]);
    const folded = foldMatch(log.records.map((r) => recordedMatchEvent(r)));
    const held = registry.match('m1')!.state;
    expect(held).toStrictEqual(folded);
    expect(held.log.map((e) => e.eventId)).toEqual(['ko', 'g1', 'g2', 'g3', 'fix', 'g6', 'undo']);
    expect(held.score).toEqual({ home: 0, away: 3 }); // g2, g3, g6
  });
});
