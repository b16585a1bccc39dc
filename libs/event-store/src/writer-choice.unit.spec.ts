import { chooseWriter, decodeCandidate, encodeCandidate, type WriterCandidate } from './writer-choice';

const member = (memberId: string, seenWriter: string | null = null): WriterCandidate => ({
  memberId,
  url: `http://${memberId}`,
  seenWriter,
});

describe('choosing the one writer of the group', () => {
  it('has no writer without members', () => {
    expect(chooseWriter([])).toBeNull();
  });

  it('keeps the current writer when someone joins', () => {
    expect(chooseWriter([member('b', 'b'), member('a', 'b'), member('c')])).toBe('b');
  });

  it('trusts a claim only for a member id still in the group (a writer that lost its session rejoins under a new id)', () => {
    expect(chooseWriter([member('c', 'gone'), member('b', 'gone')])).toBe('b');
  });

  it('picks the same member whatever order the members come in', () => {
    const members = [member('m-2'), member('m-1'), member('m-3')];
    expect(chooseWriter(members)).toBe('m-1');
    expect(chooseWriter([...members].reverse())).toBe('m-1');
  });

  it('round-trips what a member says, and reads unreadable data as no url and no claim', () => {
    expect(decodeCandidate('x', encodeCandidate('http://h:1', 'w'))).toEqual({
      memberId: 'x',
      url: 'http://h:1',
      seenWriter: 'w',
    });
    expect(decodeCandidate('x', Buffer.from('not json'))).toEqual({
      memberId: 'x',
      url: '',
      seenWriter: null,
    });
    expect(decodeCandidate('x', undefined)).toEqual({ memberId: 'x', url: '', seenWriter: null });
  });
});
