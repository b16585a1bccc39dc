import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './processes';

const run = promisify(execFile);

async function postgresBin(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[versions.length - 1], 'bin');
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
async function asPostgres(bin: string, args: string[]): Promise<void> {
  if (process.getuid?.() !== 0) {
    await run(bin, args);
    return;
  }
  const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  await run('su', ['postgres', '-s', '/bin/bash', '-c', quoted]);
}

/**
 * A PostgreSQL server of the test's own (initdb into a temp dir, trust auth, a free port), so
 * that a test can restart it without touching the machine's server other suites use.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const bin = await postgresBin();
    const dir = await mkdtemp(join(tmpdir(), 'touchline-pg-'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await asPostgres(join(bin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const server = new PrivatePostgres(bin, dir, await freePort());
    await server.up();
    return server;
  }

  /** A connection string to `database` on this server. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  async up(): Promise<void> {
    await asPostgres(join(this.bin, 'pg_ctl'), [
      '-D',
      this.dir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-h 127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown: open transactions are rolled back and every client is disconnected. */
  async down(): Promise<void> {
    await asPostgres(join(this.bin, 'pg_ctl'), ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
