/**
 * The console's sign-in form under guessing: after ten wrong tokens from one
 * address the form answers 429 with a readable banner (in the visitor's
 * language) and Retry-After, the right token included, until the window ends.
 */
import request from 'supertest';
import { ADMIN_TOKEN, bannerOf, csrfOf, startConsole, type ConsoleFixture } from './console-fixture';

const MINUTE = 60_000;

describe('console sign-in throttling', () => {
  let fixture: ConsoleFixture;

  beforeEach(async () => {
    fixture = await startConsole();
  });
  afterEach(() => fixture.close());

  async function trySignIn(agent: ReturnType<typeof request.agent>, token: string, language?: string) {
    const form = await agent.get(`/console/sign-in${language ? `?lang=${language}` : ''}`);
    return agent
      .post('/console/sign-in')
      .type('form')
      .send({ token, csrf: csrfOf(form.text) });
  }

  it('refuses every try for 15 minutes after ten wrong tokens, then lets the right one in', async () => {
    const agent = request.agent(fixture.app);
    for (let i = 0; i < 10; i++) expect((await trySignIn(agent, `guess-${i}`)).status).toBe(401);

    const throttled = await trySignIn(agent, ADMIN_TOKEN);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe(String(15 * 60));
    expect(bannerOf(throttled.text)).toEqual({
      kind: 'error',
      text: 'Too many wrong tokens came from your address. Try again in 15 minutes.'
    });
    expect((await agent.get('/console/connections')).status).toBe(303);
    expect(fixture.logged.some((line) => line.message.includes('sign-in throttled'))).toBe(true);

    fixture.clock.now += 14 * MINUTE;
    const almost = await trySignIn(agent, ADMIN_TOKEN);
    expect(bannerOf(almost.text)?.text).toContain('Try again in 1 minute.');

    fixture.clock.now += MINUTE;
    expect((await trySignIn(agent, ADMIN_TOKEN)).status).toBe(303);
    expect((await agent.get('/console/connections')).status).toBe(200);
  });

  it('says so in French to a French visitor', async () => {
    const agent = request.agent(fixture.app).set('accept-language', 'fr-FR,fr;q=0.9');
    for (let i = 0; i < 10; i++) await trySignIn(agent, 'mauvais');
    const throttled = await trySignIn(agent, 'mauvais');
    expect(throttled.status).toBe(429);
    expect(bannerOf(throttled.text)?.text).toBe(
      'Trop de jetons erronés sont venus de votre adresse. Réessayez dans 15 minutes.'
    );
  });
});
