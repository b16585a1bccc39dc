import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ContractChecker } from '@touchline/testkit';
import { Http } from './support/http';
import { scheduleAndKickOff } from './support/matches';
import { metric, metricUntil } from './support/metrics';
import { ADMIN_KEY, CCC_FEEDER_KEY, FEEDER_KEY, TestSystem } from './support/system';
import { streamRecords } from './support/topic';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

// 10,000 requests take a minute or two on a busy machine: the limit only stops a hang.
jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const RUNS = 10000;
const CONCURRENCY = 16;
const SEED = Number(process.env.FUZZ_SEED ?? 20250410);

interface FuzzRequest {
  kind?: string;
  /** Streams only: the client goes this many ms after sending (0: at once), before or after the first byte. */
  abortAfterMs?: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Outcome {
  req: FuzzRequest;
  status: number;
  error?: string;
  /** How the answer breaks the OpenAPI document, if it does. */
  contract?: string[];
}

/** Error bodies are held to the document like every other answer: problem type, rule, fields. */
const contract = ContractChecker.fromRepository(__dirname);

/** The matches the fuzzer aims at: scheduled and kicked off, so that some mutants are accepted. */
const TARGETS = ['fz-1', 'fz-2', 'fz-3'];
const TARGET_TIE = 'fz-tie';

// ---- values -------------------------------------------------------------------------------

const printable = (maxLength: number) =>
  fc.string({ unit: 'binary-ascii', maxLength }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/** Lone surrogates cannot be percent-encoded; paths get the rest of Unicode. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udfff]/gu, '');

const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '⚽',
    'Müller',
    'Ødegaard',
    '\u0000',
    '\ud800',
    'é'.normalize('NFD'),
    '𝓜𝓮𝓼𝓼𝓲',
    'ـ'.repeat(50),
  ),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
  ),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: false }),
  fc.bigInt().map((n) => n.toString()),
  unicode,
  fc.constant('x'.repeat(10000)),
  fc.constantFrom(
    {},
    [],
    [null],
    { $gt: '' },
    { __proto__: { admin: true } },
    { constructor: { prototype: {} } },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const team = fc.constantFrom('MIA', 'LAFC');
const minute = fc.integer({ min: 0, max: 45 });

/** Well-formed events that a live first half may accept (with a fresh eventId, below). */
const anEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('OffsideCalled'), team, minute, player: fc.constant('Suárez') }),
  fc.record({
    type: fc.constant('GoalScored'),
    team,
    minute,
    player: fc.constantFrom('Messi', 'Bouanga'),
    kind: fc.constantFrom('open_play', 'penalty', 'free_kick', 'header', 'own_goal'),
  }),
  fc.record({
    type: fc.constant('CardShown'),
    team,
    minute,
    player: fc.constant('Busquets'),
    card: fc.constantFrom('yellow', 'red'),
  }),
  fc.record({
    type: fc.constant('SubstitutionMade'),
    team,
    minute,
    playerOff: fc.constant('A'),
    playerOn: fc.constant('B'),
  }),
  fc.record({
    type: fc.constant('VarReviewStarted'),
    minute,
    reviewId: fc.constant('r1'),
    incident: fc.constant('goal'),
  }),
  fc.record({
    type: fc.constant('VarReviewCompleted'),
    minute,
    reviewId: fc.constant('r1'),
    outcome: fc.constantFrom('confirmed', 'overturned'),
  }),
  fc.record({ type: fc.constant('PenaltyAwarded'), team, minute }),
  fc.record({
    type: fc.constant('PenaltyMissed'),
    team,
    minute,
    player: fc.constant('Messi'),
    outcome: fc.constant('saved'),
  }),
  fc.record({
    type: fc.constant('GoalDisallowed'),
    minute,
    goalEventId: fc.constant('nope'),
    reason: fc.constant('var'),
  }),
  fc.record({
    type: fc.constant('StoppageTimeAnnounced'),
    minute,
    period: fc.constant('1H'),
    added: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({
    type: fc.constant('EventCorrected'),
    minute,
    refEventId: fc.constant('nope'),
    changes: fc.constant({ player: 'X' }),
  }),
  fc.record({
    type: fc.constant('EventRetracted'),
    minute,
    refEventId: fc.constant('nope'),
    reason: fc.constant('typo'),
  }),
  fc.record({
    type: fc.constantFrom('PeriodStarted', 'PeriodEnded'),
    minute,
    period: fc.constantFrom('1H', '2H', 'ET1', 'PSO', 'XX'),
  }),
  fc.record({
    type: fc.constantFrom('MatchEnded', 'MatchAbandoned', 'ShootoutKick', 'Nonsense', '', '__proto__'),
    minute,
  }),
);
const validEvent: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.uuid(), anEvent)
  .map(([u, e]) => ({ eventId: `fz-${u}`, ...e }));

/** A copy of `base` with some fields replaced by junk, removed, or joined by unknown ones. */
function mutated(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.string({ maxLength: 12 }), value: junk }),
    fc.record({
      kind: fc.constant('delete' as const),
      key: fc.string({ maxLength: 12 }),
      value: fc.constant(null),
    }),
    fc.record({ kind: fc.constant('extra' as const), key: unicode, value: junk }),
  );
  return fc
    .tuple(base, fc.array(edit, { maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }))
    .map(([obj, edits, picks]) => {
      const out: Record<string, unknown> = { ...obj };
      const keys = Object.keys(obj);
      edits.forEach((e, i) => {
        const key = keys.length ? keys[picks[i] % keys.length] : e.key;
        if (e.kind === 'set') out[key] = e.value;
        else if (e.kind === 'delete') delete out[key];
        else out[String(e.key)] = e.value;
      });
      return out;
    });
}

const matchBody = mutated(
  fc.record({
    matchId: fc.oneof(
      fc.uuid().map((u) => `fzm-${u.slice(0, 8)}`),
      fc.constantFrom(...TARGETS),
      printable(70),
    ),
    competition: fc.constantFrom('FZ', 'CCC', ''),
    homeTeam: fc.record({ id: fc.constant('MIA'), name: fc.constant('Inter Miami CF') }),
    awayTeam: fc.record({ id: fc.constantFrom('LAFC', 'MIA'), name: fc.constant('LAFC') }),
    kickoffAt: fc.constantFrom('2025-04-02T02:30:00Z', 'yesterday', undefined),
    tieId: fc.constantFrom(TARGET_TIE, 'no-such-tie', undefined),
    leg: fc.constantFrom(1, 2, 3, 0, undefined),
  }),
);

const tieBody = mutated(
  fc.record({
    tieId: fc.oneof(
      fc.uuid().map((u) => `fzt-${u.slice(0, 8)}`),
      fc.constant(TARGET_TIE),
      printable(70),
    ),
    competition: fc.constantFrom('FZ', 'CCC'),
    legs: fc.oneof(
      fc.uuid().map((u) => [`fzl-${u.slice(0, 6)}-1`, `fzl-${u.slice(0, 6)}-2`]),
      fc.constant(['same', 'same']),
      fc.array(junk, { maxLength: 3 }),
    ),
    rules: mutated(
      fc.record({
        awayGoals: fc.constantFrom('none', 'regulation', 'extra_time', 'sometimes'),
        extraTime: fc.boolean(),
        penalties: fc.boolean(),
      }),
    ),
  }),
);

const competitionBody = mutated(
  fc.record({
    competitionId: fc.oneof(
      fc.uuid().map((u) => `fzc-${u.slice(0, 8)}`),
      fc.constantFrom('FZ', 'CCC'),
      printable(70),
    ),
    name: fc.oneof(printable(120), fc.constant('Fuzz Cup')),
    standings: mutated(
      fc.record({
        points: mutated(
          fc.record({ win: fc.integer({ min: -2, max: 5 }), draw: fc.constant(1), loss: junk }),
        ),
        tiebreakers: fc.constantFrom('fifa', 'uefa', 'league', 'coin', undefined),
      }),
    ),
  }),
);

/** A body as bytes on the wire: JSON of a value, or text that is not JSON at all. */
const rawBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '[',
    '{"a":',
    'null',
    'true',
    '0',
    '"x"',
    '[]',
    '{}',
    '{"__proto__":{"x":1}}',
    'NaN',
  ),
  fc.constantFrom('['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)),
  printable(200),
  unicode,
  fc.constant(JSON.stringify({ big: 'x'.repeat(1_100_000) })),
);

const eventsBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutated(validEvent).map((e) => JSON.stringify(e)) },
  { weight: 2, arbitrary: fc.array(mutated(validEvent), { maxLength: 6 }).map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: fc.array(junk, { maxLength: 6 }).map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: validEvent.map((e) => JSON.stringify({ ...e, expectedVersion: 'junk' })) },
  // Valid in JSON and to the rules, but text PostgreSQL cannot store: must never reach the log.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        validEvent,
        fc.constantFrom('eventId', 'player', 'team'),
        fc.constantFrom('\u0000', '\ud800', '\udfff'),
      )
      .map(([e, field, bad]) => JSON.stringify({ ...e, [field]: `${String(e[field] ?? '')}${bad}` })),
  },
  { weight: 1, arbitrary: rawBody },
);

// ---- requests -----------------------------------------------------------------------------

const matchId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TARGETS) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `unknown-${u.slice(0, 8)}`) },
  { weight: 2, arbitrary: fc.oneof(printable(80), unicode.map(wellFormed)).map(encodeURIComponent) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('%', '%ZZ', '%00', '..', '.', '-', 'a'.repeat(65), '%F0%9F', '%C0%AE'),
  },
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1',
    '3',
    '84',
    '90+3',
    '90 3',
    '90%2B3',
    '45+',
    '+3',
    '1e3',
    '0x10',
    '2147483648',
  ),
  fc.constantFrom('99999999999999999999', 'NaN', 'Infinity', 'null', '[]', '%', '%ZZ', 'true'),
  fc.constantFrom(
    '2025-04-10T02:31:00Z',
    '2025-13-45T99:99:99Z',
    '1970-01-01T00:00:00+00:00',
    '9999-12-31T23:59:59Z',
  ),
  printable(30).map(encodeURIComponent),
  unicode.map((s) => encodeURIComponent(wellFormed(s))),
);

/**
 * A query string of the endpoint's parameters and others. `minVersion` only gets values that are
 * not a reachable version: a real one above the projected version is a 503 by contract (docs/api.md, "Queries").
 */
const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'atSeq',
        'at',
        'asOf',
        'fromSeq',
        'limit',
        'speed',
        'minVersion',
        'x',
        'atSeq[]',
        'at[a]',
        'speed[0]',
      ),
      queryValue,
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs
      .map(([k, v]) => [k, k.startsWith('minVersion') && /^\d+$/.test(v) && v !== '0' ? `-${v}` : v])
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  )
  .map((q) => (q ? `?${q}` : ''));

const tieQueryString = fc
  .array(
    fc.constantFrom(
      'fz-1:0',
      'fz-1',
      ':3',
      'fz-1:-1',
      'fz-1:x',
      '%',
      'a:b:0',
      'fz-1:99999999999',
      // Valid, and reached (both legs are kicked off) or naming a stranger / nobody.
      'fz-1:1',
      'fz-2:2',
      'fz-3:1',
      'unknown-leg:1',
    ),
    { maxLength: 5 },
  )
  .map((vs) => (vs.length ? `?${vs.map((v) => `minVersion=${v}`).join('&')}` : ''));

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ authorization: `Bearer ${FEEDER_KEY}` }) },
  { weight: 1, arbitrary: fc.constant({ authorization: `Bearer ${CCC_FEEDER_KEY}` }) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x', `Bearer ${FEEDER_KEY} extra`)
      .map((authorization) => ({ authorization })),
  },
);

/** Present in about one request in `of`: most requests should get past the headers. */
const sometimes = <T>(arb: fc.Arbitrary<T>, of = 5): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: of - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const extraHeaders = fc
  .record({
    'if-match': sometimes(
      fc.oneof(
        fc.constantFrom('0', '1', '"3"', 'W/"3"', '*', '-1', '1e9', '99999999999999999999'),
        printable(20),
      ),
    ),
    'last-event-id': sometimes(
      fc.oneof(
        fc.constantFrom('0', '1', '-1', '1.5', '1e3', '0x10', '99999999999999999999', ' '),
        printable(20),
      ),
      3,
    ),
    'content-type': sometimes(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/problem+json',
        'multipart/form-data; boundary=x',
        '',
      ),
      8,
    ),
    accept: sometimes(fc.constantFrom('*/*', 'text/event-stream', 'application/xml', '')),
  })
  .map(
    (h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );

const post = (path: fc.Arbitrary<string>, body: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({ method: fc.constant('POST'), path, body, auth: authorization, extra: extraHeaders })
    .map(({ method, path, body, auth, extra }) => ({
      method,
      path,
      body,
      headers: { 'content-type': 'application/json', ...auth, ...extra },
    }));

const get = (path: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> =>
  fc.record({ path, extra: extraHeaders, auth: authorization }).map(({ path, extra, auth }) => {
    const headers: Record<string, string> = { ...auth, ...extra };
    delete headers['content-type'];
    return { method: 'GET', path, headers };
  });

const randomPath = fc
  .array(
    fc.oneof(
      fc.constantFrom('matches', 'ties', 'admin', 'projections', 'events', 'health', 'docs', 'fz-1'),
      printable(20),
    ),
    {
      maxLength: 5,
    },
  )
  .map((segs) => `/${segs.map(encodeURIComponent).join('/')}`);

const requests: Array<{ kind: string; weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }> = [
  {
    weight: 8,
    arbitrary: post(
      matchId.map((id) => `/matches/${id}/events`),
      eventsBody,
    ),
    kind: 'POST events',
  },
  {
    weight: 3,
    arbitrary: post(
      fc.constant('/matches'),
      fc.oneof(
        matchBody.map((b) => JSON.stringify(b)),
        rawBody,
      ),
    ),
    kind: 'POST /matches',
  },
  {
    weight: 2,
    arbitrary: post(
      fc.constant('/ties'),
      fc.oneof(
        tieBody.map((b) => JSON.stringify(b)),
        rawBody,
      ),
    ),
    kind: 'POST /ties',
  },
  {
    weight: 1,
    arbitrary: post(
      fc.constant('/competitions'),
      fc.oneof(
        competitionBody.map((b) => JSON.stringify(b)),
        rawBody,
      ),
    ),
    kind: 'POST /competitions',
  },
  {
    weight: 6,
    arbitrary: get(
      fc
        .tuple(
          matchId,
          fc.constantFrom('', '/timeline', '/events', '/state', '/replay', '/live'),
          queryString,
        )
        .map(([id, sub, q]) => `/matches/${id}${sub}${q}`),
    ),
    kind: 'GET match',
  },
  {
    weight: 2,
    arbitrary: get(
      fc
        .tuple(fc.oneof(fc.constant(TARGET_TIE), matchId), tieQueryString)
        .map(([id, q]) => `/ties/${id}${q}`),
    ),
    kind: 'GET tie',
  },
  {
    weight: 1,
    arbitrary: get(
      fc
        .tuple(fc.oneof(fc.constantFrom('FZ', 'CCC'), matchId), queryString)
        .map(([c, q]) => `/competitions/${c}/scorers${q}`),
    ),
    kind: 'GET scorers',
  },
  {
    weight: 1,
    arbitrary: get(
      fc
        .tuple(
          fc.oneof(fc.constantFrom('FZ', 'CCC'), matchId),
          fc.constantFrom('/standings', '/matches'),
          fc.oneof(
            queryString,
            tieQueryString,
            fc.constantFrom('?group=A', '?status=live', '?round=%00', '?group='),
          ),
        )
        .map(([c, sub, q]) => `/competitions/${c}${sub}${q}`),
    ),
    kind: 'GET standings and fixtures',
  },
  {
    weight: 1,
    arbitrary: get(
      fc.constantFrom(
        '/health',
        '/health/ready',
        '/metrics',
        '/docs',
        '/docs/openapi.json',
        '/admin/projections',
      ),
    ),
    kind: 'GET ops',
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        path: fc.oneof(
          randomPath,
          fc.constantFrom('/matches', '/ties', '/matches/fz-1/events', '/admin/projections/rebuild'),
        ),
        body: rawBody,
        auth: authorization,
        extra: extraHeaders,
      })
      .map(({ method, path, body, auth, extra }) => ({
        method,
        path,
        headers: { ...auth, ...extra },
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
      })),
    kind: 'any method, any path',
  },
];

/** `minVersion` a reader could really send: any version, on streams the log does not hold (404 at once). */
const unknownStreamMinVersion = get(
  fc
    .tuple(
      fc.uuid().map((u) => `nobody-${u.slice(0, 8)}`),
      fc.constantFrom('', '/timeline', '/events', '/state'),
      fc.integer({ min: 1, max: 2147483647 }),
    )
    .map(([id, sub, v]) => `/matches/${id}${sub}?minVersion=${v}`),
);

/** Streams opened and left at any moment: before the answer, right after it, or mid-stream. */
const abandonedStream = fc
  .record({
    path: fc
      .tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TARGETS) }, { weight: 1, arbitrary: matchId }),
        fc.constantFrom('/live', '/replay', '/replay?speed=0', '/replay?speed=1000', '/replay?speed=0.01'),
      )
      .map(([id, sub]) => `/matches/${id}${sub}`),
    lastEventId: fc.option(fc.oneof(fc.nat({ max: 60 }).map(String), printable(6)), { nil: undefined }),
    abortAfterMs: fc.constantFrom(0, 0, 1, 5, 20),
  })
  .map(({ path, lastEventId, abortAfterMs }): FuzzRequest => ({
    method: 'GET',
    path,
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
    abortAfterMs,
  }));

requests.push(
  { weight: 2, arbitrary: unknownStreamMinVersion, kind: 'GET minVersion of nobody' },
  { weight: 3, arbitrary: abandonedStream, kind: 'stream abandoned' },
);

const request: fc.Arbitrary<FuzzRequest> = fc.oneof(
  ...requests.map(({ kind, weight, arbitrary }) => ({
    weight,
    arbitrary: arbitrary.map((r) => ({ ...r, kind })),
  })),
);

async function send(baseUrl: string, req: FuzzRequest): Promise<Outcome> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), req.abortAfterMs ?? 15000);
  try {
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: ctrl.signal,
      redirect: 'manual',
    });
    // A stream's status and headers are the answer; its body never ends.
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      if (req.abortAfterMs) await new Promise((r) => setTimeout(r, req.abortAfterMs));
      await res.body?.cancel();
      return { req, status: res.status };
    }
    const text = await res.text();
    const violations = contract.violations({
      method: req.method,
      url: req.path,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: parseJson(text),
    });
    return { req, status: res.status, ...(violations.length ? { contract: violations } : {}) };
  } catch (err) {
    // A client that goes on purpose has no answer to judge; what it leaves behind is checked after.
    if (req.abortAfterMs !== undefined && ctrl.signal.aborted) return { req, status: -1 };
    return { req, status: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

const brief = (o: Outcome) => ({
  status: o.status,
  error: o.error,
  method: o.req.method,
  path: o.req.path.slice(0, 200),
  headers: o.req.headers,
  body: o.req.body?.slice(0, 300),
});

/** Guarantee 7 of docs/api.md by brute force: whatever arrives, no 5xx, no crash, no harm to other matches. */
describe('fuzzing every endpoint', () => {
  let system: TestSystem;
  let http: Http;
  const keep = `keep-${randomUUID().slice(0, 8)}`;
  const keepCompetition = `KEEP${randomUUID().slice(0, 4)}`;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
  });
  afterAll(() => system?.stop());

  async function keepSnapshot(): Promise<unknown> {
    const paths = [
      `/matches/${keep}`,
      `/matches/${keep}/timeline`,
      `/matches/${keep}/events`,
      `/matches/${keep}/state?atSeq=3`,
      `/competitions/${keepCompetition}/scorers`,
    ];
    const replies = await Promise.all(paths.map((p) => http.get(p)));
    const records = await streamRecords(system, `match:${keep}`);
    return { replies: replies.map((r) => ({ status: r.status, body: r.body })), records };
  }

  it(`answers ${RUNS} random and malformed requests without a 5xx, and leaves untargeted matches as they were`, async () => {
    await http.post('/ties', {
      tieId: TARGET_TIE,
      competition: 'FZ',
      legs: ['fz-1', 'fz-2'],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    });
    const mia = { id: 'MIA', name: 'Inter Miami CF' };
    const lafc = { id: 'LAFC', name: 'Los Angeles FC' };
    const legs = [
      { matchId: 'fz-1', homeTeam: mia, awayTeam: lafc, tieId: TARGET_TIE, leg: 1 },
      { matchId: 'fz-2', homeTeam: lafc, awayTeam: mia, tieId: TARGET_TIE, leg: 2 },
      { matchId: 'fz-3', homeTeam: mia, awayTeam: lafc },
    ];
    for (const leg of legs) {
      expect((await http.post('/matches', { competition: 'FZ', ...leg })).status).toBe(201);
      const ko = { eventId: `${leg.matchId}-ko`, type: 'PeriodStarted', period: '1H', minute: 0 };
      expect((await http.post(`/matches/${leg.matchId}/events`, ko)).status).toBe(201);
    }
    await scheduleAndKickOff(http, keep, keepCompetition);
    const keepEvents = [
      { eventId: 'k-g1', type: 'GoalScored', minute: 9, team: 'MIA', player: 'Messi', kind: 'free_kick' },
      { eventId: 'k-g2', type: 'GoalScored', minute: 30, team: 'LAFC', player: 'Bouanga', kind: 'open_play' },
      { eventId: 'k-d2', type: 'GoalDisallowed', minute: 31, goalEventId: 'k-g2', reason: 'offside' },
      { eventId: 'k-c1', type: 'CardShown', minute: 40, team: 'LAFC', player: 'Long', card: 'yellow' },
    ];
    expect((await http.post(`/matches/${keep}/events`, keepEvents)).status).toBe(201);
    await http.eventually(`/matches/${keep}?minVersion=6`, (r) => r.status === 200);
    const before = await keepSnapshot();

    const sampled = fc.sample(request, { numRuns: RUNS, seed: SEED });
    const outcomes: Outcome[] = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < sampled.length) outcomes.push(await send(system.baseUrl, sampled[next++]));
      }),
    );
    const elapsed = Date.now() - started;

    const statuses: Record<string, Record<number, number>> = {};
    for (const o of outcomes) {
      const byKind = (statuses[o.req.kind ?? '?'] ??= {});
      byKind[o.status] = (byKind[o.status] ?? 0) + 1;
    }
    process.stdout.write(
      `${JSON.stringify({ test: 'fuzz', seed: SEED, requests: outcomes.length, ms: elapsed, statuses })}\n`,
    );

    expect(outcomes.filter((o) => o.status >= 500 || o.status === 0).map(brief)).toEqual([]);
    expect(outcomes.filter((o) => o.contract).map((o) => ({ ...brief(o), contract: o.contract }))).toEqual(
      [],
    );
    expect(outcomes.filter((o) => o.req.kind === 'GET minVersion of nobody' && o.status !== 404)).toEqual([]);
    expect(system.api.running).toBe(true);
    // Every stream, however it was left, has let go of everything it held.
    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 0)).toBe(0);
    expect(await metric(system.baseUrl, 'touchline_live_feeds')).toBe(0);
    expect(await metric(system.baseUrl, 'touchline_min_version_waits')).toBe(0);
    expect((await http.get('/health')).status).toBe(200);
    expect(await keepSnapshot()).toEqual(before);

    // Whatever was accepted, the projector could store: it catches up, with nothing parked.
    await http
      .withKey(ADMIN_KEY)
      .eventually<{ projections: Array<{ lag: number }>; parked: unknown[] }>(
        '/admin/projections',
        (r) => r.status === 200 && r.body.projections.every((p) => p.lag === 0) && r.body.parked.length === 0,
      );
  });
});
