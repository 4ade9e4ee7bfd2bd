import { cachedQueueCounts } from '../../webhook-relay/src/store/cached-queue-counts';
import type { QueueCounts } from '../../webhook-relay/src/store/outbox-store';

const counts = (queued: number): QueueCounts => ({
  byState: { queued, published: 0, confirmed: 0, unconfirmed: 0, dead: 0, unrouted: 0 },
  queuedByConnection: {},
  oldestQueuedByConnection: {},
  oldestUnroutedAt: null,
  oldestPublishedAt: null
});

describe('cached queue counts', () => {
  it('runs one count at a time and serves it until it is older than the ttl', async () => {
    let clock = 0;
    let calls = 0;
    let release: (value: QueueCounts) => void = () => undefined;
    const cached = cachedQueueCounts(
      () => {
        calls += 1;
        return new Promise<QueueCounts>((resolve) => (release = resolve));
      },
      { ttlMs: 5_000, now: () => clock }
    );
    const waiting = [cached(), cached(), cached()];
    expect(calls).toBe(1);
    release(counts(7));
    expect((await Promise.all(waiting)).map((c) => c.byState.queued)).toEqual([7, 7, 7]);
    clock = 4_999;
    expect((await cached()).byState.queued).toBe(7);
    expect(calls).toBe(1);
    clock = 5_000;
    const fresh = cached();
    expect(calls).toBe(2);
    release(counts(9));
    expect((await fresh).byState.queued).toBe(9);
  });

  it('keeps no failed count: the next caller tries again', async () => {
    let fail = true;
    const cached = cachedQueueCounts(async () => {
      if (fail) throw new Error('SQLITE_IOERR');
      return counts(1);
    });
    await expect(cached()).rejects.toThrow('SQLITE_IOERR');
    fail = false;
    expect((await cached()).byState.queued).toBe(1);
  });
});
