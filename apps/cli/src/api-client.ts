/** The CLI talks to Touchline over its public HTTP API, like any other client. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string | undefined,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Posts a command; a 2xx or an exact-retry 200 is success, anything else throws with the problem. */
  async command(path: string, body: unknown): Promise<number> {
    const reply = await this.request<{ title?: string; detail?: string }>('POST', path, body);
    if (reply.status >= 300) {
      throw new Error(
        `POST ${path} → ${reply.status} ${reply.body?.title ?? ''}: ${reply.body?.detail ?? ''}`,
      );
    }
    return reply.status;
  }
}
