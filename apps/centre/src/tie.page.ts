import { getJson, MatchView, path, TieStanding, tieReadBefore } from './api.js';
import { countTieAnswer, h, setText } from './dom.js';
import { TeamNames, tieLine } from './format.js';
import { followLive, LinkState } from './live.js';
import { matchList } from './match-list.js';

/** /centre/ties/{id}: the legs and "who goes through if it ended now", live from the leg in play. */
export async function tiePage(main: HTMLElement, tieId: string): Promise<void> {
  let tie = await getJson<TieStanding>(path('ties', tieId));
  const legs = new Map<string, MatchView>();
  for (const leg of tie.legs) {
    const view = await getJson<MatchView>(path('matches', leg.matchId)).catch(() => null);
    if (view) legs.set(leg.matchId, view);
  }
  const names = new TeamNames().add(...[...legs.values()].flatMap((v) => [v.homeTeam, v.awayTeam]));
  const teams = Object.keys(tie.aggregate);
  document.title = `${teams.map((t) => names.of(t)).join(' v ')} · Touchline`;

  const status = h('p', { class: 'tie-status', 'data-testid': 'tie-status', 'aria-live': 'polite' });
  const legList = h('div', { class: 'legs' });
  const link = h('p', { class: 'link', 'data-testid': 'connection', role: 'status' });
  main.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, teams.map((t) => names.of(t)).join(' v ')),
      h(
        'p',
        { class: 'meta' },
        h('a', { href: `/centre/competitions/${encodeURIComponent(tie.competition)}` }, tie.competition),
        tieRules(tie),
      ),
    ),
    status,
    link,
    h('section', { 'aria-labelledby': 'legs-title' }, h('h2', { id: 'legs-title' }, 'Legs'), legList),
  );

  const show = (): void => {
    const leg2 = legs.get(tie.legs[tie.legs.length - 1]?.matchId ?? '');
    setText(status, tieLine(tie, names, leg2?.period ?? null));
    const views = tie.legs.map((l) => legs.get(l.matchId)).filter((v): v is MatchView => !!v);
    legList.replaceChildren(
      matchList(
        views.map((v) => ({ ...v, round: v.leg ? `Leg ${v.leg}` : null })),
        'The legs are not scheduled yet.',
      ),
    );
  };
  show();

  // Follow the first leg still to be completed; when it ends, read the tie again and move on.
  let stop: (() => void) | null = null;
  const follow = (): void => {
    stop?.();
    stop = null;
    const next = tie.legs.find(
      (l) => legs.has(l.matchId) && ['scheduled', 'live'].includes(legs.get(l.matchId)!.status),
    );
    if (!next) {
      setText(link, tie.decided ? 'The tie is decided' : '');
      return;
    }
    const showLink = (s: LinkState) =>
      setText(
        link,
        s === 'reconnecting'
          ? 'Connection lost: reconnecting…'
          : s === 'live'
            ? `Following leg ${next.leg}`
            : 'Connecting…',
      );
    stop = followLive(next.matchId, {
      onSnapshot: (s) => {
        if (s.state) legs.set(next.matchId, s.state);
        void getJson<TieStanding>(path('ties', tieId))
          .then(
            (t) => {
              if (tieReadBefore(t, next.matchId, legs.get(next.matchId)?.version ?? 0)) return;
              tie = t;
              show();
            },
            () => undefined,
          )
          .finally(() => countTieAnswer(main));
      },
      onEvent: (e) => {
        legs.set(next.matchId, e.state);
        if (e.tie) tie = e.tie;
        show();
        if (e.state.status === 'finished' || e.state.status === 'abandoned') follow();
      },
      onLink: (s) => {
        showLink(s);
        link.dataset.state = s;
      },
    });
  };
  follow();
}

function tieRules(t: TieStanding): string {
  const parts = [t.legs.length === 1 ? 'One match' : `${t.legs.length} legs`];
  if (t.rules.awayGoals !== 'none')
    parts.push(t.rules.awayGoals === 'extra_time' ? 'away goals (extra time too)' : 'away goals');
  if (t.rules.extraTime) parts.push('extra time');
  if (t.rules.penalties) parts.push('penalties');
  return parts.join(' · ');
}
