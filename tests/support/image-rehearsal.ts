import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { argumentsText, dockerfileStages, Stage } from './dockerfile';

export interface RehearsedImage {
  /** The image's WORKDIR, laid out in a folder of this machine. */
  appDir: string;
  /** The image's WORKDIR inside the image, e.g. `/app`. */
  workdir: string;
  /** What the image's ENV instructions set. */
  env: Record<string, string>;
}

/**
 * Lays out the Dockerfile's runtime stage in `into` without Docker: its COPY and RUN
 * instructions carried out in order, on this machine. The build stage is taken to be this
 * repository once `scripts/build.sh` has run (the build stage runs exactly that on a copy of it).
 * What it cannot rehearse: the base image itself, and the user the programs run as.
 */
export function rehearseRuntimeStage(root: string, into: string): RehearsedImage {
  const stages = dockerfileStages(join(root, 'Dockerfile'));
  const runtime = stages[stages.length - 1];
  const fsRoot = join(into, 'image');
  const onDisk = (path: string): string => join(fsRoot, path);
  const stageDir = (name: string | null): Stage | undefined => stages.find((s) => s.name === name);
  let workdir = '/';
  const env: Record<string, string> = {};
  for (const i of runtime.instructions) {
    const args = i.getArguments().map((a) => a.getValue());
    const flags = flagsOf(i);
    switch (i.getKeyword()) {
      case 'WORKDIR':
        workdir = posix.resolve(workdir, args[0]);
        mkdirSync(onDisk(workdir), { recursive: true });
        break;
      case 'ENV':
        for (const pair of args) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
        break;
      case 'COPY': {
        const target = args[args.length - 1];
        const destination = posix.resolve(workdir, target);
        const from = flags.from ? stageDir(flags.from) : undefined;
        for (const source of args.slice(0, -1)) {
          const local = from
            ? join(root, relative(from.workdir, posix.resolve(from.workdir, source)))
            : join(root, source);
          const to = target.endsWith('/')
            ? join(onDisk(destination), posix.basename(source))
            : onDisk(destination);
          mkdirSync(dirname(to), { recursive: true });
          cpSync(local, to, { recursive: true });
          if (flags.chmod) chmodSync(to, parseInt(flags.chmod, 8));
        }
        break;
      }
      case 'RUN':
        execFileSync('bash', ['-c', argumentsText(i)], {
          cwd: onDisk(workdir),
          env: { ...process.env, ...env, npm_config_prefer_offline: 'true' },
          stdio: 'pipe',
        });
        break;
    }
  }
  return { appDir: onDisk(workdir), workdir, env };
}

function flagsOf(i: unknown): Record<string, string> {
  const flags =
    (i as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> }).getFlags?.() ?? [];
  return Object.fromEntries(flags.map((f) => [f.getName(), f.getValue() ?? '']));
}
