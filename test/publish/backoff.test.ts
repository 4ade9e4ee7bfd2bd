import fc from 'fast-check';
import { backoffCeiling, equalJitterDelay, fullJitterDelay } from '../../webhook-relay/src/publish/backoff';

const policy = { baseMs: 1_000, capMs: 300_000 };

describe('retry backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffCeiling(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffCeiling(40, policy)).toBe(300_000);
  });

  it('draws full-jitter delays between zero and the ceiling, never beyond the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (attempt, r) => {
          const delay = fullJitterDelay(attempt, policy, () => r);
          return delay >= 0 && delay <= backoffCeiling(attempt, policy) && delay <= policy.capMs;
        }
      )
    );
  });

  it('spreads retries of the same attempt instead of sending them in step', () => {
    const delays = new Set(Array.from({ length: 50 }, () => fullJitterDelay(6, policy)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('never probes a paused connection sooner than half the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, r) => {
        const delay = equalJitterDelay(attempt, policy, () => r);
        return delay >= backoffCeiling(attempt, policy) / 2 - 1 && delay <= policy.capMs;
      })
    );
  });
});
