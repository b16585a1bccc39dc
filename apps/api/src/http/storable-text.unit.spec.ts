import { unstorableText } from './storable-text';

describe('unstorableText', () => {
  it('accepts ordinary text, accents and emoji', () => {
    expect(unstorableText({ player: 'Müller ⚽ 𝓜𝓮𝓼𝓼𝓲', changes: { team: 'MIA' }, n: 1 })).toBeNull();
    expect(unstorableText([{ a: 'x' }, null, true])).toBeNull();
  });

  it('names the field holding a NUL or an unpaired surrogate, in objects, arrays and keys', () => {
    expect(unstorableText({ player: 'Mes\u0000si' })?.field).toBe('player');
    expect(unstorableText([{ eventId: 'a' }, { eventId: 'b\ud800' }])?.field).toBe('[1].eventId');
    expect(unstorableText({ changes: { ['pl\u0000ayer']: 'x' } })?.field).toBe('changes.pl\u0000ayer');
    expect(unstorableText('\udc00')?.field).toBe('body');
  });

  it('walks a deeply nested body without recursion', () => {
    const deep = JSON.parse('['.repeat(100000) + '"\\u0000"' + ']'.repeat(100000)) as unknown;
    expect(unstorableText(deep)?.field).toMatch(/^\[0\]/);
  });
});
