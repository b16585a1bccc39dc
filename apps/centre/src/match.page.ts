import {
  getJson,
  MatchView,
  path,
  StreamedEvent,
  TieStanding,
  tieReadBefore,
  Timeline,
  TimelineEntry,
} from './api.js';
import { countTieAnswer, h, setText } from './dom.js';
import { clock, localTime, periodLine, scoreText, TeamNames, tieLine } from './format.js';
import { followLive, LinkState, playReplay } from './live.js';
import { renderTimeline } from './timeline.js';

const SPEEDS: Array<[string, string]> = [
  ['1', 'Real time'],
  ['10', '10×'],
  ['60', '60× (a minute a second)'],
  ['600', '600×'],
  ['0', 'Instant'],
];
const BREAKS: Record<string, string> = {
  '1H': 'Half-time',
  '2H': 'End of normal time',
  ET1: 'Extra time: half-time',
  ET2: 'End of extra time',
};

/** Between periods the period line says so (the API's `period` is the last one started). */
function periodText(view: MatchView, events: TimelineEntry[], upTo: number): string {
  if (view.status !== 'live') return periodLine(view);
  const last = [...events]
    .reverse()
    .find((e) => e.seq <= upTo && (e.type === 'PeriodStarted' || e.type === 'PeriodEnded'));
  if (last?.type === 'PeriodEnded') return BREAKS[String(last.period)] ?? periodLine(view);
  return periodLine(view);
}

/** /centre/matches/{id}: score, clock, timeline and tie, live; a finished match can be replayed. */
export async function matchPage(main: HTMLElement, matchId: string): Promise<void> {
  let current = await getJson<MatchView>(path('matches', matchId));
  let timeline = await getJson<Timeline>(path('matches', matchId, 'timeline'));
  let tie = current.tieId ? await getJson<TieStanding>(path('ties', current.tieId)).catch(() => null) : null;
  const names = new TeamNames().add(current.homeTeam, current.awayTeam);
  const { homeTeam: home, awayTeam: away } = current;
  document.title = `${home.name} v ${away.name} · Touchline`;

  const scoreHome = h('span', { 'data-testid': 'score-home' });
  const scoreAway = h('span', { 'data-testid': 'score-away' });
  const period = h('span', { 'data-testid': 'period' });
  const minute = h('span', { 'data-testid': 'minute' });
  const shootout = h('p', { class: 'shootout', hidden: true });
  const link = h('p', { class: 'link', 'data-testid': 'connection', role: 'status' });
  const tieStatus = h('p', { class: 'tie-status', 'data-testid': 'tie-status', 'aria-live': 'polite' });
  const list = h('ol', {
    class: 'timeline',
    'data-testid': 'timeline',
    'aria-label': 'Match events, latest first',
  });

  const speed = h(
    'select',
    { id: 'replay-speed' },
    ...SPEEDS.map(([v, label]) => h('option', { value: v, selected: v === '60' }, label)),
  );
  const playButton = h('button', { type: 'button', 'data-testid': 'replay-play' }, 'Replay');
  const stopButton = h(
    'button',
    { type: 'button', 'data-testid': 'replay-stop', hidden: true },
    'Back to the final state',
  );
  const replayBox = h(
    'section',
    { class: 'replay', 'aria-labelledby': 'replay-title', hidden: true },
    h('h2', { id: 'replay-title' }, 'Replay'),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'replay-speed' }, 'Speed'),
      speed,
      playButton,
      stopButton,
    ),
  );

  main.replaceChildren(
    h(
      'header',
      { class: 'match-head' },
      h('h1', {}, `${home.name} v ${away.name}`),
      h(
        'p',
        { class: 'meta' },
        h(
          'a',
          { href: `/centre/competitions/${encodeURIComponent(current.competition)}` },
          current.competition,
        ),
        current.tieId
          ? h(
              'a',
              { href: `/centre/ties/${encodeURIComponent(current.tieId)}` },
              current.leg ? `Leg ${current.leg} of the tie` : 'The tie',
            )
          : null,
        current.kickoffAt
          ? h('time', { datetime: current.kickoffAt }, `Kick-off ${localTime(current.kickoffAt)}`)
          : null,
      ),
    ),
    h(
      'section',
      { class: 'scoreboard', 'aria-label': 'Score' },
      h('span', { class: 'team home' }, home.name),
      h(
        'span',
        { class: 'score', 'aria-live': 'polite' },
        scoreHome,
        h('span', { 'aria-hidden': 'true' }, '–'),
        scoreAway,
      ),
      h('span', { class: 'team away' }, away.name),
      h('p', { class: 'clock' }, period, ' ', minute),
      shootout,
    ),
    link,
    tie ? tieStatus : '',
    replayBox,
    h(
      'section',
      { class: 'events', 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Timeline'),
      list,
    ),
  );

  const showMatch = (v: MatchView, upTo: number): void => {
    setText(scoreHome, String(v.score.home));
    setText(scoreAway, String(v.score.away));
    setText(period, periodText(v, timeline.events, upTo));
    setText(minute, clock(v.minute, v.stoppage));
    shootout.hidden = !v.shootout;
    if (v.shootout) setText(shootout, `Penalties ${scoreText(v.shootout.home, v.shootout.away)}`);
    // The match as it now is decides whether it can be replayed (not the replayed moment).
    replayBox.hidden = current.status !== 'finished' && current.status !== 'abandoned';
  };
  const showTie = (t: TieStanding | null, v: MatchView): void => {
    if (t) setText(tieStatus, tieLine(t, names, v.leg === t.legs.length ? v.period : null));
  };
  const showLink = (text: string, state: string): void => {
    setText(link, text);
    link.dataset.state = state;
  };

  // Live: the score and the tie come with each event; the timeline is read again (coalesced).
  let mode: 'live' | 'replay' = 'live';
  let linkState: LinkState = 'connecting';
  const showLive = (): void => {
    showMatch(current, Infinity);
    renderTimeline(list, timeline.events, names);
    showTie(tie, current);
    const upToDate =
      current.status === 'live'
        ? 'Live'
        : current.status === 'scheduled'
          ? 'Waiting for kick-off'
          : 'Up to date';
    const text = {
      connecting: 'Connecting…',
      reconnecting: 'Connection lost: reconnecting…',
      live: upToDate,
    };
    showLink(text[linkState], linkState);
    link.dataset.match = current.status;
  };
  let wanted = 0;
  let fetching = false;
  const refreshTimeline = async (seq: number): Promise<void> => {
    wanted = Math.max(wanted, seq);
    if (fetching) return;
    fetching = true;
    try {
      while (timeline.version < wanted) {
        timeline = await getJson<Timeline>(`${path('matches', matchId, 'timeline')}?minVersion=${wanted}`);
      }
      if (mode === 'live') showLive();
    } catch {
      window.setTimeout(() => void refreshTimeline(wanted), 2000);
    } finally {
      fetching = false;
    }
  };
  const take = (v: MatchView | null, t: TieStanding | null): void => {
    if (!v || v.version < current.version) return;
    current = v;
    if (t) tie = t;
    if (mode === 'live') showLive();
    if (v.version > timeline.version) void refreshTimeline(v.version);
  };
  followLive(matchId, {
    onSnapshot: (s) => {
      take(s.state, null);
      if (tie && s.state?.tieId)
        void getJson<TieStanding>(path('ties', s.state.tieId))
          .then(
            (t) => take(current, tieReadBefore(t, matchId, current.version) ? null : t),
            () => undefined,
          )
          .finally(() => countTieAnswer(main));
    },
    onEvent: (e: StreamedEvent) => take(e.state, e.tie),
    onLink: (state) => {
      linkState = state;
      if (mode === 'live') showLive();
    },
  });
  showLive();

  // Replay: the API paces the events; pausing closes the stream, resuming starts after the last one.
  let stop: (() => void) | null = null;
  let replayed = 0;
  let ended = false;
  const start = (): void => {
    if (mode !== 'replay' || ended) {
      mode = 'replay';
      replayed = 0;
      ended = false;
      stopButton.hidden = false;
    }
    showLink(`Replay at ${speed.selectedOptions[0]?.textContent ?? ''}`, 'replay');
    setText(playButton, 'Pause');
    stop = playReplay(matchId, Number(speed.value), replayed + 1, {
      onEvent: (e) => {
        replayed = e.seq;
        link.dataset.seq = String(e.seq);
        showMatch(e.state, e.seq);
        renderTimeline(list, timeline.events, names, e.seq);
        showTie(e.tie, e.state);
      },
      onEnd: () => {
        stop = null;
        ended = true;
        showLink('Replay finished', 'replay-ended');
        setText(playButton, 'Replay again');
      },
    });
  };
  const pause = (): void => {
    stop?.();
    stop = null;
    showLink('Replay paused', 'replay-paused');
    setText(playButton, 'Resume');
  };
  playButton.addEventListener('click', () => (stop ? pause() : start()));
  stopButton.addEventListener('click', () => {
    stop?.();
    stop = null;
    mode = 'live';
    ended = false;
    stopButton.hidden = true;
    setText(playButton, 'Replay');
    showLive();
  });
}
