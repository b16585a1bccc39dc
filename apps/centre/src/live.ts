import { path, Snapshot, StreamedEvent } from './api.js';

export type LinkState = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  /** First message of a fresh connection: the match as it stands (seq = its version). */
  onSnapshot(s: Snapshot): void;
  onEvent(e: StreamedEvent): void;
  onLink(state: LinkState): void;
}

const MAX_BACKOFF_MS = 15000;

/**
 * Follows GET /matches/{id}/live. After a dropped connection the browser reconnects by itself and
 * sends Last-Event-ID, so the API resumes right after the last event received. When the API
 * refuses a reconnection (a 503 while it starts, a 429), EventSource gives up for good: then a
 * fresh connection is opened after a back-off, and its snapshot tells the page what it missed.
 */
export function followLive(matchId: string, handlers: LiveHandlers): () => void {
  let source: EventSource | null = null;
  let retry: number | undefined;
  let backoff = 1000;
  let stopped = false;

  const open = (): void => {
    handlers.onLink('connecting');
    const es = new EventSource(path('matches', matchId, 'live'));
    source = es;
    es.onopen = () => {
      backoff = 1000;
      handlers.onLink('live');
    };
    es.addEventListener('snapshot', (m) => handlers.onSnapshot(JSON.parse((m as MessageEvent).data)));
    es.addEventListener('match-event', (m) => handlers.onEvent(JSON.parse((m as MessageEvent).data)));
    es.onerror = () => {
      if (stopped) return;
      handlers.onLink('reconnecting');
      if (es.readyState !== EventSource.CLOSED) return; // the browser retries with Last-Event-ID
      es.close();
      retry = window.setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };

  open();
  return () => {
    stopped = true;
    window.clearTimeout(retry);
    source?.close();
  };
}

export interface ReplayHandlers {
  onEvent(e: StreamedEvent): void;
  onEnd(): void;
}

/** Plays GET /matches/{id}/replay?speed=N from `fromSeq`; the returned function stops it. */
export function playReplay(
  matchId: string,
  speed: number,
  fromSeq: number,
  handlers: ReplayHandlers,
): () => void {
  const es = new EventSource(`${path('matches', matchId, 'replay')}?speed=${speed}&fromSeq=${fromSeq}`);
  es.addEventListener('match-event', (m) => handlers.onEvent(JSON.parse((m as MessageEvent).data)));
  es.addEventListener('end', () => {
    es.close(); // or the browser would reconnect and play it again
    handlers.onEnd();
  });
  return () => es.close();
}
