import { Fixture, getJson, path, ScorerLine, Standings, StandingsRow } from './api.js';
import { h, whileVisible } from './dom.js';
import { TeamNames } from './format.js';
import { matchList } from './match-list.js';

const REFRESH_MS = 3000;

/** /centre/competitions/{c}: tables as they stand (live matches counted), fixtures, scorers. */
export async function competitionPage(main: HTMLElement, competition: string): Promise<void> {
  document.title = `${competition} · Touchline`;
  const tables = h('div', { class: 'tables' });
  const fixtures = h('div', {});
  const scorers = h('div', {});
  main.replaceChildren(
    h('h1', {}, competition),
    h('section', { 'aria-labelledby': 'tables-title' }, h('h2', { id: 'tables-title' }, 'Tables'), tables),
    h(
      'section',
      { 'aria-labelledby': 'fixtures-title' },
      h('h2', { id: 'fixtures-title' }, 'Fixtures and results'),
      fixtures,
    ),
    h(
      'section',
      { 'aria-labelledby': 'scorers-title' },
      h('h2', { id: 'scorers-title' }, 'Scorers'),
      scorers,
    ),
  );
  const load = async (): Promise<void> => {
    const [matches, goals] = await Promise.all([
      getJson<Fixture[]>(path('competitions', competition, 'matches')),
      getJson<ScorerLine[]>(path('competitions', competition, 'scorers')),
    ]);
    // A competition without matches has no table yet (the API answers 404 for it).
    const standings = matches.length
      ? await getJson<Standings>(path('competitions', competition, 'standings'))
      : null;
    const names = new TeamNames().add(...matches.flatMap((m) => [m.homeTeam, m.awayTeam]));
    const shown = standings?.tables.filter((t) => t.rows.length) ?? [];
    tables.replaceChildren(
      ...(shown.length
        ? shown.map((t) => table(t, names))
        : [h('p', { class: 'empty' }, 'No table for this competition.')]),
    );
    fixtures.replaceChildren(matchList(matches, 'No matches.'));
    scorers.replaceChildren(scorerList(goals, names));
  };
  await load();
  whileVisible(() => void load().catch(() => undefined), REFRESH_MS);
}

const COLUMNS: Array<[string, string, (r: StandingsRow) => string | number]> = [
  ['P', 'Played', (r) => r.played],
  ['W', 'Won', (r) => r.won],
  ['D', 'Drawn', (r) => r.drawn],
  ['L', 'Lost', (r) => r.lost],
  ['GF', 'Goals for', (r) => r.goalsFor],
  ['GA', 'Goals against', (r) => r.goalsAgainst],
  ['GD', 'Goal difference', (r) => (r.goalDifference > 0 ? `+${r.goalDifference}` : r.goalDifference)],
  ['Pts', 'Points', (r) => r.points],
];

function table(t: Standings['tables'][number], names: TeamNames): HTMLElement {
  const title = t.group ? `Group ${t.group}` : 'Table';
  return h(
    'div',
    { class: 'table-wrap', 'data-group': t.group ?? '' },
    h(
      'table',
      { class: 'standings' },
      h('caption', {}, title, t.live ? h('span', { class: 'badge live' }, 'as it stands') : null),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, h('abbr', { title: 'Position' }, '#')),
          h('th', { scope: 'col', class: 'team' }, 'Team'),
          ...COLUMNS.map(([short, long]) => h('th', { scope: 'col' }, h('abbr', { title: long }, short))),
        ),
      ),
      h(
        'tbody',
        {},
        ...t.rows.map((r) =>
          h(
            'tr',
            { 'data-testid': 'standings-row', 'data-team': r.team, class: r.live ? 'live' : null },
            h('td', {}, r.pos),
            h(
              'th',
              { scope: 'row', class: 'team' },
              names.of(r.team),
              r.live ? h('span', { class: 'badge live' }, 'live') : null,
              r.lots ? h('span', { class: 'badge' }, 'lots') : null,
            ),
            ...COLUMNS.map(([, , value]) => h('td', {}, value(r))),
          ),
        ),
      ),
    ),
  );
}

function scorerList(lines: ScorerLine[], names: TeamNames): HTMLElement {
  if (!lines.length) return h('p', { class: 'empty' }, 'No goals yet.');
  return h(
    'ol',
    { class: 'scorers' },
    ...lines
      .slice(0, 20)
      .map((l) =>
        h(
          'li',
          {},
          h('span', {}, `${l.player} (${names.of(l.team)})`),
          h('span', { class: 'goals' }, `${l.goals}`),
        ),
      ),
  );
}
