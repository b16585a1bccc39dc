import { createTouchlineClient, type Schemas, type TouchlineClient } from '@touchline/api-client';

type Problem = { title?: string; detail?: string };
type Answer = { error?: unknown; response: Response };

/** The paths a command posts to, with the body each takes (from the OpenAPI document). */
export type CommandBodies = {
  '/competitions': Schemas['DeclareCompetition'];
  '/ties': Schemas['ScheduleTie'];
  '/matches': Schemas['ScheduleMatch'];
};

export type CommandPath = keyof CommandBodies | `/matches/${string}/events`;
export type BodyOf<P extends CommandPath> = P extends keyof CommandBodies
  ? CommandBodies[P]
  : Schemas['RecordEventsBody'];

/**
 * The CLI talks to Touchline over its public HTTP API, like any other client: the typed client
 * generated from the OpenAPI document.
 */
export class ApiClient {
  readonly http: TouchlineClient;

  constructor(
    readonly baseUrl: string,
    key: string | undefined,
  ) {
    this.http = createTouchlineClient(baseUrl, { key });
  }

  /**
   * Schedules, declares or records events; a 2xx (an exact retry is a 200) is success, anything
   * else throws with the problem.
   */
  async command<P extends CommandPath>(path: P, body: BodyOf<P>): Promise<number> {
    const events = /^\/matches\/([^/]+)\/events$/.exec(path);
    const answer: Answer = events
      ? await this.http.POST('/matches/{matchId}/events', {
          params: { path: { matchId: decodeURIComponent(events[1]) } },
          body: body as Schemas['RecordEventsBody'],
        })
      : await this.http.POST(path as keyof CommandBodies, { body: body as never });
    return succeeded(`POST ${path}`, answer);
  }

  async ready(): Promise<{ ok: boolean; body: unknown }> {
    const { data, error } = await this.http.GET('/health/ready');
    return { ok: data !== undefined, body: data ?? error };
  }

  async projections(): Promise<Schemas['ProjectionsReport']> {
    const { data, error, response } = await this.http.GET('/admin/projections');
    if (!data) throw new Error(`GET /admin/projections → ${response.status} ${problemText(error)}`);
    return data;
  }

  async requestRebuild(): Promise<Schemas['RebuildRequested']> {
    const { data, error, response } = await this.http.POST('/admin/projections/rebuild');
    if (!data) throw new Error(`rebuild refused: ${response.status} ${problemText(error)}`);
    return data;
  }
}

function succeeded(what: string, { error, response }: Answer): number {
  if (response.status >= 300) throw new Error(`${what} → ${response.status} ${problemText(error)}`);
  return response.status;
}

function problemText(error: unknown): string {
  const p = (error ?? {}) as Problem;
  return `${p.title ?? ''}: ${p.detail ?? ''}`;
}
