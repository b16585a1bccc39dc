import { z } from 'zod';

const cliSchema = z.object({
  TOUCHLINE_URL: z.string().default('http://127.0.0.1:3000'),
  TOUCHLINE_API_KEY: z.string().optional(),
});

/** The command line's defaults, before its flags: which API to talk to and with which key. */
export interface CliConfig {
  apiUrl: string;
  apiKey: string | undefined;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const e = cliSchema.parse(env);
  return { apiUrl: e.TOUCHLINE_URL, apiKey: e.TOUCHLINE_API_KEY };
}
