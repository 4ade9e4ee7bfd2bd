import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import { storedExchange, waitFor } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { bannerOf, decode, signedInAgent, startConsole, submit, type ConsoleFixture } from './console-fixture';

const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

describe('console: connections, exchanges and dead letters', () => {
  const double = new SalesforceApiDouble();
  let fixture: ConsoleFixture;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    double.resetFaults();
    fixture = await startConsole({ extraSalesforceHosts: () => [double.url] });
  });
  afterEach(() => fixture.close());

  async function connectAcme(agent: Awaited<ReturnType<typeof signedInAgent>>) {
    await submit(agent, '/console/connect', '/console/connect', {
      name: 'Acme',
      instanceUrl: double.url,
      flow: 'client_credentials',
      clientId: double.clientId,
      clientSecret: double.clientSecret,
      accountIds: 'acc_1'
    });
  }

  it('says when no org is connected yet and points to Connect', async () => {
    const agent = await signedInAgent(fixture.app);
    const page = await agent.get('/console/connections');
    expect(page.text).toContain('data-empty="connections"');
    expect(text(page.text)).toContain('No org is connected yet.');
  });

  it('shows each connection with its state, accounts, queue depth and last error in plain words', async () => {
    const agent = await signedInAgent(fixture.app);
    await connectAcme(agent);
    double.faults.packageMissing = true;
    await fixture.store.insert(storedExchange({ accountId: 'acc_1', connectionId: 'acme' }));
    await waitFor(() => fixture.publisher.states()[0]?.state === 'package_missing');
    const page = await agent.get('/console/connections');
    const row = /<tr data-connection="acme">[\s\S]*?<\/tr>/.exec(page.text)?.[0] as string;
    expect(row).toContain('data-state="package_missing"');
    expect(text(row)).toContain('Package missing');
    expect(text(row)).toContain('acc_1');
    expect(row).toMatch(/<td data-queue>1<\/td>/);
    expect(text(row)).toMatch(/(INVALID_TYPE|NOT_FOUND): /);
  });

  it('flags an org whose connection check failed even before anything was published to it', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', {
      name: 'Acme typo',
      instanceUrl: double.url,
      flow: 'client_credentials',
      clientId: double.clientId,
      clientSecret: 'wrong-secret',
      accountIds: 'acc_typo'
    });
    const page = await agent.get('/console/connections');
    const row = /<tr data-connection="acme-typo">[\s\S]*?<\/tr>/.exec(page.text)?.[0] as string;
    expect(row).toContain('data-state="auth_failed"');
    expect(text(row)).toContain('The consumer key and secret do not match.');
  });

  it('tests a connection again from the list and announces the result', async () => {
    const agent = await signedInAgent(fixture.app);
    await connectAcme(agent);
    await agent.get('/console/connections'); // the success banner of Connect is shown once, here
    double.faults.createDenied = true;
    const answer = await submit(agent, '/console/connections', '/console/connections/acme/test', {});
    const page = await agent.get(answer.headers.location as string);
    expect(bannerOf(page.text)?.text).toContain('The integration user may not publish Card Exchange events.');
  });

  it('removes a connection: it leaves the list and the publisher, and its queue waits unrouted', async () => {
    const agent = await signedInAgent(fixture.app);
    await connectAcme(agent);
    await fixture.publisher.removeConnection('acme'); // its worker stops: the exchange below stays queued for it
    const queued = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
    await fixture.store.insert(queued);
    const answer = await submit(agent, '/console/connections', '/console/connections/acme/remove', {});
    const page = await agent.get(answer.headers.location as string);
    expect(bannerOf(page.text)?.text).toBe(
      'Connection “Acme” removed. Its 1 queued exchange(s) wait, unrouted, for a connection that serves their account.'
    );
    expect(await fixture.connections.list()).toEqual([]);
    expect(fixture.publisher.states()).toEqual([]);
    expect(await fixture.store.getByWebhookId(queued.webhookId)).toMatchObject({
      state: 'unrouted',
      connectionId: null
    });
    expect(fixture.audited.map((e) => [e.action, e.target])).toEqual([
      ['console.sign_in', undefined],
      ['connection.create', 'acme'],
      ['connection.delete', 'acme']
    ]);
    expect(fixture.audited[2]?.actor).toEqual({
      via: 'console',
      ip: expect.any(String),
      session: expect.stringMatching(/^[0-9a-f]{12}$/)
    });
  });

  it('shows a state for the org that cannot encrypt platform events, and holds its exchanges', async () => {
    const agent = await signedInAgent(fixture.app);
    await connectAcme(agent);
    double.faults.encryptionError = true;
    const exchange = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
    await fixture.store.insert(exchange);
    await waitFor(() => fixture.publisher.states()[0]?.state === 'encryption_failed');
    const row = /<tr data-connection="acme">[\s\S]*?<\/tr>/.exec(
      (await agent.get('/console/connections')).text
    )?.[0] as string;
    expect(row).toContain('data-state="encryption_failed"');
    expect(text(row)).toContain('Event encryption failing');
    expect(text(row)).toContain('PLATFORM_EVENT_ENCRYPTION_ERROR');
    expect(await fixture.store.getByWebhookId(exchange.webhookId)).toMatchObject({ state: 'queued', attempts: 0 });
    double.resetFaults();
    await waitFor(async () => (await fixture.store.getByWebhookId(exchange.webhookId))?.state === 'published');
  });

  it('looks an exchange up by its id, and says plainly when none was received', async () => {
    const agent = await signedInAgent(fixture.app);
    const exchange = storedExchange({ exchangeId: 'exc_lookup_1', connectionId: null });
    await fixture.store.insert(exchange);
    const found = await agent.get('/console/exchanges?exchangeId=exc_lookup_1');
    expect(found.text).toContain('data-lookup-result');
    expect(text(found.text)).toContain(exchange.webhookId);
    expect(text(found.text)).toContain('Waiting for a connection');
    const missing = await agent.get('/console/exchanges?exchangeId=exc_nope');
    expect(text(missing.text)).toContain('No exchange with id “exc_nope” was received.');
  });

  it('pages through dead letters a hundred at a time, newest first, with links to newer and older pages', async () => {
    const exchanges = Array.from({ length: 250 }, (_, i) => storedExchange({ exchangeId: `exc_dead_${i}` }));
    await Promise.all(exchanges.map((exchange) => fixture.store.insert(exchange)));
    await fixture.store.markDead(exchanges.map((e) => ({ webhookId: e.webhookId, error: 'the org refused it' })));
    const agent = await signedInAgent(fixture.app);
    const rows = (page: string) => (page.match(/<tr data-dead-letter=/g) ?? []).length;
    const links = (page: string) => ({
      newer: /rel="prev" href="\/console\/exchanges\?deadPage=(\d+)"/.exec(page)?.[1],
      older: /rel="next" href="\/console\/exchanges\?deadPage=(\d+)"/.exec(page)?.[1]
    });

    const first = (await agent.get('/console/exchanges')).text;
    expect(rows(first)).toBe(100);
    expect(text(first)).toContain('Showing 1-100 of 250, newest first.');
    expect(links(first)).toEqual({ newer: undefined, older: '1' });

    const second = (await agent.get('/console/exchanges?deadPage=1')).text;
    expect(rows(second)).toBe(100);
    expect(text(second)).toContain('Showing 101-200 of 250');
    expect(links(second)).toEqual({ newer: '0', older: '2' });

    const last = (await agent.get('/console/exchanges?deadPage=2')).text;
    expect(rows(last)).toBe(50);
    expect(text(last)).toContain('Showing 201-250 of 250');
    expect(links(last)).toEqual({ newer: '1', older: undefined });

    const shownOnce = new Set(
      [first, second, last].flatMap((page) => [...page.matchAll(/<tr data-dead-letter="([^"]+)"/g)].map((m) => m[1]))
    );
    expect(shownOnce.size).toBe(250);

    expect(text((await agent.get('/console/exchanges?deadPage=99')).text)).toContain('Showing 201-250 of 250');
    expect(text((await agent.get('/console/exchanges?deadPage=-1')).text)).toContain('Showing 1-100 of 250');
    expect(text((await agent.get('/console/exchanges?deadPage=abc')).text)).toContain('Showing 1-100 of 250');
  });

  it('lists dead letters with their reason and replays the selected ones, showing progress until published', async () => {
    const agent = await signedInAgent(fixture.app);
    const exchange = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
    double.failRecords([exchange.exchangeId], 'INVALID_FIELD', 'No such column Badge__c');
    await fixture.store.insert(exchange);
    await connectAcme(agent);
    await waitFor(async () => (await fixture.store.getByWebhookId(exchange.webhookId))?.state === 'dead');

    const page = await agent.get('/console/exchanges');
    const row = new RegExp(`<tr data-dead-letter="${exchange.exchangeId}">[\\s\\S]*?</tr>`).exec(page.text)?.[0];
    expect(text(row as string)).toContain('INVALID_FIELD: No such column Badge__c');

    double.resetFaults();
    const replay = await submit(agent, '/console/exchanges', '/console/dead-letters/replay', {
      webhookId: [exchange.webhookId]
    });
    expect(replay.status).toBe(303);
    await waitFor(async () => (await fixture.store.getByWebhookId(exchange.webhookId))?.state === 'published');
    const after = await agent.get('/console/exchanges');
    expect(bannerOf(after.text)?.text).toBe('1 dead letter(s) queued again.');
    expect(text(after.text)).toContain('1 of 1 published');
    expect(after.text).toContain('data-replay-done');
    expect(after.text).toContain('data-empty="dead-letters"');
    expect(double.eventsFor(exchange.exchangeId)).toHaveLength(1);
  });

  it('keeps the progress page refreshing while replayed exchanges are still on their way', async () => {
    const agent = await signedInAgent(fixture.app);
    const exchange = storedExchange({ accountId: 'acc_9', connectionId: 'nobody' });
    await fixture.store.insert(exchange);
    await fixture.store.markDead([{ webhookId: exchange.webhookId, error: 'INVALID_FIELD: x' }]);
    await submit(agent, '/console/exchanges', '/console/dead-letters/replay', { webhookId: exchange.webhookId });
    const page = await agent.get('/console/exchanges');
    expect(page.text).toContain('<meta http-equiv="refresh" content="2" />');
    expect(text(page.text)).toContain('0 of 1 published');
  });

  it('asks to select something when the replay form is sent empty', async () => {
    const agent = await signedInAgent(fixture.app);
    const answer = await submit(agent, '/console/exchanges', '/console/dead-letters/replay', {});
    const page = await agent.get(answer.headers.location as string);
    expect(bannerOf(page.text)).toEqual({ kind: 'error', text: 'Select at least one dead letter to replay.' });
  });
});

describe('console: a connection whose secrets do not open with the master key', () => {
  let fixture: ConsoleFixture;
  let database: Database.Database;
  let sealedElsewhere: SqliteConnectionStore;
  let opened: SqliteConnectionStore;

  beforeEach(async () => {
    database = new Database(':memory:');
    // Saved by a relay with another master key (a key retired too early, a row restored from elsewhere).
    sealedElsewhere = new SqliteConnectionStore({ database, masterKey: randomBytes(32) });
    await sealedElsewhere.create({
      id: 'lost',
      name: 'Lost key org',
      instanceUrl: 'https://lost.my.salesforce.com',
      accountIds: ['acc_lost'],
      auth: { flow: 'client_credentials', clientId: 'lost-client', clientSecret: 'lost-secret-value' }
    });
    opened = new SqliteConnectionStore({ database, masterKey: randomBytes(32) });
    fixture = await startConsole({ connections: opened });
  });
  afterEach(async () => {
    await fixture.close();
    database.close();
  });

  it('lists it with what to do and offers only Remove, which sends its queue back to unrouted', async () => {
    const agent = await signedInAgent(fixture.app);
    const queued = storedExchange({ accountId: 'acc_lost', connectionId: 'lost' });
    await fixture.store.insert(queued);
    const page = await agent.get('/console/connections');
    const row = /<tr data-connection="lost">[\s\S]*?<\/tr>/.exec(page.text)?.[0] as string;
    expect(row).toContain('data-state="secret_unreadable"');
    expect(text(row)).toContain('Secrets unreadable');
    expect(text(row)).toContain('acc_lost');
    expect(text(row)).toContain('RELAY_MASTER_KEYS_OLD');
    expect(row).toMatch(/<td data-queue>1<\/td>/);
    expect(row).not.toContain('/console/connections/lost/edit');
    expect(text(row)).not.toContain('from the config file');

    const answer = await submit(agent, '/console/connections', '/console/connections/lost/remove', {});
    expect(answer.status).toBe(303);
    const after = await agent.get(answer.headers.location as string);
    expect(bannerOf(after.text)?.text).toBe(
      'Connection “Lost key org” removed. Its 1 queued exchange(s) wait, unrouted, for a connection that serves their account.'
    );
    await opened.list();
    expect(opened.unreadable()).toEqual([]);
    expect(await fixture.store.getByWebhookId(queued.webhookId)).toMatchObject({
      state: 'unrouted',
      connectionId: null
    });
    expect(fixture.audited.map((e) => [e.action, e.target])).toContainEqual(['connection.delete', 'lost']);
  });
});
