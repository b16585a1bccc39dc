import { ApiError } from './api.js';
import { h } from './dom.js';
import { competitionPage } from './competition.page.js';
import { homePage } from './home.page.js';
import { matchPage } from './match.page.js';
import { tiePage } from './tie.page.js';

/** One shell for every page of the centre: the path says which, the public API gives the data. */
async function route(main: HTMLElement): Promise<void> {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [, kind, id] = parts;
  if (kind === undefined) return homePage(main);
  if (kind === 'matches' && id) return matchPage(main, id);
  if (kind === 'ties' && id) return tiePage(main, id);
  if (kind === 'competitions' && id) return competitionPage(main, id);
  throw new ApiError(404, 'Page not found');
}

const main = document.getElementById('main') as HTMLElement;
route(main).catch((err: unknown) => {
  const notFound = err instanceof ApiError && err.status === 404;
  document.title = `${notFound ? 'Not found' : 'Unavailable'} · Touchline`;
  main.replaceChildren(
    h('h1', {}, notFound ? 'Not found' : 'Something went wrong'),
    h(
      'p',
      {},
      notFound
        ? 'There is nothing here.'
        : 'The match centre could not load this page. Try again in a moment.',
    ),
    h('p', {}, h('a', { href: '/centre/' }, 'All matches')),
  );
  if (!notFound) {
    const retry = h('button', { type: 'button' }, 'Try again');
    retry.addEventListener('click', () => location.reload());
    main.append(retry);
  }
});
