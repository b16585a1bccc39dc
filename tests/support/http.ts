import { createTouchlineClient, parseJson, sendRaw, type TouchlineClient } from '@touchline/api-client';
import { ContractChecker } from '@touchline/testkit';
import type { Middleware } from 'openapi-fetch';
import { FEEDER_KEY } from './system';

/** Every reply a test receives through this client is checked against docs/api/openapi.json. */
const contract = ContractChecker.fromRepository(__dirname);

const holdsToContract: Middleware = {
  async onResponse({ request, response }) {
    const contentType = response.headers.get('content-type');
    // A stream's answer is its status and headers; its body never ends.
    const streaming = (contentType ?? '').startsWith('text/event-stream');
    const text = streaming ? '' : await response.clone().text();
    const url = new URL(request.url);
    contract.check({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      status: response.status,
      contentType,
      body: streaming ? null : parseJson(text),
    });
    return undefined;
  },
};

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The tests' HTTP client: the generated, typed client (`api`, checked by the compiler against the
 * OpenAPI document) and, for requests a typed client cannot make (malformed JSON, wrong media
 * types, unknown routes), raw `get`/`post`/`send` over the same client. Every reply, either way,
 * is held to the contract at run time.
 */
export class Http {
  readonly api: TouchlineClient;

  constructor(
    private readonly baseUrl: string,
    key: string | null = FEEDER_KEY,
  ) {
    this.api = createTouchlineClient(baseUrl, { key });
    this.api.use(holdsToContract);
  }

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

  /** Any method, any path (query included), the body sent as the exact text given. */
  async send<T>(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const reply = await sendRaw(this.api, method, path, body, headers);
    return { status: reply.status, body: reply.body as T, headers: reply.headers };
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
