import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Http } from './http';

export interface TieFixture {
  tie: { tieId: string; competition: string; legs: string[] };
  matches: Array<{ matchId: string; homeTeam: { id: string }; awayTeam: { id: string } }>;
  events: Record<
    string,
    Array<{ offsetSeconds: number; event: Record<string, unknown> & { eventId: string } }>
  >;
}

export function loadFixture(name: string): TieFixture {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as TieFixture;
}

/** Schedules a fixture's tie and matches over HTTP (events are left to the test). */
export async function scheduleFixture(http: Http, fixture: TieFixture): Promise<void> {
  const tie = await http.post('/ties', fixture.tie);
  if (tie.status !== 201) throw new Error(`POST /ties → ${tie.status} ${JSON.stringify(tie.body)}`);
  for (const match of fixture.matches) {
    const r = await http.post('/matches', match);
    if (r.status !== 201) throw new Error(`POST /matches → ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Posts a match's fixture events one by one, in order; returns the last seq. */
export async function feedEvents(
  http: Http,
  fixture: TieFixture,
  matchId: string,
  count?: number,
): Promise<number> {
  let seq = 0;
  for (const { event } of fixture.events[matchId].slice(0, count)) {
    const r = await http.post<{ seq: number }>(`/matches/${matchId}/events`, event);
    if (r.status !== 201)
      throw new Error(`POST event ${event.eventId} → ${r.status} ${JSON.stringify(r.body)}`);
    seq = r.body.seq;
  }
  return seq;
}
