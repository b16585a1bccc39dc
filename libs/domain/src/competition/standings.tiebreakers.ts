import { goalDifference, tallyOf, type Tally } from './standings.tally';
import type { PointsRule, TableMatch, TiebreakerPreset } from './standings.types';

/**
 * The order of a table. Ranking works on "blocks": teams not yet separated. Each step splits a
 * block into smaller blocks, best first; steps apply in turn to the blocks still holding more
 * than one team. What is left after the last step is level on every criterion: lots.
 */
export interface Ranked {
  team: string;
  lots: boolean;
}

interface Context {
  overall: ReadonlyMap<string, Tally>;
  /** The counted matches of the table, for head-to-head mini-tables. */
  matches: readonly TableMatch[];
  points: PointsRule;
}

type Block = readonly string[];
type Step = (block: Block, ctx: Context) => Block[];
type Key = readonly number[];

export function rankTeams(preset: TiebreakerPreset, ctx: Context): Ranked[] {
  let blocks: Block[] = [[...ctx.overall.keys()]];
  for (const step of STEPS[preset]) {
    blocks = blocks.flatMap((b) => (b.length > 1 ? step(b, ctx) : [b]));
  }
  return settleByLots(blocks, (team) => team).map(({ item, lots }) => ({ team: item, lots }));
}

/** Splits a block by a key, higher first (every key here is "more is better"). */
export function splitBy<T>(block: readonly T[], key: (item: T) => Key): T[][] {
  const keyed = block.map((item) => ({ item, key: key(item) })).sort((a, b) => compareKeys(b.key, a.key));
  const out: T[][] = [];
  keyed.forEach((k, i) => {
    if (i > 0 && compareKeys(k.key, keyed[i - 1]!.key) === 0) out[out.length - 1]!.push(k.item);
    else out.push([k.item]);
  });
  return out;
}

/**
 * Blocks still holding several items are level on every criterion: the organiser draws lots,
 * the server does not. They take consecutive places in team-id order, flagged `lots`.
 */
export function settleByLots<T>(
  blocks: readonly (readonly T[])[],
  teamOf: (item: T) => string,
): { item: T; lots: boolean }[] {
  return blocks.flatMap((b) =>
    [...b].sort((x, y) => byId(teamOf(x), teamOf(y))).map((item) => ({ item, lots: b.length > 1 })),
  );
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const overallKey =
  (pick: (t: Tally) => Key): Step =>
  (block, ctx) =>
    splitBy(block, (team) => pick(ctx.overall.get(team)!));

const pointsOnly = overallKey((t) => [t.points]);
const pointsGoals = overallKey((t) => [t.points, goalDifference(t), t.goalsFor]);
const goalDifferenceThenGoals = overallKey((t) => [goalDifference(t), t.goalsFor]);
const fairPlay = overallKey((t) => [t.fairPlay]);

/** Points, goal difference and goals scored in the matches among the block's teams only. */
function headToHead(block: Block, ctx: Context): Block[] {
  const mini = tallyOf(block, ctx.matches, ctx.points);
  return splitBy(block, (team) => {
    const t = mini.get(team)!;
    return [t.points, goalDifference(t), t.goalsFor];
  });
}

/**
 * UEFA: the mini-table again, on the matches among the teams still level only, for as long as
 * each pass separates someone. A pass that separates nobody hands the block to the next step.
 */
function headToHeadRepeated(block: Block, ctx: Context): Block[] {
  const split = headToHead(block, ctx);
  if (split.length === 1) return split;
  return split.flatMap((b) => (b.length > 1 ? headToHeadRepeated(b, ctx) : [b]));
}

/**
 * - fifa (World Cup 2022 regulations): points, goal difference, goals scored; among teams level
 *   on those three, the mini-table ONCE (no second pass); then fair play.
 * - uefa (EURO 2020 regulations, art. 20): points; among teams level on points the mini-table,
 *   repeated on any subset still level; then goal difference, goals scored, fair play. UEFA's
 *   later criteria (number of wins, qualifying ranking or coefficient) are not used: a table
 *   still level after fair play is left to lots.
 * - league: points, goal difference, goals scored.
 */
const STEPS: Record<TiebreakerPreset, readonly Step[]> = {
  fifa: [pointsGoals, headToHead, fairPlay],
  uefa: [pointsOnly, headToHeadRepeated, goalDifferenceThenGoals, fairPlay],
  league: [pointsGoals],
};
