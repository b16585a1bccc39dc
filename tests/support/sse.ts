export interface SseMessage {
  id?: string;
  event?: string;
  data: Record<string, unknown>;
}

/** Reads a Server-Sent Events response, handing each message to `onMessage` until it returns false or `signal` aborts. */
export async function readSse(
  url: string,
  onMessage: (m: SseMessage) => boolean,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; contentType: string | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30000);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: controller.signal });
    if (!res.ok || !res.body) return { status: res.status, contentType: res.headers.get('content-type') };
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: Partial<SseMessage> = {};
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') message.id = value;
          else if (field === 'event') message.event = value;
          else if (field === 'data') data.push(value);
        }
        if (!data.length) continue;
        if (!onMessage({ ...message, data: JSON.parse(data.join('\n')) })) {
          controller.abort();
          return { status: res.status, contentType: res.headers.get('content-type') };
        }
      }
    }
    return { status: res.status, contentType: res.headers.get('content-type') };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return { status: 200, contentType: 'text/event-stream' };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
