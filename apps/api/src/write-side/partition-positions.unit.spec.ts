import { PartitionPositions } from './partition-positions';

describe('per-partition positions', () => {
  it('moves a partition only once nothing is pending on it, to past its highest acknowledged offset', () => {
    const positions = new PartitionPositions();
    positions.reset(new Map([[0, 10n]]));
    positions.begin(0);
    positions.begin(0);
    // The later append's ack reaches its fold first: the earlier one is not folded yet.
    positions.acknowledged(0, 14n);
    positions.end(0);
    expect(positions.get(0)).toBe(10n);
    positions.acknowledged(0, 12n);
    positions.end(0);
    expect(positions.get(0)).toBe(15n);
  });

  it('passes over an append that failed (not in the log) and never moves backwards', () => {
    const positions = new PartitionPositions();
    positions.reset(new Map([[1, 5n]]));
    positions.begin(1);
    positions.end(1);
    expect(positions.get(1)).toBe(5n);
    positions.begin(1);
    positions.acknowledged(1, 3n);
    positions.end(1);
    expect(positions.get(1)).toBe(5n);
  });

  it('holds a partition being re-read, then takes the re-read position and what was acknowledged meanwhile', () => {
    const positions = new PartitionPositions();
    positions.reset(new Map([[2, 7n]]));
    positions.hold(2);
    positions.begin(2);
    positions.acknowledged(2, 20n);
    positions.end(2);
    expect(positions.get(2)).toBe(7n);
    positions.release(2, 18n);
    expect(positions.get(2)).toBe(21n);
    positions.hold(3);
    positions.release(3, 4n);
    expect(positions.all()).toEqual(
      new Map([
        [2, 21n],
        [3, 4n],
      ]),
    );
  });
});
