#!/usr/bin/env node
import { Command } from 'commander';
import { ApiClient } from './api-client';
import { seed } from './seed.command';

const program = new Command('touchline')
  .description('Touchline command line: feed events, rebuild projections, replay matches')
  .option('--url <url>', 'API base URL', process.env.TOUCHLINE_URL ?? 'http://127.0.0.1:3000')
  .option('--key <key>', 'API key (feeder or admin)', process.env.TOUCHLINE_API_KEY);

const client = (): ApiClient => {
  const o = program.opts<{ url: string; key?: string }>();
  return new ApiClient(o.url.replace(/\/$/, ''), o.key);
};

program
  .command('seed <file>')
  .description('load a tie fixture (tie, matches, events) through the API')
  .option('-q, --quiet', 'no progress bar')
  .action(async (file: string, o: { quiet?: boolean }) => {
    await seed(client(), file, o.quiet);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
