import { loadConfig } from '@touchline/platform';
import { createScratchDatabase } from '@touchline/testkit';

export const BASE_DATABASE_URL = loadConfig().database.url;

/** A fresh, empty database for one benchmark, dropped afterwards. */
export const createBenchDatabase = (): Promise<{ url: string; drop: () => Promise<void> }> =>
  createScratchDatabase(BASE_DATABASE_URL, 'touchline_b');
