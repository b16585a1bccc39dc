import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';

/** A Compose implementation that validates and resolves a file without a Docker engine. */
function composeCommand(): string[] {
  for (const cmd of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(cmd[0], [...cmd.slice(1), 'version'], { stdio: 'ignore' });
    if (probe.status === 0) return cmd;
  }
  throw new Error('no docker-compose (nor docker compose): bash scripts/test-tools.sh installs it');
}

export interface ComposeResult {
  ok: boolean;
  /** The file as Compose resolves it: variables interpolated, anchors and merges applied. */
  config?: ComposeFile;
  errors: string;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: unknown[];
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * Runs `compose config` on the file with only the given env file as its variables (no other
 * environment leaks in), as `docker compose up` would resolve it.
 */
export function composeConfig(root: string, file: string, envFile: string): ComposeResult {
  const [cmd, ...prefix] = composeCommand();
  const run = spawnSync(
    cmd,
    [...prefix, '--project-directory', root, '-f', file, '--env-file', envFile, 'config'],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) return { ok: false, errors: `${run.stderr}${run.stdout}` };
  return { ok: true, config: parse(run.stdout) as ComposeFile, errors: run.stderr };
}
