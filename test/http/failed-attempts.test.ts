/**
 * The wrong-admin-token throttle on its own and as the admin API's guard: how
 * many guesses a client gets, how long it waits, that the right token does not
 * get through a closed window, and that memory stays bounded.
 */
import express from 'express';
import request from 'supertest';
import { requireAdminToken } from '../../webhook-relay/src/http/admin-routes';
import { FailedAttempts } from '../../webhook-relay/src/http/failed-attempts';

const MINUTE = 60_000;

function throttle(clock: { now: number }, maxFailures = 3, maxClients?: number) {
  return new FailedAttempts({ maxFailures, windowMs: 15 * MINUTE, now: () => clock.now, maxClients });
}

describe('FailedAttempts', () => {
  it('lets a client fail up to the limit, then makes it wait out the window from its first failure', () => {
    const clock = { now: 1_000_000 };
    const attempts = throttle(clock);
    attempts.recordFailure('10.0.0.1');
    clock.now += 5 * MINUTE;
    attempts.recordFailure('10.0.0.1');
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBe(0);
    attempts.recordFailure('10.0.0.1');
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBe(10 * 60);
    clock.now += 10 * MINUTE - 1_500;
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBe(2);
    clock.now += 1_500;
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('counts each client apart', () => {
    const attempts = throttle({ now: 0 }, 1);
    attempts.recordFailure('10.0.0.1');
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBeGreaterThan(0);
    expect(attempts.retryAfterSeconds('10.0.0.2')).toBe(0);
  });

  it('forgets a client that got the token right', () => {
    const attempts = throttle({ now: 0 });
    attempts.recordFailure('10.0.0.1');
    attempts.recordFailure('10.0.0.1');
    attempts.recordSuccess('10.0.0.1');
    attempts.recordFailure('10.0.0.1');
    attempts.recordFailure('10.0.0.1');
    expect(attempts.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('tracks at most maxClients addresses, forgetting the oldest first', () => {
    const attempts = throttle({ now: 0 }, 1, 2);
    attempts.recordFailure('a');
    attempts.recordFailure('b');
    attempts.recordFailure('c');
    expect(attempts.retryAfterSeconds('a')).toBe(0);
    expect(attempts.retryAfterSeconds('b')).toBeGreaterThan(0);
    expect(attempts.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});

describe('requireAdminToken', () => {
  const TOKEN = 'admin-token-for-tests-0123456789';
  const clock = { now: 0 };
  let app: express.Express;

  beforeEach(() => {
    clock.now = 0;
    app = express();
    app.use(
      '/admin',
      requireAdminToken(() => TOKEN, throttle(clock))
    );
    app.get('/admin/ping', (_req, res) => res.json({ ok: true }));
  });

  const call = (token: string) => request(app).get('/admin/ping').set('authorization', `Bearer ${token}`);

  it('answers 429 with Retry-After after too many wrong tokens, and keeps the right one out until the window ends', async () => {
    for (let i = 0; i < 3; i++) expect((await call('wrong')).status).toBe(401);
    const throttled = await call(TOKEN);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe(String(15 * 60));
    expect(throttled.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(throttled.body).toMatchObject({
      type: 'https://cardbridge.dev/problems/too-many-requests',
      status: 429,
      detail: expect.stringContaining('try again in 900 s')
    });
    clock.now += 15 * MINUTE;
    expect((await call(TOKEN)).status).toBe(200);
  });

  it('a right token resets the count, so occasional typos never lock the operator out', async () => {
    for (let round = 0; round < 3; round++) {
      expect((await call('typo')).status).toBe(401);
      expect((await call('typo')).status).toBe(401);
      expect((await call(TOKEN)).status).toBe(200);
    }
  });
});
