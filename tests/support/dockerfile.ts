import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { DockerfileParser, Instruction } from 'dockerfile-ast';

export interface Stage {
  name: string | null;
  image: string;
  workdir: string;
  instructions: Instruction[];
}

export interface CopyStep {
  stage: Stage;
  from: string | null;
  sources: string[];
  /** The destination, absolute (WORKDIR applied). */
  destination: string;
}

/** The Dockerfile split into its stages, in order. */
export function dockerfileStages(path: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(readFileSync(path, 'utf8')).getInstructions()) {
    const args = instruction.getArguments().map((a) => a.getValue());
    if (instruction.getKeyword() === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: as >= 0 ? args[as + 1] : null, image: args[0], workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    stage.instructions.push(instruction);
    if (instruction.getKeyword() === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, args[0]);
  }
  return stages;
}

export const keyword = (stage: Stage, word: string): Instruction[] =>
  stage.instructions.filter((i) => i.getKeyword() === word);

/** The text after the keyword and its flags, e.g. `bash scripts/build.sh` for a RUN. */
export const argumentsText = (i: Instruction): string =>
  i
    .getArguments()
    .map((a) => a.getValue())
    .join(' ');

const flagValue = (i: Instruction, name: string): string | null => {
  const flags =
    (
      i as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> }
    ).getFlags?.() ?? [];
  return flags.find((f) => f.getName() === name)?.getValue() ?? null;
};

/** Every COPY of every stage, with its destination resolved against the stage's WORKDIR then. */
export function copySteps(stages: Stage[]): CopyStep[] {
  return stages.flatMap((stage) => {
    let workdir = '/';
    const steps: CopyStep[] = [];
    for (const i of stage.instructions) {
      const args = i.getArguments().map((a) => a.getValue());
      if (i.getKeyword() === 'WORKDIR') workdir = posix.resolve(workdir, args[0]);
      if (i.getKeyword() !== 'COPY') continue;
      const target = args[args.length - 1];
      steps.push({
        stage,
        from: flagValue(i, 'from'),
        sources: args.slice(0, -1),
        destination: posix.resolve(workdir, target) + (target.endsWith('/') ? '/' : ''),
      });
    }
    return steps;
  });
}

/** Where a source file of a COPY lands in the image. */
export const copiedTo = (step: CopyStep, source: string): string =>
  step.destination.endsWith('/') ? posix.join(step.destination, posix.basename(source)) : step.destination;

/** The programs the image's entry point runs: `api` → `dist/apps/api/src/main.js`, … */
export function entrypointPrograms(entrypoint: string): Record<string, string> {
  return Object.fromEntries(
    [...entrypoint.matchAll(/^\s*(\w+)\) shift; exec node (\S+) "\$@" ;;$/gm)].map((m) => [m[1], m[2]]),
  );
}

/** The exec form of an instruction (`["node", "-e", "…"]`), e.g. HEALTHCHECK's command. */
export function execForm(i: Instruction): string[] {
  const match = /(\[.*\])\s*$/s.exec(i.getArgumentsContent() ?? '');
  if (!match) throw new Error(`${i.getKeyword()} is not in exec form`);
  return JSON.parse(match[1]) as string[];
}
