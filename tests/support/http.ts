import { FEEDER_KEY } from './system';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client for tests: JSON in, JSON (or problem+json) out. */
export class Http {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string | null = FEEDER_KEY,
  ) {}

  withKey(key: string | null): Http {
    return new Http(this.baseUrl, key);
  }

  async get<T = Record<string, unknown>>(path: string): Promise<Reply<T>> {
    return this.send<T>('GET', path);
  }

  async post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    return this.send<T>('POST', path, typeof body === 'string' ? body : JSON.stringify(body), headers);
  }

  async send<T>(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
        ...headers,
      },
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Polls until `check` holds for the reply (projections are eventually consistent). */
  async eventually<T = Record<string, unknown>>(
    path: string,
    check: (r: Reply<T>) => boolean,
    timeoutMs = 60000,
  ): Promise<Reply<T>> {
    const deadline = Date.now() + timeoutMs;
    let last: Reply<T> | undefined;
    while (Date.now() < deadline) {
      last = await this.get<T>(path);
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `condition not met for GET ${path}; last reply ${last?.status}: ${JSON.stringify(last?.body)}`,
    );
  }
}
