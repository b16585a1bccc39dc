import { parseProjectedPayload } from './projected-payload';

describe('projected notification payload', () => {
  it('reads every stream and version, skipping anything malformed', () => {
    expect(parseProjectedPayload('match:a.b-1@12,tie:t1@1,garbage,match:x@,match:y@3')).toEqual([
      { streamId: 'match:a.b-1', version: 12 },
      { streamId: 'tie:t1', version: 1 },
      { streamId: 'match:y', version: 3 },
    ]);
  });
});
