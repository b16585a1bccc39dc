#!/usr/bin/env node
import { STREAM_ID_PATTERN } from '@touchline/domain';
import { loadCliConfig } from '@touchline/platform';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ApiClient } from './api-client';
import { feed } from './feed.command';
import { importOpenfootball, summary } from './import/openfootball.import';
import type { Tiebreakers } from './import/import.plan';
import { rebuild } from './rebuild.command';
import { replay } from './replay.command';
import { seed } from './seed.command';
import { status } from './status.command';

const defaults = loadCliConfig();

const program = new Command('touchline')
  .description(
    'Touchline command line: feed events, import competitions, rebuild projections, replay matches',
  )
  .option('--url <url>', 'API base URL (env TOUCHLINE_URL)', defaults.apiUrl)
  .option('--key <key>', 'API key, feeder or admin (env TOUCHLINE_API_KEY)', defaults.apiKey);

const client = (): ApiClient => {
  const o = program.opts<{ url: string; key?: string }>();
  return new ApiClient(o.url.replace(/\/$/, ''), o.key);
};

const nonNegative = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number ≥ 0');
  return n;
};

program
  .command('feed <file>')
  .description('post an NDJSON file of competitions, ties, matches and events; safe to re-run (eventIds)')
  .option('-q, --quiet', 'no progress bar')
  .action(async (file: string, o: { quiet?: boolean }) => {
    const { created, retried } = await feed(client(), file, o.quiet);
    console.log(`${created} recorded, ${retried} already there`);
  });

program
  .command('seed <files...>')
  .description('load fixtures (a competition or a tie, its matches, their events) through the API')
  .option('-q, --quiet', 'no progress bar')
  .action(async (files: string[], o: { quiet?: boolean }) => {
    for (const file of files) await seed(client(), file, o.quiet);
  });

/** Match ids are `<code>-<nnn>`, and must stay within the 64 characters of an id. */
const competitionCode = (v: string): string => {
  if (!STREAM_ID_PATTERN.test(v) || v.length > 56)
    throw new InvalidArgumentError('letters, digits, . _ - (up to 56), starting with a letter or digit');
  return v;
};

program
  .command('import')
  .description('import a whole competition from another format')
  .command('openfootball <file>')
  .description(
    'import openfootball JSON (worldcup.json / euro.json format): the competition, every match with its ' +
      'group and round, a one-match tie for each knockout, goals, extra time and shootouts; safe to re-run',
  )
  .requiredOption('-c, --competition <code>', 'competition code, e.g. WC2022', competitionCode)
  .addOption(
    new Option('-t, --tiebreakers <preset>', 'group table tiebreakers')
      .choices(['fifa', 'uefa', 'league'])
      .default('fifa'),
  )
  .option('-q, --quiet', 'no progress bar')
  .action(async (file: string, o: { competition: string; tiebreakers: Tiebreakers; quiet?: boolean }) => {
    const report = await importOpenfootball(client(), file, o);
    for (const line of summary(o.competition, report)) console.log(line);
    if (report.failed.length > 0) process.exitCode = 1;
  });

program
  .command('rebuild')
  .description('rebuild every read model from the log (admin key), following its progress')
  .option('-q, --quiet', 'no progress bar')
  .action(async (o: { quiet?: boolean }) => {
    console.log(`rebuild ${await rebuild(client(), o.quiet)} done`);
  });

program
  .command('replay <matchId>')
  .description('watch a match unfold: minute, event, score and tie status')
  .option('-s, --speed <n>', 'original gaps divided by n; 0 = no pacing', nonNegative, 60)
  .action(async (matchId: string, o: { speed: number }) => {
    await replay(client(), matchId, o.speed, (line) => console.log(line));
  });

program
  .command('status')
  .description('projections and their lag, the topic, rebuilds, parked streams')
  .action(async () => {
    await status(client(), (line) => console.log(line));
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
