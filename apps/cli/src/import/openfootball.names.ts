import { STREAM_ID_PATTERN } from '@touchline/domain';
import type { OpenfootballTeam } from './openfootball.schema';

export type TeamRef = { id: string; name: string };

/**
 * A team's stable id: its code when the file gives one ("ITA"), else a slug of its name
 * ("Saudi Arabia" → "saudi-arabia", "Côte d'Ivoire" → "cote-d-ivoire"). Null when neither makes
 * an id.
 */
export function teamRef(team: OpenfootballTeam): TeamRef | null {
  const name = typeof team === 'string' ? team : team.name;
  const code = typeof team === 'string' ? undefined : team.code;
  const id = code ?? slug(name);
  return STREAM_ID_PATTERN.test(id) ? { id, name } : null;
}

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/**
 * The format sometimes names a scorer by surname alone in one match ("Mbappé") and in full in
 * another ("Kylian Mbappé"). Within one team, a name whose words end exactly one longer name's
 * words is that player; any other name is kept as written. Returns the renames, per team.
 */
export function playerAliases(
  namesByTeam: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Map<string, string>> {
  const aliases = new Map<string, Map<string, string>>();
  for (const [team, names] of namesByTeam) {
    const renames = new Map<string, string>();
    for (const short of names) {
      const words = short.split(/\s+/);
      const longer = [...names].filter((full) => {
        const fullWords = full.split(/\s+/);
        return (
          fullWords.length > words.length &&
          words.every((w, i) => fullWords[fullWords.length - words.length + i] === w)
        );
      });
      if (longer.length === 1) renames.set(short, longer[0]);
    }
    if (renames.size > 0) aliases.set(team, renames);
  }
  return aliases;
}
