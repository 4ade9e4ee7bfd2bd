import request from 'supertest';
import {
  ADMIN_TOKEN,
  bannerOf,
  csrfOf,
  signedInAgent,
  startConsole,
  submit,
  type ConsoleFixture
} from './console-fixture';

describe('console sign-in, session and CSRF protection', () => {
  let fixture: ConsoleFixture;

  beforeEach(async () => {
    fixture = await startConsole();
  });
  afterEach(() => fixture.close());

  it('sends a visitor without a session to the sign-in form', async () => {
    const answer = await request(fixture.app).get('/console/connections');
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/console/sign-in');
  });

  it('gives the sign-in form an HTTP-only, SameSite=Strict session cookie scoped to /console', async () => {
    const answer = await request(fixture.app).get('/console/sign-in');
    expect(answer.status).toBe(200);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/^cardbridge_console=[\w-]{40,};/);
    expect(cookie).toContain('Path=/console');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain http here: a Secure cookie would never come back
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a wrong admin token with a readable message and keeps the visitor signed out', async () => {
    const agent = request.agent(fixture.app);
    const form = await agent.get('/console/sign-in');
    const answer = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ token: 'guess', csrf: csrfOf(form.text) });
    expect(answer.status).toBe(401);
    expect(bannerOf(answer.text)).toEqual({ kind: 'error', text: "That is not this relay's admin token." });
    expect((await agent.get('/console/connections')).status).toBe(303);
  });

  it('signs in with the admin token under a new session id, so a planted cookie never gets signed in', async () => {
    const agent = request.agent(fixture.app);
    const form = await agent.get('/console/sign-in');
    const before = String(form.headers['set-cookie']).split(';')[0];
    const answer = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ token: ADMIN_TOKEN, csrf: csrfOf(form.text) });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/console/connections');
    expect(String(answer.headers['set-cookie']).split(';')[0]).not.toBe(before);
    expect((await agent.get('/console/connections')).status).toBe(200);
    expect(
      (
        await request(fixture.app)
          .get('/console/connections')
          .set('cookie', before as string)
      ).status
    ).toBe(303);
  });

  it('leaves an audit line for every sign-in, refused ones too, naming the session by a reference only', async () => {
    const refused = request.agent(fixture.app);
    const form = await refused.get('/console/sign-in');
    await refused
      .post('/console/sign-in')
      .type('form')
      .send({ token: 'not-the-token', csrf: csrfOf(form.text) });
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connections', '/console/sign-out', {});
    expect(fixture.audited.map((e) => [e.action, e.outcome ?? 'done'])).toEqual([
      ['console.sign_in_refused', 'refused'],
      ['console.sign_in', 'done'],
      ['console.sign_out', 'done']
    ]);
    const session = fixture.audited[1]?.actor.session as string;
    expect(session).toMatch(/^[0-9a-f]{12}$/);
    expect(fixture.audited[2]?.actor.session).toBe(session);
    const cookies = JSON.stringify(fixture.audited);
    expect(cookies).not.toContain(ADMIN_TOKEN);
    expect(cookies).not.toContain('not-the-token');
  });

  it('refuses a sign-in post without the CSRF token of its form', async () => {
    const agent = request.agent(fixture.app);
    await agent.get('/console/sign-in');
    const answer = await agent.post('/console/sign-in').type('form').send({ token: ADMIN_TOKEN });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('did not come from the console');
  });

  it('refuses a change posted without a session, and one posted with a wrong CSRF token, changing nothing', async () => {
    const fields = { name: 'Acme', instanceUrl: 'https://acme.my.salesforce.com', clientId: 'k', clientSecret: 's' };
    const anonymous = await request(fixture.app)
      .post('/console/connect')
      .type('form')
      .send({ ...fields, csrf: 'x' });
    expect(anonymous.status).toBe(403);
    const agent = await signedInAgent(fixture.app);
    const forged = await agent
      .post('/console/connect')
      .type('form')
      .send({ ...fields, csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect(await fixture.connections.list()).toEqual([]);
  });

  it('refuses a form posted from another site even with a valid token', async () => {
    const agent = await signedInAgent(fixture.app);
    const page = await agent.get('/console/exchanges');
    const answer = await agent
      .post('/console/dead-letters/replay')
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ csrf: csrfOf(page.text), webhookId: 'msg_1' });
    expect(answer.status).toBe(403);
  });

  it('signs out: the session ends and its cookie no longer opens any page', async () => {
    const agent = await signedInAgent(fixture.app);
    const page = await agent.get('/console/connections');
    const cookie = /cardbridge_console=[^;]+/.exec(String(page.request.cookies))?.[0] as string;
    const answer = await submit(agent, '/console/connections', '/console/sign-out', {});
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/console/sign-in?signedOut=1');
    expect(String(answer.headers['set-cookie'])).toMatch(/cardbridge_console=;.*Expires=Thu, 01 Jan 1970/);
    expect((await agent.get('/console/connections')).headers.location).toBe('/console/sign-in');
    const replayed = await request(fixture.app).get('/console/connections').set('cookie', cookie);
    expect(replayed.headers.location).toBe('/console/sign-in?ended=1');
  });

  it('ends a session left idle for more than 30 minutes', async () => {
    const agent = await signedInAgent(fixture.app);
    fixture.clock.now += 31 * 60_000;
    const answer = await agent.get('/console/connections');
    expect(answer.status).toBe(303);
    const form = await agent.get('/console/sign-in?ended=1');
    expect(bannerOf(form.text)?.text).toBe('Your session ended. Sign in again.');
  });

  it('is switched off, saying how to switch it on, when the relay has no admin token', async () => {
    const off = await startConsole({ adminToken: () => undefined });
    try {
      const agent = request.agent(off.app);
      const form = await agent.get('/console/sign-in');
      expect(bannerOf(form.text)?.text).toContain('set RELAY_ADMIN_TOKEN');
      const answer = await agent
        .post('/console/sign-in')
        .type('form')
        .send({ token: '', csrf: csrfOf(form.text) });
      expect(answer.status).toBe(401);
    } finally {
      await off.close();
    }
  });

  it('never writes the admin token to the log', async () => {
    await signedInAgent(fixture.app);
    const agent = request.agent(fixture.app);
    const form = await agent.get('/console/sign-in');
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ token: 'wrong-token-xyz', csrf: csrfOf(form.text) });
    const text = JSON.stringify(fixture.logged);
    expect(fixture.logged.map((line) => line.message)).toEqual(['console: signed in', 'console: sign-in refused']);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toContain('wrong-token-xyz');
  });

  it('speaks French when asked, and remembers it for the session', async () => {
    const agent = await signedInAgent(fixture.app);
    const french = await agent.get('/console/connections?lang=fr');
    expect(french.text).toContain('<html lang="fr">');
    expect(french.text).toContain('Connexions aux orgs');
    expect((await agent.get('/console/exchanges')).text).toContain('Lettres mortes');
  });
});
