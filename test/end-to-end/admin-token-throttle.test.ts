/**
 * In a running relay the admin API and the console share one wrong-token
 * throttle: guesses spent on one count against the other.
 */
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST } from '../publish/publish-fixtures';

describe('one admin-token throttle for the admin API and the console', () => {
  let relay: TestRelay;

  beforeAll(async () => {
    relay = await startTestRelay({}, { publishing: { ...FAST } });
  });
  afterAll(() => relay.stop());

  it('ten wrong bearer tokens on the admin API also close the console sign-in, and the API itself', async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await fetch(`${relay.url}/admin/v1/connections`, {
        headers: { authorization: `Bearer guess-${i}` }
      });
      expect(answer.status).toBe(401);
    }
    const api = await fetch(`${relay.url}/admin/v1/connections`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
    });
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(800);

    const form = await fetch(`${relay.url}/console/sign-in`);
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;
    const signIn = await fetch(`${relay.url}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TEST_ADMIN_TOKEN, csrf }).toString()
    });
    expect(signIn.status).toBe(429);
  });
});
