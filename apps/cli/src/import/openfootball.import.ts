import { readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { ApiClient } from '../api-client';
import type { PlannedMatch } from './import.plan';
import { MalformedFileError, planOpenfootballImport, type ImportOptions } from './openfootball.parse';

const IN_FLIGHT = 4;

/** All the importer needs of the API client: post a command, get its 2xx status or an error. */
export type Poster = Pick<ApiClient, 'command'>;

export interface ImportReport {
  matches: number;
  ties: number;
  /** Events appended by this run, and events the API already had (a re-run). */
  recorded: number;
  alreadyThere: number;
  /** Matches not imported (malformed in the file, or refused by the API), each with why. */
  failed: Array<{ label: string; problems: string[] }>;
  notes: string[];
}

/**
 * Imports an openfootball file through the API: the competition, then match by match its tie,
 * its schedule and all its events in one atomic post. Every id comes from the file, so a re-run
 * appends nothing (the API answers 200 to each replay). A match the file gets wrong, or the API
 * refuses, is reported by name and the import goes on with the next.
 */
export async function importOpenfootball(
  api: Poster,
  file: string,
  opts: ImportOptions & { quiet?: boolean },
): Promise<ImportReport> {
  const plan = planOf(file, opts);
  const report: ImportReport = {
    matches: 0,
    ties: 0,
    recorded: 0,
    alreadyThere: 0,
    failed: [...plan.rejected],
    notes: plan.notes,
  };
  await api.command('/competitions', plan.competition);
  const bar = new SingleBar(
    { format: 'import [{bar}] {value}/{total} matches | {events} events | {label}' },
    Presets.shades_classic,
  );
  if (!opts.quiet) bar.start(plan.matches.length, 0, { events: 0, label: '' });
  const queue = [...plan.matches];
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      try {
        await postMatch(api, m, report);
      } catch (err) {
        report.failed.push({ label: m.label, problems: [err instanceof Error ? err.message : String(err)] });
      }
      if (!opts.quiet) bar.increment(1, { events: report.recorded + report.alreadyThere, label: m.label });
    }
  };
  // Matches are separate streams: a few in flight keep the API's group commit busy.
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  if (!opts.quiet) bar.stop();
  return report;
}

async function postMatch(api: Poster, m: PlannedMatch, report: ImportReport): Promise<void> {
  if (m.tie) await api.command('/ties', m.tie);
  await api.command('/matches', m.match);
  if (m.events.length > 0) {
    const status = await api.command(`/matches/${encodeURIComponent(m.match.matchId)}/events`, m.events);
    if (status === 201) report.recorded += m.events.length;
    else report.alreadyThere += m.events.length;
  }
  report.matches += 1;
  if (m.tie) report.ties += 1;
}

function planOf(file: string, opts: ImportOptions) {
  try {
    return planOpenfootballImport(readJson(file), opts);
  } catch (err) {
    if (err instanceof MalformedFileError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`);
  }
}

/** The lines the command prints once the import is over. */
export function summary(competition: string, r: ImportReport): string[] {
  return [
    ...r.notes.map((n) => `note: ${n}`),
    `${competition}: ${plural(r.matches, 'match', 'matches')} imported (${plural(r.ties, 'one-match knockout tie', 'one-match knockout ties')}), ` +
      `${r.recorded} events recorded, ${r.alreadyThere} already there`,
    ...r.failed.map((f) => `not imported: ${f.label}\n  ${f.problems.join('\n  ')}`),
  ];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
