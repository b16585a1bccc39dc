import type { MatchStatus, Score, Team } from './api.js';
import { h } from './dom.js';
import { clock, localTime, scoreText, STATUS_TEXT } from './format.js';

/** What a row of a match list needs: GET /matches and GET /competitions/{c}/matches both give it. */
export interface MatchSummary {
  matchId: string;
  competition?: string;
  homeTeam: Team;
  awayTeam: Team;
  kickoffAt: string | null;
  status: MatchStatus;
  score: Score;
  shootout: Score | null;
  minute?: number | null;
  stoppage?: number | null;
  round?: string | null;
  group?: string | null;
}

export function matchList(matches: MatchSummary[], empty: string): HTMLElement {
  if (!matches.length) return h('p', { class: 'empty' }, empty);
  return h('ul', { class: 'matches' }, ...matches.map(matchRow));
}

function matchRow(m: MatchSummary): HTMLElement {
  const started = m.status !== 'scheduled';
  const when =
    m.status === 'live'
      ? `Live ${clock(m.minute ?? null, m.stoppage ?? null)}`
      : m.status === 'scheduled' && m.kickoffAt
        ? localTime(m.kickoffAt)
        : STATUS_TEXT[m.status];
  const context = [m.competition, m.group ? `Group ${m.group}` : null, m.round].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: `match ${m.status}`, 'data-match': m.matchId },
    h(
      'a',
      { href: `/centre/matches/${encodeURIComponent(m.matchId)}` },
      h('span', { class: 'home' }, m.homeTeam.name),
      h(
        'span',
        { class: 'result' },
        started ? scoreText(m.score.home, m.score.away) : 'v',
        m.shootout ? ` (${scoreText(m.shootout.home, m.shootout.away)} pens)` : '',
      ),
      h('span', { class: 'away' }, m.awayTeam.name),
    ),
    h('span', { class: `when ${m.status}` }, when),
    context ? h('span', { class: 'context' }, context) : null,
  );
}
