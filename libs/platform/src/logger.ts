import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout; one child per component. */
export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
