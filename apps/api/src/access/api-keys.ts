import { createHash } from 'node:crypto';

export type Role = 'feeder' | 'admin';

export interface Principal {
  role: Role;
  /** Competitions a feeder key is limited to; null = all. */
  competitions: string[] | null;
  /** A stable, non-secret identity for the key, recorded with every event it posts. */
  id: string;
}

/** Parses TOUCHLINE_API_KEYS: comma-separated `role:key`, or `feeder@CCC|UCL:key` for scoped feeders. */
export function parseApiKeys(spec: string): Map<string, Principal> {
  const keys = new Map<string, Principal>();
  for (const raw of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = raw.indexOf(':');
    if (sep <= 0 || sep === raw.length - 1)
      throw new Error(`TOUCHLINE_API_KEYS: '${raw.slice(0, 20)}…' is not role:key`);
    const [roleSpec, key] = [raw.slice(0, sep), raw.slice(sep + 1)];
    const [role, scope] = roleSpec.split('@');
    if (role !== 'feeder' && role !== 'admin') throw new Error(`TOUCHLINE_API_KEYS: unknown role '${role}'`);
    const competitions = scope ? scope.split('|').filter(Boolean) : null;
    const id = `${role}:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
    keys.set(key, { role, competitions: role === 'admin' ? null : competitions, id });
  }
  return keys;
}

export const hasRole = (p: Principal, needed: Role): boolean => p.role === 'admin' || p.role === needed;

export const mayFeed = (p: Principal, competition: string): boolean =>
  p.competitions === null || p.competitions.includes(competition);
