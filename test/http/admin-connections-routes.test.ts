import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createAdminConnectionRoutes } from '../../webhook-relay/src/http/admin-connections-routes';
import type { AuditEvent } from '../../webhook-relay/src/log/audit-log';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { connectionRuntimeFor, testOrgConnection } from '../../webhook-relay/src/publish/org-connection-bridge';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { FAST, memoryStore, storedExchange, waitFor } from '../publish/publish-fixtures';
import { startAttackerHost, type AttackerHost } from '../support/attacker-host';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

const TOKEN = 'admin-token-for-tests-0123456789';

describe('admin API for org connections and dead letters', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let connections: SqliteConnectionStore;
  let publisher: Publisher;
  let app: express.Express;
  let audited: AuditEvent[];
  /** Hosts the operator allowed besides Salesforce's (the double listens on 127.0.0.1). */
  let extraHosts: string[];
  const auth = { authorization: `Bearer ${TOKEN}` };
  const newConnection = (overrides: Record<string, unknown> = {}) => ({
    id: 'acme',
    name: 'Acme org',
    instanceUrl: double.url,
    accountIds: ['acc_1'],
    auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret },
    ...overrides
  });

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    double.resetFaults();
    store = memoryStore();
    connections = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    publisher = createPublisher({ store, ...FAST });
    await publisher.start();
    audited = [];
    extraHosts = [double.url];
    const trust = {
      configured: false,
      get extraOrigins() {
        return extraHosts;
      }
    };
    app = express();
    app.use(
      createAdminConnectionRoutes({
        connections,
        store,
        publisher: connectionRuntimeFor(publisher, trust),
        testConnection: (c) => testOrgConnection(c, 2_000, { trust }),
        adminToken: () => TOKEN,
        extraSalesforceHosts: () => extraHosts,
        audit: { record: (event) => audited.push(event) }
      })
    );
  });
  afterEach(async () => {
    await publisher.stop();
    await connections.close();
    await store.close();
  });

  it('refuses calls without the admin token', async () => {
    const answer = await request(app).get('/admin/v1/connections');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('adds a connection, lists it without its secret, and publishes the exchanges that waited for it', async () => {
    const waiting = storedExchange({ accountId: 'acc_1', connectionId: null });
    await store.insert(waiting);
    const added = await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
    expect(added.status).toBe(201);
    await waitFor(async () => (await store.getByWebhookId(waiting.webhookId))?.state === 'published');
    const listed = await request(app).get('/admin/v1/connections').set(auth);
    expect(listed.body.connections).toEqual([
      expect.objectContaining({ id: 'acme', flow: 'client_credentials', clientId: double.clientId, state: 'ok' })
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(double.clientSecret);
  });

  it('answers a readable problem naming the bad field of a connection', async () => {
    const answer = await request(app)
      .post('/admin/v1/connections')
      .set(auth)
      .send(newConnection({ instanceUrl: 'not a url' }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'instanceUrl' })]);
  });

  it('tests a connection and explains a missing package in plain words', async () => {
    await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
    expect((await request(app).post('/admin/v1/connections/acme/test').set(auth)).body).toMatchObject({ ok: true });
    double.faults.packageMissing = true;
    const answer = await request(app).post('/admin/v1/connections/acme/test').set(auth);
    expect(answer.body).toMatchObject({ ok: false, code: 'package_missing', step: 'describe' });
  });

  it('removes a connection, and answers 404 for one that does not exist', async () => {
    await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
    expect((await request(app).delete('/admin/v1/connections/acme').set(auth)).status).toBe(200);
    expect(publisher.states()).toEqual([]);
    expect((await request(app).delete('/admin/v1/connections/acme').set(auth)).status).toBe(404);
  });

  it('lists dead letters with their reason and replays them into Salesforce', async () => {
    const exchange = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
    double.failRecords([exchange.exchangeId], 'INVALID_FIELD', 'No such column');
    await store.insert(exchange);
    await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'dead');
    const dead = await request(app).get('/admin/v1/dead-letters').set(auth);
    expect(dead.body.deadLetters).toEqual([
      expect.objectContaining({ webhookId: exchange.webhookId, lastError: 'INVALID_FIELD: No such column' })
    ]);
    double.resetFaults();
    const replay = await request(app)
      .post('/admin/v1/dead-letters/replay')
      .set(auth)
      .send({ webhookIds: [exchange.webhookId] });
    expect(replay.body).toEqual({ replayed: 1 });
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'published');
  });

  it('refuses a replay body that is not a list of ids', async () => {
    const answer = await request(app).post('/admin/v1/dead-letters/replay').set(auth).send({ webhookIds: 'all' });
    expect(answer.status).toBe(400);
  });

  describe('connections added here reach Salesforce hosts only', () => {
    let attacker: AttackerHost;
    beforeEach(async () => {
      attacker = await startAttackerHost();
    });
    afterEach(() => attacker.stop());

    it.each([
      ['the attacker itself', (a: string) => a],
      ['https on the attacker', (a: string) => a.replace('http:', 'https:')],
      ['a lookalike of a My Domain', () => 'https://acme.my.salesforce.com.127.0.0.1.nip.io'],
      ['a My Domain with a path and query', () => 'https://acme.my.salesforce.com/x?next=http://127.0.0.1'],
      ['a My Domain with credentials', () => 'https://x:y@acme.my.salesforce.com']
    ])('refuses %s as the My Domain URL and sends it nothing', async (_label, urlFor) => {
      const answer = await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ instanceUrl: urlFor(attacker.url) }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'instanceUrl' })]);
      expect(await connections.list()).toEqual([]);
      expect(attacker.received).toEqual([]);
    });

    it('refuses a JWT login URL (the assertion audience) that is not Salesforce', async () => {
      const answer = await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(
          newConnection({
            auth: {
              flow: 'jwt',
              clientId: 'key',
              username: 'integration@acme.example',
              privateKey: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----',
              loginUrl: attacker.url
            }
          })
        );
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'auth.loginUrl' })]);
      expect(attacker.received).toEqual([]);
    });

    it('never sends the saved secret to a new URL: an edit that moves the connection must bring its own', async () => {
      await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
      // Even to a host the operator allowed: the saved secret belongs to the old one.
      extraHosts = [double.url, attacker.url];
      const { clientSecret: _secret, ...withoutSecret } = newConnection().auth;
      const moved = await request(app)
        .put('/admin/v1/connections/acme')
        .set(auth)
        .send({ ...newConnection({ instanceUrl: attacker.url }), auth: withoutSecret });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([expect.objectContaining({ path: 'auth.clientSecret' })]);
      const newKey = await request(app)
        .put('/admin/v1/connections/acme')
        .set(auth)
        .send({ ...newConnection(), auth: { ...withoutSecret, clientId: 'another-key' } });
      expect(newKey.status).toBe(400);
      expect((await connections.get('acme'))?.instanceUrl).toBe(double.url);
      await request(app).post('/admin/v1/connections/acme/test').set(auth);
      expect(attacker.received).toEqual([]);
    });

    it('does not take the operator’s extra hosts from a request', async () => {
      const answer = await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send({ ...newConnection({ instanceUrl: attacker.url }), extraSalesforceHosts: [attacker.url] });
      expect(answer.status).toBe(400);
      expect(attacker.received).toEqual([]);
    });
  });

  describe('create, edit and tenancy', () => {
    it('refuses to create a connection whose id exists (409), and edits it only with PUT', async () => {
      await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
      const again = await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ name: 'Impostor', accountIds: ['acc_evil'] }));
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.body.detail).toContain('PUT /admin/v1/connections/acme');
      expect(await connections.get('acme')).toMatchObject({ name: 'Acme org', accountIds: ['acc_1'] });

      const { clientSecret: _secret, ...sameApp } = newConnection().auth;
      const edited = await request(app)
        .put('/admin/v1/connections/acme')
        .set(auth)
        .send({ ...newConnection({ name: 'Acme renamed', accountIds: ['acc_1', 'acc_2'] }), auth: sameApp });
      expect(edited.status).toBe(200);
      expect(await connections.get('acme')).toMatchObject({
        name: 'Acme renamed',
        accountIds: ['acc_1', 'acc_2'],
        auth: { clientSecret: double.clientSecret }
      });
      const nobody = await request(app)
        .put('/admin/v1/connections/nobody')
        .set(auth)
        .send(newConnection({ id: 'nobody' }));
      expect(nobody.status).toBe(404);
    });

    it('requires the accounts a run-time connection serves', async () => {
      const { accountIds: _accounts, ...withoutAccounts } = newConnection();
      for (const body of [withoutAccounts, newConnection({ accountIds: [] }), newConnection({ accountIds: null })]) {
        const answer = await request(app).post('/admin/v1/connections').set(auth).send(body);
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'accountIds' })]);
      }
    });

    it('refuses an account another connection serves, naming that connection, on create and on edit', async () => {
      await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
      const clash = await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ id: 'globex', name: 'Globex', accountIds: ['acc_9', 'acc_1'] }));
      expect(clash.status).toBe(409);
      expect(clash.body.detail).toBe(
        'account acc_1 is served by connection “Acme org” (acme); each account goes to one org'
      );
      expect(clash.body.errors).toEqual([{ path: 'accountIds', message: 'acc_1 is served by connection "acme"' }]);
      await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ id: 'globex', name: 'Globex', accountIds: ['acc_9'] }));
      const editClash = await request(app)
        .put('/admin/v1/connections/globex')
        .set(auth)
        .send(newConnection({ id: 'globex', name: 'Globex', accountIds: ['acc_1'] }));
      expect(editClash.status).toBe(409);
      expect(publisher.connections().map((c) => [c.id, c.accountIds])).toEqual([
        ['acme', ['acc_1']],
        ['globex', ['acc_9']]
      ]);
    });
  });

  describe('every acknowledged exchange stays deliverable', () => {
    it('puts what a removed connection had queued back to unrouted, and publishes it once another serves the account', async () => {
      await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
      await publisher.removeConnection('acme'); // its worker stops: the exchange below stays queued for it
      const waiting = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
      await store.insert(waiting);
      const removed = await request(app).delete('/admin/v1/connections/acme').set(auth);
      expect(removed.body).toEqual({ removed: 'acme', unrouted: 1 });
      expect(await store.getByWebhookId(waiting.webhookId)).toMatchObject({ state: 'unrouted', connectionId: null });
      await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ id: 'acme-new', name: 'Acme new' }));
      await waitFor(async () => (await store.getByWebhookId(waiting.webhookId))?.state === 'published');
      expect(double.eventsFor(waiting.exchangeId)).toHaveLength(1);
    });

    it('puts exchanges of an account a connection no longer serves back to unrouted, for the one that does', async () => {
      await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ accountIds: ['acc_1', 'acc_2'] }));
      await publisher.removeConnection('acme'); // nothing publishes meanwhile
      const forAcc2 = storedExchange({ accountId: 'acc_2', connectionId: 'acme' });
      const forAcc1 = storedExchange({ accountId: 'acc_1', connectionId: 'acme' });
      await store.insert(forAcc2);
      await store.insert(forAcc1);
      const edited = await request(app)
        .put('/admin/v1/connections/acme')
        .set(auth)
        .send(newConnection({ accountIds: ['acc_1'] }));
      expect(edited.body.unrouted).toBe(1);
      await waitFor(async () => (await store.getByWebhookId(forAcc1.webhookId))?.state === 'published');
      expect(await store.getByWebhookId(forAcc2.webhookId)).toMatchObject({ state: 'unrouted' });
      await request(app)
        .post('/admin/v1/connections')
        .set(auth)
        .send(newConnection({ id: 'acc2-org', name: 'Acc 2 org', accountIds: ['acc_2'] }));
      await waitFor(async () => (await store.getByWebhookId(forAcc2.webhookId))?.state === 'published');
    });
  });

  it('leaves an audit line for each change and replay, with who and what but no secret', async () => {
    await request(app).post('/admin/v1/connections').set(auth).send(newConnection());
    const { clientSecret: _secret, ...sameApp } = newConnection().auth;
    await request(app)
      .put('/admin/v1/connections/acme')
      .set(auth)
      .send({ ...newConnection({ name: 'Renamed' }), auth: sameApp });
    await request(app).post('/admin/v1/dead-letters/replay').set(auth).send({});
    await request(app).delete('/admin/v1/connections/acme').set(auth);
    expect(audited.map((e) => [e.action, e.target, e.outcome ?? 'done'])).toEqual([
      ['connection.create', 'acme', 'done'],
      ['connection.update', 'acme', 'done'],
      ['dead_letters.replay', 'all', 'done'],
      ['connection.delete', 'acme', 'done']
    ]);
    expect(audited[0]?.actor).toEqual({ via: 'admin-api', ip: expect.any(String) });
    expect(audited[1]?.details).toMatchObject({ changed: ['name'] });
    expect(JSON.stringify(audited)).not.toContain(double.clientSecret);
  });
});
