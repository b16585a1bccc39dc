import { ApiKeysError, keyIdentity, parseApiKeys } from './api-keys';

const parse = (spec: string) => parseApiKeys(spec, 'secret');
const refusal = (spec: string): string => {
  try {
    parse(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiKeysError);
    return (err as Error).message;
  }
  throw new Error(`'${spec}' was accepted`);
};

describe('TOUCHLINE_API_KEYS', () => {
  it('reads roles, keys and competition scopes, trimming blanks around every part', () => {
    const keys = parse(' feeder:k1 , admin : k2,feeder@CCC | UCL:k3,');
    expect(keys.get('k1')).toMatchObject({ role: 'feeder', competitions: null });
    expect(keys.get('k2')).toMatchObject({ role: 'admin', competitions: null });
    expect(keys.get('k3')).toMatchObject({ role: 'feeder', competitions: ['CCC', 'UCL'] });
    expect(parse('').size).toBe(0);
  });

  it('refuses what would not do what it says, naming the entry and never the key', () => {
    expect(refusal('feeder@:k')).toMatch(/entry 1 \(feeder\): '' is not a competition code/);
    expect(refusal('feeder@CCC|:k')).toMatch(/not a competition code/);
    expect(refusal('feeder:dup,admin:dup')).toMatch(
      /entry 2 \(admin\): this key is already given to entry 1/,
    );
    expect(refusal('feeder')).toMatch(/^TOUCHLINE_API_KEYS entry 1: expected role:key/);
    expect(refusal('feeder:')).toMatch(/expected role:key/);
    expect(refusal('root:k')).toMatch(/unknown role/);
    expect(refusal('admin@CCC:k')).toMatch(/admin key cannot be limited/);
    expect(refusal('feeder@A@B:k')).toMatch(/one '@' at most/);
    expect(refusal('feeder@C C:k')).toMatch(/not a competition code/);
    expect(refusal('feeder:secret-key,admin:also secret')).not.toMatch(/secret/);
  });

  it('records an identity that depends on the server secret, not on the key alone', () => {
    const id = parse('feeder:k1').get('k1')!.id;
    expect(id).toBe(keyIdentity('feeder', 'k1', 'secret'));
    expect(id).toMatch(/^feeder:[0-9a-f]{16}$/);
    expect(parseApiKeys('feeder:k1', 'other').get('k1')!.id).not.toBe(id);
  });
});
