import { getJson } from './api.js';
import { h, whileVisible } from './dom.js';
import { matchList, MatchSummary } from './match-list.js';

const REFRESH_MS = 3000;

/** /centre/: live and recent matches, read again every few seconds. */
export async function homePage(main: HTMLElement): Promise<void> {
  document.title = 'Match centre · Touchline';
  const live = h('div', { 'data-testid': 'live-matches' });
  const recent = h('div', { 'data-testid': 'recent-matches' });
  const upcoming = h('div', { 'data-testid': 'upcoming-matches' });
  main.replaceChildren(
    h('h1', {}, 'Match centre'),
    h('section', { 'aria-labelledby': 'live-title' }, h('h2', { id: 'live-title' }, 'Live'), live),
    h(
      'section',
      { 'aria-labelledby': 'recent-title' },
      h('h2', { id: 'recent-title' }, 'Recent results'),
      recent,
    ),
    h('section', { 'aria-labelledby': 'next-title' }, h('h2', { id: 'next-title' }, 'Coming up'), upcoming),
  );
  const load = async (): Promise<void> => {
    const [l, r, u] = await Promise.all(
      ['live', 'recent', 'scheduled'].map((status) =>
        getJson<MatchSummary[]>(`/matches?status=${status}&limit=20`),
      ),
    );
    live.replaceChildren(matchList(l, 'No match is being played right now.'));
    recent.replaceChildren(matchList(r, 'No finished match yet.'));
    upcoming.replaceChildren(matchList(u, 'No match scheduled.'));
  };
  await load();
  whileVisible(() => void load().catch(() => undefined), REFRESH_MS);
}
