import type { ImportPlan, PlannedMatch, Tiebreakers } from './import.plan';
import { matchEvents } from './openfootball.events';
import { readMatch, type ReadMatch } from './openfootball.match';
import { playerAliases } from './openfootball.names';
import { fileSchema } from './openfootball.schema';
import { ruleBreak } from './plan.rules-check';

export interface ImportOptions {
  competition: string;
  tiebreakers: Tiebreakers;
}

/** A file the importer cannot read at all (as opposed to one bad match in it). */
export class MalformedFileError extends Error {}

const KNOCKOUT_RULES = { awayGoals: 'none', extraTime: true, penalties: true } as const;

/**
 * Turns an openfootball file (already JSON-parsed) into the plan of what to post. Pure: no I/O.
 * A match that cannot be read, or whose events the match rules would refuse, is rejected with
 * its problems and the others still go in.
 *
 * Ids: match `<competition>-<nnn>` from the match's `num` or its position in the file, its
 * one-leg tie `<matchId>-tie`, teams by code or name slug (see `teamRef`).
 */
export function planOpenfootballImport(json: unknown, opts: ImportOptions): ImportPlan {
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    throw new MalformedFileError(
      'not an openfootball file: expected { "name", "matches": [...] } or { "name", "rounds": [{ "name", "matches": [...] }] }',
    );
  }
  const entries =
    'matches' in file.data
      ? file.data.matches.map((raw) => ({ raw, round: undefined as string | undefined }))
      : file.data.rounds.flatMap((r) => r.matches.map((raw) => ({ raw, round: r.name })));
  if (entries.length === 0) throw new MalformedFileError('the file lists no matches');
  const fileHasGroups = entries.some(({ raw }) => typeof (raw as { group?: unknown })?.group === 'string');

  const plan: ImportPlan = {
    competition: {
      competitionId: opts.competition,
      name: file.data.name.slice(0, 100),
      standings: { tiebreakers: opts.tiebreakers },
    },
    matches: [],
    rejected: [],
    notes: [],
  };
  const read: Array<ReadMatch & { matchId: string }> = [];
  const taken = new Set<string>();
  entries.forEach(({ raw, round }, i) => {
    const r = readMatch(raw, { position: i + 1, ...(round !== undefined ? { round } : {}), fileHasGroups });
    if (!r.ok) {
      plan.rejected.push({ label: r.label, problems: r.problems });
      return;
    }
    const matchId = `${opts.competition}-${String(r.match.num).padStart(3, '0')}`;
    if (taken.has(matchId)) {
      plan.rejected.push({ label: r.match.label, problems: [`num ${r.match.num} is used by another match`] });
      return;
    }
    taken.add(matchId);
    read.push({ ...r.match, matchId });
    plan.notes.push(...r.match.notes);
  });

  const aliases = playerAliases(scorersByTeam(read));
  for (const [team, renames] of aliases)
    for (const [short, full] of renames) plan.notes.push(`scorer "${short}" (${team}) read as "${full}"`);
  for (const m of read) {
    const p = planned(m, opts.competition, aliases);
    const broken = ruleBreak(p);
    if (broken) plan.rejected.push({ label: p.label, problems: [broken] });
    else plan.matches.push(p);
  }
  return plan;
}

function planned(
  m: ReadMatch & { matchId: string },
  competition: string,
  aliases: ReturnType<typeof playerAliases>,
): PlannedMatch {
  const tieId = `${m.matchId}-tie`;
  return {
    label: m.label,
    ...(m.knockout
      ? {
          tie: {
            tieId,
            competition,
            legs: [m.matchId] as [string],
            rules: { ...KNOCKOUT_RULES, extraTime: extraTimeRule(m) },
          },
        }
      : {}),
    match: {
      matchId: m.matchId,
      competition,
      homeTeam: m.home,
      awayTeam: m.away,
      kickoffAt: m.kickoffAt,
      ...(m.group !== undefined ? { group: m.group } : {}),
      ...(m.round !== undefined ? { round: m.round } : {}),
      ...(m.knockout ? { tieId, leg: 1 as const } : {}),
    },
    events: m.result ? matchEvents(m.matchId, m, m.result, aliases) : [],
  };
}

/** A shootout straight after 90 minutes means this competition's rules had no extra time. */
function extraTimeRule(m: ReadMatch): boolean {
  return !(m.result?.shootout && !m.result.extraTime);
}

/** Every scorer's name under the team he plays for (for an own goal, the other side). */
function scorersByTeam(matches: ReadMatch[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const m of matches) {
    for (const g of m.result?.goals ?? []) {
      const side = g.kind === 'own_goal' ? (g.side === 'home' ? 'away' : 'home') : g.side;
      const team = m[side].id;
      if (!names.has(team)) names.set(team, new Set());
      names.get(team)!.add(g.player);
    }
  }
  return names;
}
