import { SseMessage, sseMessages } from '../../apps/cli/src/sse-reader';

export type { SseMessage } from '../../apps/cli/src/sse-reader';

/** Reads a Server-Sent Events response, handing each message to `onMessage` until it returns false. */
export async function readSse(
  url: string,
  onMessage: (m: SseMessage) => boolean,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; contentType: string | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30000);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: controller.signal });
    const reply = { status: res.status, contentType: res.headers.get('content-type') };
    if (!res.ok || !res.body) return reply;
    for await (const message of sseMessages(res.body)) {
      if (!onMessage(message)) break;
    }
    controller.abort();
    return reply;
  } catch (err) {
    if ((err as Error).name === 'AbortError') return { status: 200, contentType: 'text/event-stream' };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
