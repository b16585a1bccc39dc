import { readFileSync } from 'node:fs';
import { ApiClient } from './api-client';
import { FeedLine, postLines } from './feed.command';

interface SeedFile {
  competition?: Record<string, unknown>;
  tie?: Record<string, unknown>;
  matches: Array<Record<string, unknown> & { matchId: string }>;
  events: Record<string, Array<{ event: Record<string, unknown> }>>;
}

/** Loads a fixture (a competition or a tie, its matches and their events) through the API, as feed lines; safe to re-run. */
export async function seed(api: ApiClient, file: string, quiet = false): Promise<void> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as SeedFile;
  const lines: FeedLine[] = [
    ...(data.competition ? [{ competition: data.competition }] : []),
    ...(data.tie ? [{ tie: data.tie }] : []),
    ...data.matches.map((match) => ({ match })),
    ...data.matches.flatMap((m) =>
      (data.events[m.matchId] ?? []).map(({ event }) => ({ matchId: m.matchId, event })),
    ),
  ];
  await postLines(api, lines, quiet);
}
