import { createHmac } from 'node:crypto';
import { STREAM_ID_PATTERN } from '@touchline/domain';

export type Role = 'feeder' | 'admin';

export interface Principal {
  role: Role;
  /** Competitions a feeder key is limited to; null = all. */
  competitions: string[] | null;
  /** A stable identity for the key, recorded with every event it posts; it cannot be turned back into the key. */
  id: string;
}

/** TOUCHLINE_API_KEYS cannot be used as given; the message names the entry, never the key. */
export class ApiKeysError extends Error {}

/** `role:<16 hex of HMAC-SHA256(secret, key)>`: without the server's secret, guessing keys offline is useless. */
export const keyIdentity = (role: Role, key: string, secret: string): string =>
  `${role}:${createHmac('sha256', secret).update(key).digest('hex').slice(0, 16)}`;

/**
 * Parses TOUCHLINE_API_KEYS: comma-separated `role:key`, or `feeder@CCC|UCL:key` for a feeder
 * limited to competitions. Strict: blanks around parts are trimmed, and an entry that would not
 * do what it says (an empty scope, a scoped admin, a key given twice, a key with spaces) is
 * refused, with a message that names the entry by its position and role.
 */
export function parseApiKeys(spec: string, secret: string): Map<string, Principal> {
  const keys = new Map<string, Principal>();
  const entries = new Map<string, number>();
  spec.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    if (!entry) return;
    const where = `TOUCHLINE_API_KEYS entry ${index + 1}`;
    const sep = entry.indexOf(':');
    const roleSpec = sep < 0 ? entry : entry.slice(0, sep).trim();
    const key = sep < 0 ? '' : entry.slice(sep + 1).trim();
    const [role, ...scopes] = roleSpec.split('@').map((s) => s.trim());
    // Only a known role is echoed: anything else might be a key pasted in the wrong place.
    const name = sep >= 0 && (role === 'feeder' || role === 'admin') ? `${where} (${role})` : where;
    if (sep < 0 || !key) throw new ApiKeysError(`${name}: expected role:key, e.g. feeder:<key>`);
    if (role !== 'feeder' && role !== 'admin') {
      throw new ApiKeysError(`${name}: unknown role; roles are feeder and admin`);
    }
    if (/\s/.test(key)) throw new ApiKeysError(`${name}: a key cannot contain spaces`);
    if (scopes.length > 1) throw new ApiKeysError(`${name}: one '@' at most, e.g. feeder@CCC|UCL:<key>`);
    const competitions = scopes.length ? scopes[0].split('|').map((c) => c.trim()) : null;
    if (competitions && role === 'admin') {
      throw new ApiKeysError(`${name}: an admin key cannot be limited to competitions`);
    }
    const bad = competitions?.find((c) => !STREAM_ID_PATTERN.test(c));
    if (bad !== undefined) {
      throw new ApiKeysError(
        `${name}: '${bad}' is not a competition code; list them as feeder@CCC|UCL:<key>`,
      );
    }
    const earlier = entries.get(key);
    if (earlier !== undefined) {
      throw new ApiKeysError(`${name}: this key is already given to entry ${earlier}`);
    }
    entries.set(key, index + 1);
    keys.set(key, { role, competitions, id: keyIdentity(role, key, secret) });
  });
  return keys;
}

export const hasRole = (p: Principal, needed: Role): boolean => p.role === 'admin' || p.role === needed;

export const mayFeed = (p: Principal, competition: string): boolean =>
  p.competitions === null || p.competitions.includes(competition);
