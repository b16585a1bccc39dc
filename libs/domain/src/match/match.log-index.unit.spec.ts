import fc from 'fast-check';
import type { Recorded } from '../common/recorded';
import type { InPlayEvent } from './match-event.types';
import { effectiveEvents, findEffective } from './match.effective';
import { hasEventId } from './match.log-index';

type Logged = Recorded<InPlayEvent>;

const ids = ['a', 'b', 'c', 'd', 'e'];
const id = fc.constantFrom(...ids);
let seq = 0;
const at = <E extends InPlayEvent>(e: E): Recorded<E> => ({ ...e, seq: ++seq, recordedAt: 'now' });

/** Any mix of plain events (some without an eventId, some reusing one), corrections and retractions. */
const entry: fc.Arbitrary<Logged> = fc.oneof(
  fc
    .record({ eventId: fc.option(id, { nil: undefined }), minute: fc.integer({ min: 0, max: 45 }) })
    .map(({ eventId, minute }) =>
      at({
        type: 'OffsideCalled',
        team: 'HOM',
        player: 'P',
        minute,
        ...(eventId === undefined ? {} : { eventId }),
      }),
    ),
  fc
    .record({ eventId: id, refEventId: id, minute: fc.integer({ min: 0, max: 45 }) })
    .map(({ eventId, refEventId, minute }) =>
      at({ type: 'EventCorrected', eventId: `fix-${eventId}`, refEventId, changes: { minute } }),
    ),
  fc
    .record({ eventId: id, refEventId: id })
    .map(({ eventId, refEventId }) =>
      at({ type: 'EventRetracted', eventId: `undo-${eventId}`, refEventId, reason: 'error' }),
    ),
);

/** The definitions the index replaces: a pass over the whole log. */
const scanHas = (log: Logged[], eventId: string) => log.some((l) => l.eventId === eventId);
const scanFind = (log: Logged[], eventId: string) =>
  effectiveEvents(log).find((e) => e.eventId === eventId) ?? null;
const asked = [...ids, ...ids.map((i) => `fix-${i}`), ...ids.map((i) => `undo-${i}`), 'nowhere'];

describe('the log index', () => {
  it('answers as a scan of the whole log would', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (log) => {
        for (const eventId of asked) {
          expect(hasEventId(log, eventId)).toBe(scanHas(log, eventId));
          expect(findEffective(log, eventId)).toEqual(scanFind(log, eventId));
        }
      }),
    );
  });

  it('follows an array that grows in place after it was first asked', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (events) => {
        const log: Logged[] = [];
        for (const e of events) {
          log.push(e);
          for (const eventId of asked) {
            expect(hasEventId(log, eventId)).toBe(scanHas(log, eventId));
            expect(findEffective(log, eventId)).toEqual(scanFind(log, eventId));
          }
        }
      }),
    );
  });

  it('keeps each array to itself: a copy extended differently answers for its own events', () => {
    const base = [at({ type: 'OffsideCalled', eventId: 'a', team: 'HOM', player: 'P', minute: 1 })];
    expect(hasEventId(base, 'a')).toBe(true);
    const left = [...base, at({ type: 'EventRetracted', eventId: 'x', refEventId: 'a', reason: 'error' })];
    const right = [
      ...base,
      at({ type: 'EventCorrected', eventId: 'y', refEventId: 'a', changes: { minute: 9 } }),
    ];
    expect(findEffective(left, 'a')).toBeNull();
    expect(findEffective(right, 'a')?.minute).toBe(9);
    expect(findEffective(base, 'a')?.minute).toBe(1);
    expect([hasEventId(base, 'x'), hasEventId(left, 'y'), hasEventId(right, 'x')]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
