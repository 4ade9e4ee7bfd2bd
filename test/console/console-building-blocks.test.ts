import { connectionIdFor, parseAccountIds } from '../../webhook-relay/src/console/connect-form';
import { languageFromHeader } from '../../webhook-relay/src/console/console-messages';
import { ConsoleSessions } from '../../webhook-relay/src/console/console-sessions';
import { en } from '../../webhook-relay/src/console/messages-en';
import { fr } from '../../webhook-relay/src/console/messages-fr';
import { html } from '../../webhook-relay/src/console/safe-html';

describe('console building blocks', () => {
  it('escapes every interpolated value, including attribute quotes, but not nested templates', () => {
    const name = `"><img src=x onerror='alert(1)'>&`;
    expect(html`<input value="${name}" />${html`<b>${'<i>'}</b>`}`.text).toBe(
      '<input value="&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;" /><b>&lt;i&gt;</b>'
    );
  });

  it('turns a connection name into the id the store accepts', () => {
    expect(connectionIdFor('Acme Société — Prod (EU)')).toBe('acme-societe-prod-eu');
    expect(connectionIdFor('!!!')).toBe('');
  });

  it('reads account ids separated by commas, spaces or lines, without duplicates; blank is none', () => {
    expect(parseAccountIds('acc_1, acc_2\nacc_3 acc_1')).toEqual(['acc_1', 'acc_2', 'acc_3']);
    expect(parseAccountIds('  \n ')).toEqual([]);
  });

  it('picks French from the browser language, English otherwise', () => {
    expect(languageFromHeader('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageFromHeader('de-DE,de;q=0.9')).toBe('en');
  });

  it('has a French translation for every English message', () => {
    const missing = Object.keys(en).filter((key) => !(key in fr));
    expect(missing).toEqual([]);
    expect(Object.keys(fr.stateNames).sort()).toEqual(Object.keys(en.stateNames).sort());
  });

  it('drops anonymous visitors before a signed-in admin when too many sessions pile up', () => {
    const sessions = new ConsoleSessions({ maxSessions: 3 });
    const admin = sessions.signIn(sessions.createAnonymous('en'));
    for (let i = 0; i < 10; i += 1) sessions.createAnonymous('en');
    expect(sessions.size).toBe(3);
    expect(sessions.get(admin.id)?.signedIn).toBe(true);
  });

  it('ends a signed-in session after 8 hours even when it is kept busy', () => {
    const clock = { now: 0 };
    const sessions = new ConsoleSessions({ now: () => clock.now });
    const admin = sessions.signIn(sessions.createAnonymous('en'));
    for (let minutes = 20; minutes < 8 * 60; minutes += 20) {
      clock.now = minutes * 60_000;
      expect(sessions.get(admin.id)).toBeDefined();
    }
    clock.now = 8 * 3_600_000;
    expect(sessions.get(admin.id)).toBeUndefined();
  });
});
