import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface CentreAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Where the build puts the page (dist/centre), seen from dist/apps/api/src/centre. */
export const DEFAULT_CENTRE_DIR = join(__dirname, '..', '..', '..', '..', 'centre');

/**
 * The match centre's files, read once at start-up (a few tens of kB). Only files that exist in
 * the build folder with a known type can be asked for: a path from a request never reaches the
 * file system.
 */
export class CentreAssets {
  private readonly files = new Map<string, CentreAsset>();

  constructor(dir: string = DEFAULT_CENTRE_DIR) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (!contentType) continue;
      const body = readFileSync(join(dir, name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      this.files.set(name, { body, contentType, etag });
    }
  }

  get(name: string): CentreAsset | undefined {
    return this.files.get(name);
  }
}
