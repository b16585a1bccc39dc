import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { validate, ValidationSeverity, ValidatorSettings } from 'dockerfile-utils';
import { XMLParser } from 'fast-xml-parser';
import { loadConfig } from '@touchline/platform';
import { parseApiKeys } from '../apps/api/src/access/api-keys';
import { ComposeFile, ComposeService, composeConfig } from './support/compose';
import { configEnvNames } from './support/config-env';
import {
  argumentsText,
  copiedTo,
  copySteps,
  dockerfileStages,
  entrypointPrograms,
  execForm,
  keyword,
} from './support/dockerfile';

/**
 * The Docker path, checked without a Docker engine: the Dockerfile (linted, parsed), the
 * compose file (resolved and validated by Compose itself), and how both agree with the rest of
 * the repository — the build script, the Kafka version, the configuration, the demo data.
 */
const ROOT = join(__dirname, '..');
const file = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const IMAGE_WORKDIR = '/app';

describe('Dockerfile', () => {
  const stages = dockerfileStages(join(ROOT, 'Dockerfile'));
  const build = stages[0];
  const runtime = stages[stages.length - 1];

  it('passes the Dockerfile linter with every rule raised to an error', () => {
    const everyRule: ValidatorSettings = {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    };
    const problems = validate(file('Dockerfile'), everyRule).map(
      (d) => `line ${d.range.start.line + 1}: ${d.message}`,
    );
    expect(problems).toEqual([]);
  });

  it('builds in one stage with the quickstart build script, and runs from another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBeTruthy();
    expect(keyword(build, 'RUN').map(argumentsText)).toEqual(['bash scripts/build.sh']);
    // The quickstart and the tests build with the same script, and nothing else compiles.
    for (const script of ['scripts/start.sh', 'scripts/test.sh']) {
      expect(file(script)).toMatch(/^bash scripts\/build\.sh$/m);
      expect(file(script)).not.toMatch(/npm run -s build|npm ci/);
    }
    expect(file('scripts/build.sh')).toMatch(/^npm run -s build$/m);
    expect(JSON.parse(file('package.json')).scripts.start).toBe('bash scripts/start.sh');
  });

  it('runs slim, with production dependencies and dist/ only, as a user that is not root', () => {
    expect(runtime.image).toMatch(/^node:20[-.\w]*-slim$/);
    expect(runtime.workdir).toBe(IMAGE_WORKDIR);
    expect(keyword(runtime, 'RUN').map(argumentsText)).toEqual(['npm ci --omit=dev --no-audit --no-fund']);
    const copies = copySteps([runtime]);
    expect(copies.filter((c) => c.from === build.name).map((c) => c.sources)).toEqual([
      [`${build.workdir}/dist`],
    ]);
    // Nothing else from the build context but named files and folders (never the whole of it).
    for (const c of copies.filter((c) => c.from === null)) expect(c.sources).not.toContain('.');
    const users = keyword(runtime, 'USER').map(argumentsText);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('keeps secrets out of the image and its build context', () => {
    const secretLike = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL/i;
    for (const stage of stages) {
      for (const i of [...keyword(stage, 'ENV'), ...keyword(stage, 'ARG')]) {
        expect(argumentsText(i)).not.toMatch(secretLike);
      }
    }
    const ignored = dockerignore().add(file('.dockerignore'));
    for (const path of [
      '.env',
      '.env.local',
      '.touchline/keys.env',
      '.git/config',
      'node_modules/pg/package.json',
      'dist/apps/api/src/main.js',
      '.infra/kafka/libs/x.jar',
    ]) {
      expect({ path, ignored: ignored.ignores(path) }).toEqual({ path, ignored: true });
    }
  });

  it('copies only files that exist and that the build context keeps', () => {
    const ignored = dockerignore().add(file('.dockerignore'));
    const sources = copySteps(stages)
      .filter((c) => c.from === null)
      .flatMap((c) => c.sources.filter((s) => s !== '.'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: ignored.ignores(source) }).toEqual({
        source,
        exists: true,
        ignored: false,
      });
    }
    // The build script the image runs is in the context too.
    expect(ignored.ignores('scripts/build.sh')).toBe(false);
  });

  it('checks the API is ready with node itself (no curl in the image)', () => {
    const [check] = keyword(runtime, 'HEALTHCHECK');
    const [program, flag, script] = execForm(check);
    expect([program, flag]).toEqual(['node', '-e']);
    expect(script).toContain('/health/ready');
    const text = argumentsText(check);
    expect(text).not.toMatch(/curl|wget/);
  });

  it('is one image for the API, the projector and the command line', () => {
    const entrypoint = file('docker/entrypoint.sh');
    const programs = entrypointPrograms(entrypoint);
    expect(programs).toEqual({
      api: 'dist/apps/api/src/main.js',
      projector: 'dist/apps/projector/src/main.js',
      cli: 'dist/apps/cli/src/main.js',
    });
    for (const main of Object.values(programs)) expect(existsSync(join(ROOT, main))).toBe(true);
    expect(entrypoint).toContain(`cd ${IMAGE_WORKDIR}`);
    const installed = copySteps([runtime]).find((c) => c.sources.includes('docker/entrypoint.sh'));
    expect(keyword(runtime, 'ENTRYPOINT').map(argumentsText)).toEqual([`["${installed?.destination}"]`]);
    expect(keyword(runtime, 'CMD').map(argumentsText)).toEqual(['["api"]']);
  });

  it('ships the read-model migrations where the programs look for them', () => {
    const migrations = copySteps([runtime]).find((c) => c.sources.includes('libs/read-models/migrations'));
    // dist/libs/read-models/src/migrate.js looks for libs/read-models/migrations above itself.
    expect(migrations?.destination).toBe(`${IMAGE_WORKDIR}/libs/read-models/migrations`);
  });
});

describe('docker-compose.yml', () => {
  let dir: string;
  let envFile: string;
  let env: Record<string, string>;
  let compose: ComposeFile;
  const ours = (): Array<[string, ComposeService]> =>
    Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'touchline-compose-'));
    envFile = join(dir, '.env');
    execFileSync('bash', [join(ROOT, 'scripts', 'docker-env.sh'), envFile], { stdio: 'pipe' });
    env = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const resolved = composeConfig(ROOT, 'docker-compose.yml', envFile);
    if (!resolved.ok || !resolved.config) throw new Error(`compose refused the file:\n${resolved.errors}`);
    compose = resolved.config;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates an .env with a fresh random value for each key, the secret and the password', () => {
    expect(Object.keys(env).sort()).toEqual([
      'ADMIN_KEY',
      'FEEDER_KEY',
      'POSTGRES_PASSWORD',
      'TOUCHLINE_IDENTITY_SECRET',
    ]);
    for (const value of Object.values(env)) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(Object.values(env)).size).toBe(4);
    // .env stays out of git; its template is committed.
    expect(execFileSync('git', ['check-ignore', '.env'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(
      '.env',
    );
    expect(spawnSync('git', ['check-ignore', '-q', '.env.example'], { cwd: ROOT }).status).toBe(1);
  });

  it('keeps the values of an existing .env and adds only the settings it lacks', () => {
    const older = join(dir, 'older.env');
    writeFileSync(older, 'FEEDER_KEY=kept-feeder\nADMIN_KEY=kept-admin\nPOSTGRES_PASSWORD=kept-password\n');
    execFileSync('bash', [join(ROOT, 'scripts', 'docker-env.sh'), older], { stdio: 'pipe' });
    const lines = readFileSync(older, 'utf8').trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'FEEDER_KEY=kept-feeder',
      'ADMIN_KEY=kept-admin',
      'POSTGRES_PASSWORD=kept-password',
    ]);
    expect(lines.slice(3)).toEqual([expect.stringMatching(/^TOUCHLINE_IDENTITY_SECRET=[0-9a-f]{64}$/)]);
  });

  it('is refused without the keys: nothing runs with a default secret', () => {
    const refused = composeConfig(ROOT, 'docker-compose.yml', join(ROOT, '.env.example'));
    expect(refused.ok).toBe(false);
    expect(refused.errors).toMatch(
      /set (FEEDER_KEY|ADMIN_KEY|TOUCHLINE_IDENTITY_SECRET|POSTGRES_PASSWORD) in \.env/,
    );
  });

  it('runs Kafka in the version the quickstart fetches (infra/kafka/pom.xml)', () => {
    const pom = new XMLParser().parse(file('infra/kafka/pom.xml')) as {
      project: {
        properties: Record<string, string>;
        dependencies: { dependency: Array<{ artifactId: string; version: string }> };
      };
    };
    const declared =
      pom.project.dependencies.dependency.find((d) => d.artifactId.startsWith('kafka_'))?.version ?? '';
    const version = declared.replace(/^\$\{(.+)\}$/, (_, name: string) => pom.project.properties[name]);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(compose.services.kafka.image).toBe(`apache/kafka:${version}`);
    expect(compose.services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    // The log lives on the named volume, so it outlives the container.
    const kafka = compose.services.kafka as ComposeService & { volumes?: unknown[] };
    const logDirs = String(kafka.environment?.KAFKA_LOG_DIRS);
    expect((kafka.volumes ?? []).map(volumeTarget)).toContain(logDirs);
  });

  it('sets only settings that the configuration reads, with values it accepts', () => {
    const known = configEnvNames(ROOT);
    expect([...known]).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'DATABASE_URL', 'TOUCHLINE_API_KEYS']),
    );
    expect(
      ours()
        .map(([name]) => name)
        .sort(),
    ).toEqual(['api', 'demo', 'projector']);
    for (const [name, service] of ours()) {
      const set = Object.keys(service.environment ?? {});
      expect({ service: name, unknown: set.filter((k) => !known.has(k)) }).toEqual({
        service: name,
        unknown: [],
      });
      expect(() => loadConfig(stringEnv(service))).not.toThrow();
    }
    const api = loadConfig(stringEnv(compose.services.api));
    expect(api.kafka.brokers).toEqual(['kafka:9092']);
    expect(new URL(api.database.url).host).toBe('postgres:5432');
    expect(decodeURIComponent(new URL(api.database.url).password)).toBe(env.POSTGRES_PASSWORD);
    expect(api.identitySecret).toBe(env.TOUCHLINE_IDENTITY_SECRET);
    const keys = parseApiKeys(api.apiKeys, api.identitySecret);
    expect(keys.get(env.FEEDER_KEY)?.role).toBe('feeder');
    expect(keys.get(env.ADMIN_KEY)?.role).toBe('admin');
  });

  it('starts every service only once what it needs is healthy', () => {
    const healthChecked = (name: string): boolean => {
      const s = compose.services[name];
      if (s.healthcheck?.disable || s.healthcheck?.test?.[0] === 'NONE') return false;
      return s.healthcheck?.test !== undefined || s.build !== undefined; // the image's HEALTHCHECK
    };
    for (const name of ['kafka', 'postgres', 'projector', 'api'])
      expect({ name, checked: healthChecked(name) }).toEqual({ name, checked: true });
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [needed, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, needed, condition, checked: healthChecked(needed) }).toEqual({
          name,
          needed,
          condition: 'service_healthy',
          checked: true,
        });
      }
    }
    expect(Object.keys(compose.services.api.depends_on ?? {}).sort()).toEqual(['kafka', 'postgres']);
    expect(Object.keys(compose.services.projector.depends_on ?? {}).sort()).toEqual(['kafka', 'postgres']);
  });

  it('runs one API instance, published on the host (more need their own advertised URLs)', () => {
    const api = compose.services.api as ComposeService & { deploy?: { replicas?: number }; scale?: number };
    expect(api.deploy?.replicas ?? 1).toBe(1);
    expect(api.scale ?? 1).toBe(1);
    expect((api.ports ?? []).map(portMapping)).toEqual([
      { hostIp: '127.0.0.1', published: '3000', target: '3000' },
    ]);
    expect(file('docker-compose.yml')).toMatch(/each needs its own\s+#\s+TOUCHLINE_ADVERTISED_URL/);
  });

  it('loads the quickstart demo data once, through the API, with the command line and files in the image', () => {
    const demo = compose.services.demo;
    expect(demo.restart).toBe('no');
    expect(demo.depends_on?.api.condition).toBe('service_healthy');
    const [program, ...args] = demo.command ?? [];
    expect(program).toBe('cli');
    expect(args.slice(0, 5)).toEqual([
      '--url',
      `http://api:${loadConfig({}).port}`,
      '--key',
      env.FEEDER_KEY,
      'seed',
    ]);
    const shipped = copySteps(dockerfileStages(join(ROOT, 'Dockerfile')))
      .filter((c) => c.from === null)
      .flatMap((c) => c.sources.map((source) => ({ source, at: copiedTo(c, source) })));
    const seeded = args
      .slice(5)
      .map((path) => shipped.find((c) => c.at === posix.join(IMAGE_WORKDIR, path))?.source);
    // The same files as the quickstart seeds (scripts/start.sh), copied into the image.
    const quickstart = [
      ...file('scripts/start.sh').matchAll(/ seed ((?:tests\/fixtures\/[\w.-]+\.json\s*)+)/g),
    ].flatMap((m) => m[1].trim().split(/\s+/));
    expect(quickstart.length).toBeGreaterThan(0);
    expect(seeded).toEqual(quickstart);
  });
});

const stringEnv = (s: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));

/** A published port, from the short syntax (`127.0.0.1:3000:3000/tcp`) or the long one. */
function portMapping(port: unknown): { hostIp: string; published: string; target: string } {
  if (typeof port === 'string') {
    const [hostIp, published, target] = port.replace(/\/tcp$/, '').split(':');
    return { hostIp, published, target };
  }
  const p = port as { host_ip?: string; published?: string | number; target?: string | number };
  return { hostIp: p.host_ip ?? '', published: String(p.published), target: String(p.target) };
}

/** Where a volume is mounted, from the short syntax (`name:/path:rw`) or the long one. */
const volumeTarget = (volume: unknown): string =>
  typeof volume === 'string' ? volume.split(':')[1] : String((volume as { target?: string }).target);
