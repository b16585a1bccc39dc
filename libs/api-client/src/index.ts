import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './openapi';

/**
 * A typed client of the Touchline HTTP API: openapi-fetch over the types that openapi-typescript
 * generates from the OpenAPI document (`npm run api:generate`). Paths, parameters, bodies and
 * answers are checked by the compiler against the document.
 */
export type { components, operations, paths };
export type Schemas = components['schemas'];
export type TouchlineClient = Client<paths>;

export interface ClientOptions {
  /** A key from TOUCHLINE_API_KEYS: sent as `Authorization: Bearer <key>`. */
  key?: string | null;
  fetch?: typeof fetch;
}

export function createTouchlineClient(baseUrl: string, options: ClientOptions = {}): TouchlineClient {
  return createClient<paths>({
    baseUrl,
    headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** openapi-fetch's request, called with a path the document may not have (the typed form refuses those). */
type RawRequest = (
  method: string,
  path: string,
  init: {
    body?: string;
    bodySerializer: (b: unknown) => unknown;
    headers: Record<string, string>;
    parseAs: 'text';
  },
) => Promise<{ data?: string; error?: unknown; response: Response }>;

export interface RawReply {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or its text when it is not JSON (null when empty). */
  body: unknown;
}

/**
 * Any method and path (query included) through the client, the body sent as the exact text
 * given: for what a typed call cannot express (malformed JSON, a wrong media type, an unknown
 * route, a path built elsewhere). The client's middleware sees it like any other call.
 */
export async function sendRaw(
  client: TouchlineClient,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const raw = client.request as unknown as RawRequest;
  const { data, error, response } = await raw(method, path, {
    body,
    bodySerializer: (b: unknown) => b,
    headers,
    parseAs: 'text',
  });
  // openapi-fetch parses an error body as JSON when it can; a success is left as text (parseAs).
  const text = response.ok
    ? (data ?? '')
    : typeof error === 'string'
      ? error
      : error === undefined
        ? ''
        : JSON.stringify(error);
  return { status: response.status, headers: response.headers, body: parseJson(text) };
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
