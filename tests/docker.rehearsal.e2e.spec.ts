import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, NodeProcess } from '@touchline/testkit';
import { ComposeFile, ComposeService, composeConfig } from './support/compose';
import { createTestDatabase } from './support/database';
import { entrypointPrograms, execForm, keyword, dockerfileStages } from './support/dockerfile';
import { Http } from './support/http';
import { RehearsedImage, rehearseRuntimeStage } from './support/image-rehearsal';

/**
 * `docker compose up`, rehearsed without Docker: the image's runtime stage laid out from the
 * Dockerfile (production dependencies only), its programs started with the environment the
 * compose file gives them, ready by the image's own HEALTHCHECK command, and the compose file's
 * demo loader run — on the real Kafka and PostgreSQL, with only the addresses made local.
 */
const ROOT = join(__dirname, '..');
const run = promisify(execFile);

jest.setTimeout(600_000); // generous limits that only stop a hang: npm ci, Kafka group joins

describe('the Docker image, rehearsed without Docker', () => {
  let dir: string;
  let image: RehearsedImage;
  let compose: ComposeFile;
  let programs: Record<string, string>;
  let api: NodeProcess;
  let projector: NodeProcess;
  let dropDatabase: () => Promise<void>;
  let local: Record<string, string>;
  let apiPort: number;
  let metricsPort: number;

  /** A service's compose environment, with the containers' addresses replaced by this machine's. */
  const envOf = (service: ComposeService, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...image.env,
    ...Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v ?? '')])),
    ...local,
    ...extra,
  });
  const start = (program: string, env: NodeJS.ProcessEnv): NodeProcess => {
    const p = new NodeProcess(program, join(image.appDir, programs[program]), env);
    p.start();
    return p;
  };
  /** Runs a health check's command in the image's folder until it passes (the process must stay up). */
  const healthy = async (command: string[], service: NodeProcess, env: NodeJS.ProcessEnv): Promise<void> => {
    const [program, ...args] = command;
    expect(program).toBe('node');
    // A bound that only stops a hang; the loop ends as soon as the check passes.
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (!service.running) throw new Error(`${service.name} exited:\n${service.logs()}`);
      const ok = await run(process.execPath, args, {
        cwd: image.appDir,
        env: { ...process.env, ...env },
      }).then(
        () => true,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${service.name} never passed its health check:\n${service.logs()}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchline-image-'));
    image = rehearseRuntimeStage(ROOT, dir);
    programs = entrypointPrograms(readFileSync(join(ROOT, 'docker', 'entrypoint.sh'), 'utf8'));
    const envFile = join(dir, '.env');
    await run('bash', [join(ROOT, 'scripts', 'docker-env.sh'), envFile]);
    const resolved = composeConfig(ROOT, 'docker-compose.yml', envFile);
    if (!resolved.config) throw new Error(resolved.errors);
    compose = resolved.config;
    const db = await createTestDatabase();
    dropDatabase = db.drop;
    apiPort = await freePort();
    metricsPort = await freePort();
    const id = randomUUID().slice(0, 8);
    local = {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      DATABASE_URL: db.url,
      KAFKA_TOPIC: `touchline-image-${id}`,
      KAFKA_PARTITIONS: '4',
      PROJECTOR_GROUP: `touchline-image-projector-${id}`,
      HOST: '127.0.0.1',
    };
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), projector?.stop()]);
    await dropDatabase?.().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds production dependencies only, and everything the programs run from', () => {
    const modules = join(image.appDir, 'node_modules');
    for (const runtime of ['kafkajs', 'pg', '@nestjs/core', 'node-pg-migrate'])
      expect(existsSync(join(modules, runtime))).toBe(true);
    for (const dev of ['typescript', 'jest', '@swc/core', 'dockerfile-utils'])
      expect(existsSync(join(modules, dev))).toBe(false);
    for (const main of Object.values(programs)) expect(existsSync(join(image.appDir, main))).toBe(true);
  });

  it('starts the projector and the API as compose does, both healthy by their own checks', async () => {
    const projectorEnv = envOf(compose.services.projector, { PROJECTOR_METRICS_PORT: String(metricsPort) });
    projector = start('projector', projectorEnv);
    const projectorCheck = (compose.services.projector.healthcheck?.test ?? []).slice(1);
    // The check asks the projector's default metrics port; here it listens on a free one.
    expect(projectorCheck.join(' ')).toContain('127.0.0.1:9464/health');
    await healthy(
      projectorCheck.map((arg) => arg.replace('127.0.0.1:9464', `127.0.0.1:${metricsPort}`)),
      projector,
      projectorEnv,
    );
    const apiEnv = envOf(compose.services.api, { PORT: String(apiPort) });
    api = start('api', apiEnv);
    const runtime = dockerfileStages(join(ROOT, 'Dockerfile')).pop();
    const [check] = keyword(runtime!, 'HEALTHCHECK');
    await healthy(execForm(check), api, apiEnv);
  });

  it('loads the demo tie and group with the compose one-shot command, and the projector folds them', async () => {
    const [program, ...args] = compose.services.demo.command ?? [];
    const url = `http://127.0.0.1:${apiPort}`;
    const localArgs = args.map((a) => (a.startsWith('http://api:') ? url : a));
    await run(process.execPath, [join(image.appDir, programs[program]), ...localArgs], {
      cwd: image.appDir,
      env: { ...process.env, ...envOf(compose.services.demo) },
    });
    const tie = await new Http(url, null).eventually<{ decided: boolean }>(
      '/ties/ccc-2025-qf-lafc-mia',
      (r) => r.status === 200 && r.body.decided === true,
      60000,
    );
    expect(tie.body.decided).toBe(true);
    const group = await new Http(url, null).eventually<{ tables: Array<{ rows: Array<{ team: string }> }> }>(
      '/competitions/WC2018/standings',
      (r) => r.status === 200 && r.body.tables?.[0]?.rows.length === 4,
      60000,
    );
    expect(group.body.tables[0].rows.map((r) => r.team).sort()).toEqual(['COL', 'JPN', 'POL', 'SEN']);
  });

  it('serves the match centre from the image, with every file its page asks for', async () => {
    const http = new Http(`http://127.0.0.1:${apiPort}`, null);
    const page = await http.get<string>('/centre/ties/ccc-2025-qf-lafc-mia');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="(\/centre\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets)
      expect({ asset, status: (await http.get(asset)).status }).toEqual({ asset, status: 200 });
  });
});
