#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { ApiClient } from './api-client';
import { feed } from './feed.command';
import { rebuild } from './rebuild.command';
import { replay } from './replay.command';
import { seed } from './seed.command';
import { status } from './status.command';

const program = new Command('touchline')
  .description('Touchline command line: feed events, rebuild projections, replay matches')
  .option(
    '--url <url>',
    'API base URL (env TOUCHLINE_URL)',
    process.env.TOUCHLINE_URL ?? 'http://127.0.0.1:3000',
  )
  .option('--key <key>', 'API key, feeder or admin (env TOUCHLINE_API_KEY)', process.env.TOUCHLINE_API_KEY);

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
