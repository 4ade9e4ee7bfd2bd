import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createAdminConnectionRoutes } from '../../webhook-relay/src/http/admin-connections-routes';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { connectionRuntimeFor, testOrgConnection } from '../../webhook-relay/src/publish/org-connection-bridge';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { FAST, memoryStore, storedExchange, waitFor } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

const TOKEN = 'admin-token-for-tests-0123456789';

describe('admin API for org connections and dead letters', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let connections: SqliteConnectionStore;
  let publisher: Publisher;
  let app: express.Express;
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
    app = express();
    app.use(
      createAdminConnectionRoutes({
        connections,
        store,
        publisher: connectionRuntimeFor(publisher),
        testConnection: (c) => testOrgConnection(c, 2_000),
        adminToken: () => TOKEN
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
    expect((await request(app).delete('/admin/v1/connections/acme').set(auth)).status).toBe(204);
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
});
