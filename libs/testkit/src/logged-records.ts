/**
 * Event fixtures for tests of the read side: records as the events topic holds them (what the
 * projector decodes), not yet encoded. Plain objects; a test turns them into a log value.
 */

/**
 * A stream's record `seq`: the envelope the write side adds (eventId `e-<streamId>-<seq>`,
 * schema version 1, feeder `feeder-1`, a fixed recordedAt), then the event's own fields.
 * With `envelope` false, eventId, schemaVersion and feeder are left out (the decoder completes them).
 */
export const loggedRecord = (
  streamId: string,
  seq: number,
  event: Record<string, unknown>,
  envelope = true,
) => ({
  streamId,
  seq,
  ...(envelope ? { eventId: `e-${streamId}-${seq}`, schemaVersion: 1, feeder: 'feeder-1' } : {}),
  recordedAt: '2025-04-10T00:00:00.000Z',
  ...event,
});

/** The first record of `match:<matchId>`: scheduled in competition CCC, Miami at home to LAFC (named `awayName`). */
export const loggedScheduled = (matchId: string, awayName = 'LAFC') =>
  loggedRecord(`match:${matchId}`, 1, {
    type: 'MatchScheduled',
    matchId,
    competition: 'CCC',
    homeTeam: { id: 'MIA', name: 'Miami' },
    awayTeam: { id: 'LAFC', name: awayName },
  });
