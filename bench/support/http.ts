import { createTouchlineClient, sendRaw, type TouchlineClient } from '@touchline/api-client';

export interface Reply {
  status: number;
  body: unknown;
}

const clients = new Map<string, TouchlineClient>();

/** One generated API client per base URL and key (fetch keeps its connections alive). */
function clientFor(baseUrl: string, key: string | undefined): TouchlineClient {
  const id = `${baseUrl} ${key ?? ''}`;
  let client = clients.get(id);
  if (!client) {
    client = createTouchlineClient(baseUrl.replace(/\/$/, ''), { key });
    clients.set(id, client);
  }
  return client;
}

/** Sends JSON through the generated client, for setting benchmarks up (the measured load uses autocannon). */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const reply = await sendRaw(clientFor(baseUrl, key), method, path, payload);
  return { status: reply.status, body: reply.body };
}

/** Sends and insists on one of `ok` statuses. */
export async function sendOk(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  key: string | undefined,
  ok: number[] = [200, 201, 202],
): Promise<Reply> {
  const reply = await send(baseUrl, method, path, body, key);
  if (!ok.includes(reply.status)) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Forgets the clients (their connections close when idle). */
export function destroyAgent(): void {
  clients.clear();
}
