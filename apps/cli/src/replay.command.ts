import { ApiClient } from './api-client';
import { sseMessages } from './sse-reader';

interface Item {
  seq: number;
  event: Record<string, unknown> & { type: string; minute?: number; stoppage?: number };
  state: { homeTeam: { id: string }; awayTeam: { id: string }; score: { home: number; away: number } };
  tie: {
    leader: string | null;
    reason: string;
    decided: boolean;
    winner: string | null;
    aggregate: Record<string, number>;
  } | null;
}

const clock = (e: Item['event']) =>
  e.minute === undefined ? '    ' : `${e.minute}${e.stoppage ? `+${e.stoppage}` : ''}'`.padStart(6);

const DETAIL_FIELDS = [
  'period',
  'team',
  'player',
  'kind',
  'reason',
  'incident',
  'outcome',
  'decision',
  'card',
  'added',
];

function describe(e: Item['event']): string {
  const details = DETAIL_FIELDS.filter((f) => e[f] !== undefined).map((f) => `${f}=${String(e[f])}`);
  return `${e.type}${details.length ? ` (${details.join(', ')})` : ''}`;
}

function tieLine(t: NonNullable<Item['tie']>): string {
  const agg = Object.entries(t.aggregate)
    .map(([team, goals]) => `${team} ${goals}`)
    .join(' - ');
  if (t.decided) return `agg ${agg} | ${t.winner} through (${t.reason})`;
  return `agg ${agg} | ${t.leader ? `${t.leader} through if it ended now (${t.reason})` : 'level'}`;
}

/** Prints a match unfolding: minute, event, score and tie status, paced by the original gaps / speed. */
export async function replay(
  api: ApiClient,
  matchId: string,
  speed: number,
  write: (line: string) => void,
): Promise<number> {
  const res = await fetch(`${api.baseUrl}/matches/${encodeURIComponent(matchId)}/replay?speed=${speed}`);
  if (!res.ok || !res.body) throw new Error(`replay refused: ${res.status} ${await res.text()}`);
  let count = 0;
  for await (const m of sseMessages(res.body)) {
    if (m.event === 'end') break;
    const item = m.data as unknown as Item;
    const { homeTeam, awayTeam, score } = item.state;
    const line = `${clock(item.event)}  ${homeTeam.id} ${score.home}-${score.away} ${awayTeam.id}  ${describe(item.event)}`;
    write(item.tie ? `${line}  | ${tieLine(item.tie)}` : line);
    count++;
  }
  return count;
}
