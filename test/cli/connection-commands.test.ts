import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { connectCommand } from '../../webhook-relay/src/cli/commands/connect';
import { deadLettersCommand } from '../../webhook-relay/src/cli/commands/dead-letters';
import { replayCommand } from '../../webhook-relay/src/cli/commands/replay';
import { createAdminConnectionRoutes } from '../../webhook-relay/src/http/admin-connections-routes';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { connectionRuntimeFor, testOrgConnection } from '../../webhook-relay/src/publish/org-connection-bridge';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { FAST, memoryStore, storedExchange, waitFor } from '../publish/publish-fixtures';
import { startAttackerHost } from '../support/attacker-host';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

const TOKEN = 'admin-token-for-cli-tests-0123456789';

describe('CLI verbs for connections and dead letters', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let connections: SqliteConnectionStore;
  let publisher: Publisher;
  let server: Server;
  let dir: string;
  let lines: { out: string[]; err: string[] };
  let io: CliIo;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    double.resetFaults();
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-cli-'));
    store = memoryStore();
    connections = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    publisher = createPublisher({ store, ...FAST });
    await publisher.start();
    // The operator allowed the double (on 127.0.0.1) as an extra Salesforce host.
    const trust = { configured: false, extraOrigins: [double.url] };
    const app = express().use(
      createAdminConnectionRoutes({
        connections,
        store,
        publisher: connectionRuntimeFor(publisher, trust),
        testConnection: (c) => testOrgConnection(c, 2_000, { trust }),
        adminToken: () => TOKEN,
        extraSalesforceHosts: () => [double.url]
      })
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    lines = { out: [], err: [] };
    io = {
      out: (line) => lines.out.push(line),
      err: (line) => lines.err.push(line),
      cwd: dir,
      env: {
        RELAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        RELAY_ADMIN_TOKEN: TOKEN,
        RELAY_DATA_DIR: dir,
        // The relay's config insists on an https My Domain when SF_* is set; --instance-url points at the double.
        SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
        SF_CLIENT_ID: double.clientId,
        SF_CLIENT_SECRET: double.clientSecret
      }
    };
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await publisher.stop();
    await connections.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connect saves the org and reports a successful test', async () => {
    const code = await connectCommand.run(
      ['--id', 'acme', '--name', 'Acme', '--instance-url', double.url, '--accounts', 'acc_1'],
      io
    );
    expect(lines.err).toEqual([]);
    expect(code).toBe(0);
    expect(lines.out.join('\n')).toContain('OK: Connected');
    expect((await connections.get('acme'))?.auth).toMatchObject({ clientSecret: double.clientSecret });
  });

  it('connect tells the operator to use My Domain when the login domain refuses the flow', async () => {
    double.actAsGenericLoginDomain();
    const code = await connectCommand.run(['--id', 'acme', '--instance-url', double.url, '--accounts', 'acc_1'], io);
    expect(code).toBe(1);
    expect(lines.out.join('\n')).toContain('My Domain');
  });

  it('connect refuses to run without the client secret in the environment', async () => {
    io = { ...io, env: { ...io.env, SF_CLIENT_SECRET: undefined } };
    expect(await connectCommand.run(['--id', 'acme', '--instance-url', double.url, '--accounts', 'a'], io)).toBe(2);
    expect(lines.err.join('\n')).toContain('SF_CLIENT_SECRET');
  });

  it('connect insists on the accounts the org serves', async () => {
    expect(await connectCommand.run(['--id', 'acme', '--instance-url', double.url], io)).toBe(2);
    expect(lines.err.join('\n')).toContain('--accounts');
  });

  it('connect refuses an id in use, saying how to change it, and --replace changes it', async () => {
    const args = ['--id', 'acme', '--instance-url', double.url, '--accounts', 'acc_1'];
    expect(await connectCommand.run(args, io)).toBe(0);
    expect(await connectCommand.run([...args.slice(0, -1), 'acc_1,acc_2'], io)).toBe(1);
    expect(lines.err.join('\n')).toContain('run connect again with --replace');
    expect((await connections.get('acme'))?.accountIds).toEqual(['acc_1']);
    expect(await connectCommand.run([...args.slice(0, -1), 'acc_1,acc_2', '--replace'], io)).toBe(0);
    expect((await connections.get('acme'))?.accountIds).toEqual(['acc_1', 'acc_2']);
  });

  it('connect sends nothing to a host that is not Salesforce', async () => {
    const attacker = await startAttackerHost();
    try {
      const code = await connectCommand.run(
        ['--id', 'evil', '--instance-url', attacker.url, '--accounts', 'acc_1'],
        io
      );
      expect(code).toBe(1);
      expect(lines.err.join('\n')).toContain('instanceUrl: refused');
      expect(attacker.received).toEqual([]);
    } finally {
      await attacker.stop();
    }
  });

  it('dead-letters lists the reason and replay requeues them for publishing', async () => {
    const exchange = storedExchange({ connectionId: 'acme' });
    double.failRecords([exchange.exchangeId], 'STRING_TOO_LONG', 'Company: data value too large');
    await store.insert(exchange);
    await connectCommand.run(['--id', 'acme', '--instance-url', double.url, '--accounts', 'acc_1'], io);
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'dead');
    expect(await deadLettersCommand.run([], io)).toBe(0);
    expect(lines.out.join('\n')).toContain(`${exchange.webhookId}  exchange ${exchange.exchangeId}`);
    expect(lines.out.join('\n')).toContain('STRING_TOO_LONG: Company: data value too large');
    double.resetFaults();
    expect(await replayCommand.run([exchange.webhookId], io)).toBe(0);
    expect(lines.out).toContain('1 dead letter(s) requeued');
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'published');
  });

  it('replay without ids or --all prints its usage', async () => {
    expect(await replayCommand.run([], io)).toBe(2);
    expect(lines.err[0]).toContain('usage: relay replay');
  });
});
