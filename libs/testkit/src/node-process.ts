import { ChildProcess, spawn } from 'node:child_process';

/** A compiled script (dist/...) run as a real process, its output kept for diagnostics. */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private readonly output: string[] = [];

  constructor(
    readonly name: string,
    private readonly script: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn(process.execPath, [...this.nodeArgs, this.script], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, 100);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
  }

  /** SIGTERM (graceful) by default, SIGKILL to simulate a crash; SIGKILL anyway after `killAfterMs`. Resolves the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 20000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  logs(): string {
    return this.output.join('');
  }
}
