import { readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { ApiClient } from './api-client';

interface SeedFile {
  tie?: { tieId: string };
  matches: Array<{ matchId: string }>;
  events: Record<string, Array<{ event: Record<string, unknown> }>>;
}

/** Loads a fixture (a tie, its matches and their events) through the API; safe to re-run (eventIds). */
export async function seed(api: ApiClient, file: string, quiet = false): Promise<void> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as SeedFile;
  const total = Object.values(data.events).reduce((n, list) => n + list.length, 0);
  const bar = new SingleBar(
    { format: 'seed [{bar}] {value}/{total} events', noTTYOutput: !quiet },
    Presets.shades_classic,
  );
  if (!quiet) bar.start(total, 0);
  if (data.tie) await api.command('/ties', data.tie);
  for (const match of data.matches) await api.command('/matches', match);
  for (const match of data.matches) {
    for (const { event } of data.events[match.matchId] ?? []) {
      await api.command(`/matches/${encodeURIComponent(match.matchId)}/events`, event);
      if (!quiet) bar.increment();
    }
  }
  if (!quiet) bar.stop();
}
