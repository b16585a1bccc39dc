import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import { ApiClient, type BodyOf, type CommandPath } from './api-client';

/**
 * One NDJSON line: `{"competition": {...}}` (POST /competitions), `{"tie": {...}}` (POST /ties),
 * `{"match": {...}}` (POST /matches), or `{"matchId": "...", "event": {...}}`
 * (POST /matches/{matchId}/events).
 */
export type FeedLine =
  | { competition: Record<string, unknown> }
  | { tie: Record<string, unknown> }
  | { match: Record<string, unknown> }
  | { matchId: string; event: Record<string, unknown> };

const BATCH = 50;

async function readLines(file: string): Promise<FeedLine[]> {
  const lines: FeedLine[] = [];
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    try {
      lines.push(JSON.parse(raw) as FeedLine);
    } catch {
      throw new Error(`${file}:${n}: not JSON`);
    }
  }
  return lines;
}

/**
 * Feeds an NDJSON file through the API. Consecutive events of one match go as arrays (all or
 * none) of up to 50, always cut the same way, so a re-run after a failure is answered 200 for
 * what already landed: eventIds make it safe.
 */
export async function feed(
  api: ApiClient,
  file: string,
  quiet = false,
): Promise<{ created: number; retried: number }> {
  return postLines(api, await readLines(file), quiet);
}

/** Posts feed lines in order (events of one match in arrays of up to 50), with a progress bar. */
export async function postLines(
  api: ApiClient,
  lines: FeedLine[],
  quiet = false,
): Promise<{ created: number; retried: number }> {
  const bar = new SingleBar(
    { format: 'feed [{bar}] {value}/{total} lines | {eta_formatted} left | {rate}/s' },
    Presets.shades_classic,
  );
  const counts = { created: 0, retried: 0 };
  const started = Date.now();
  if (!quiet) bar.start(lines.length, 0, { rate: 0 });
  const tally = (status: number, n: number) => {
    if (status === 201) counts.created += n;
    else counts.retried += n;
    if (!quiet)
      bar.increment(n, {
        rate: Math.round(((counts.created + counts.retried) * 1000) / (Date.now() - started + 1)),
      });
  };
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if ('competition' in line) {
      tally(await api.command('/competitions', asPosted<'/competitions'>(line.competition)), 1);
      i++;
    } else if ('tie' in line) {
      tally(await api.command('/ties', asPosted<'/ties'>(line.tie)), 1);
      i++;
    } else if ('match' in line) {
      tally(await api.command('/matches', asPosted<'/matches'>(line.match)), 1);
      i++;
    } else {
      const events: Array<Record<string, unknown>> = [];
      while (i < lines.length && events.length < BATCH) {
        const next = lines[i];
        if (!('event' in next) || next.matchId !== line.matchId) break;
        events.push(next.event);
        i++;
      }
      const path = `/matches/${encodeURIComponent(line.matchId)}/events` as const;
      tally(await api.command(path, asPosted<typeof path>(events)), events.length);
    }
  }
  if (!quiet) bar.stop();
  return counts;
}

/** A file's line is posted as it is written: the API validates it and names what it refuses. */
function asPosted<P extends CommandPath>(body: unknown): BodyOf<P> {
  return body as BodyOf<P>;
}
