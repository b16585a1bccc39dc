import type { Card } from '../match/match-event.types';

export type CardKind = Card;

export interface CardOfMatch {
  team: string;
  player: string;
  card: CardKind;
}

/**
 * FIFA team conduct ("fair play") points of one match, per team (only teams with a card appear):
 * yellow −1, indirect red (second yellow) −3, direct red −4, yellow then direct red −5.
 *
 * FIFA applies ONE of these deductions per player per match, so the cards of a player are read
 * as the one combination they make, and the heaviest reading wins:
 * - a direct red with any yellow of the same match (first or second) is "yellow then direct
 *   red", −5 — a second yellow implies a first, so second yellow + red is also −5;
 * - a second yellow, or two yellows recorded as plain `yellow`, is an indirect red, −3
 *   (the first yellow is part of it, not an extra −1);
 * - a direct red alone −4; a single yellow −1.
 * A player is a (team, player) pair: two teams may field players of the same name. Every card
 * given counts for its team, a team official's included (UEFA counted one at EURO 2024).
 */
export function fairPlayOfMatch(cards: readonly CardOfMatch[]): Record<string, number> {
  const byPlayer = new Map<string, { team: string; cards: CardKind[] }>();
  for (const c of cards) {
    const key = JSON.stringify([c.team, c.player]);
    const entry = byPlayer.get(key) ?? { team: c.team, cards: [] };
    entry.cards.push(c.card);
    byPlayer.set(key, entry);
  }
  const byTeam: Record<string, number> = {};
  for (const { team, cards: shown } of byPlayer.values()) {
    byTeam[team] = (byTeam[team] ?? 0) - deductionOf(shown);
  }
  return byTeam;
}

function deductionOf(cards: readonly CardKind[]): number {
  const yellows = cards.filter((c) => c === 'yellow').length;
  const secondYellow = cards.includes('second_yellow');
  const red = cards.includes('red');
  if (red && (yellows > 0 || secondYellow)) return 5;
  if (red) return 4;
  if (secondYellow || yellows > 1) return 3;
  return yellows > 0 ? 1 : 0;
}
