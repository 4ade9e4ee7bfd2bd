/** Loading the relay configuration: defaults, the optional file, environment overrides and readable errors. */
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalSecrets, readLocalSecrets } from '../../webhook-relay/src/config/local-secrets';
import { loadConfig } from '../../webhook-relay/src/config/load-config';

const SECRET_A = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
const SECRET_B = 'whsec_' + Buffer.alloc(32, 2).toString('base64');
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'relay-config-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function writeConfig(value: unknown): void {
  mkdirSync(path.join(cwd, 'config'), { recursive: true });
  writeFileSync(path.join(cwd, 'config/relay.json'), JSON.stringify(value));
}

function errorsOf(result: ReturnType<typeof loadConfig>): string[] {
  return result.ok ? [] : result.errors;
}

describe('relay configuration', () => {
  it('works with no file and no environment: port 8787, ./.relay-data, no connections', () => {
    const result = loadConfig({ env: {}, cwd });
    expect(result).toMatchObject({
      ok: true,
      config: { port: 8787, dataDir: './.relay-data', connections: [], webhookSecrets: [], logLevel: 'info' }
    });
  });

  it('reads a comma-separated list of webhook secrets for rotation', () => {
    const result = loadConfig({ env: { RELAY_WEBHOOK_SECRET: `${SECRET_A}, ${SECRET_B}` }, cwd });
    expect(result.ok && result.config.webhookSecrets).toEqual([SECRET_A, SECRET_B]);
  });

  it('reads the tuning and listening settings from the environment', () => {
    const result = loadConfig({
      env: {
        RELAY_HOST: '127.0.0.1',
        RELAY_PUBLISH_TIMEOUT_SECONDS: '5',
        RELAY_LEASE_SECONDS: '30',
        RELAY_MAX_AGE_HOURS: '24'
      },
      cwd
    });
    expect(result).toMatchObject({
      ok: true,
      config: { host: '127.0.0.1', publishTimeoutSeconds: 5, leaseSeconds: 30, maxAgeHours: 24 }
    });
    expect(loadConfig({ env: {}, cwd })).toMatchObject({
      config: { host: '0.0.0.0', publishTimeoutSeconds: 30, leaseSeconds: 240, maxAgeHours: 72 }
    });
    expect(errorsOf(loadConfig({ env: { RELAY_LEASE_SECONDS: 'soon' }, cwd }))[0]).toMatch(/^RELAY_LEASE_SECONDS: /);
  });

  it('reads the receipt window, the time between looks and the re-send limit, and names a bad one', () => {
    expect(loadConfig({ env: {}, cwd })).toMatchObject({
      config: { confirmAfterSeconds: 600, receiptCheckSeconds: 60, resendLimit: 3 }
    });
    const env = { RELAY_CONFIRM_AFTER_SECONDS: '120', RELAY_RECEIPT_CHECK_SECONDS: '10', RELAY_RESEND_LIMIT: '0' };
    expect(loadConfig({ env, cwd })).toMatchObject({
      config: { confirmAfterSeconds: 120, receiptCheckSeconds: 10, resendLimit: 0 }
    });
    expect(errorsOf(loadConfig({ env: { RELAY_CONFIRM_AFTER_SECONDS: 'later' }, cwd }))[0]).toMatch(
      /^RELAY_CONFIRM_AFTER_SECONDS: /
    );
    expect(errorsOf(loadConfig({ env: { RELAY_RESEND_LIMIT: '1.5' }, cwd }))[0]).toMatch(/^RELAY_RESEND_LIMIT: /);
  });

  it('reads the internal listener from the environment, on loopback unless told otherwise', () => {
    const defaults = loadConfig({ env: {}, cwd });
    expect(defaults).toMatchObject({ ok: true, config: { internalHost: '127.0.0.1' } });
    expect(defaults.ok && defaults.config.internalPort).toBeUndefined();
    expect(loadConfig({ env: { RELAY_INTERNAL_PORT: '9464', RELAY_INTERNAL_HOST: '10.0.0.5' }, cwd })).toMatchObject({
      ok: true,
      config: { internalPort: 9464, internalHost: '10.0.0.5' }
    });
    expect(errorsOf(loadConfig({ env: { RELAY_INTERNAL_PORT: 'admin' }, cwd }))).toEqual([
      'RELAY_INTERNAL_PORT: expected a port number 1-65535'
    ]);
    expect(errorsOf(loadConfig({ env: { PORT: '9000', RELAY_INTERNAL_PORT: '9000' }, cwd }))).toEqual([
      'RELAY_INTERNAL_PORT: must differ from the public port (9000)'
    ]);
  });

  it('refuses a lease no longer than the worst publish chain its timeout allows, saying what to set', () => {
    // Token, call, new token, call again: 4 x 30 s.
    expect(errorsOf(loadConfig({ env: { RELAY_LEASE_SECONDS: '120' }, cwd }))).toEqual([
      'RELAY_LEASE_SECONDS: 120 s is not longer than the worst publish chain of 120 s (a token request, the call, ' +
        'a new token and the call again, 30 s each at publishTimeoutSeconds): another relay could take a batch over ' +
        'while it is being published; set at least 240 s, or lower publishTimeoutSeconds'
    ]);
    expect(errorsOf(loadConfig({ env: { RELAY_PUBLISH_TIMEOUT_SECONDS: '60' }, cwd }))[0]).toMatch(
      /^leaseSeconds: 240 s is not longer than the worst publish chain of 240 s/
    );
    expect(loadConfig({ env: { RELAY_LEASE_SECONDS: '121' }, cwd }).ok).toBe(true);
    expect(loadConfig({ env: { RELAY_PUBLISH_TIMEOUT_SECONDS: '2', RELAY_LEASE_SECONDS: '10' }, cwd }).ok).toBe(true);
  });

  it('reads the shutdown budget in seconds, 20 by default, from the file or RELAY_SHUTDOWN_SECONDS', () => {
    expect(loadConfig({ env: {}, cwd })).toMatchObject({ ok: true, config: { shutdownSeconds: 20 } });
    expect(loadConfig({ env: { RELAY_SHUTDOWN_SECONDS: '8' }, cwd })).toMatchObject({ config: { shutdownSeconds: 8 } });
    expect(errorsOf(loadConfig({ env: { RELAY_SHUTDOWN_SECONDS: 'soon' }, cwd }))[0]).toMatch(
      /^RELAY_SHUTDOWN_SECONDS: /
    );
    writeConfig({ shutdownSeconds: 12 });
    expect(loadConfig({ env: {}, cwd })).toMatchObject({ ok: true, config: { shutdownSeconds: 12 } });
  });

  it('reads the retention of published exchanges in whole days, 30 by default, refusing anything else', () => {
    expect(loadConfig({ env: {}, cwd })).toMatchObject({ ok: true, config: { retentionDays: 30 } });
    expect(loadConfig({ env: { RELAY_RETENTION_DAYS: '7' }, cwd })).toMatchObject({
      ok: true,
      config: { retentionDays: 7 }
    });
    expect(loadConfig({ env: { RELAY_RETENTION_DAYS: '1' }, cwd })).toMatchObject({ config: { retentionDays: 1 } });
    for (const bad of ['0', '-3', '1.5', 'a month', 'Infinity']) {
      expect(errorsOf(loadConfig({ env: { RELAY_RETENTION_DAYS: bad }, cwd }))).toEqual([
        'RELAY_RETENTION_DAYS: expected a whole number of days, 1 or more'
      ]);
    }
    writeConfig({ retentionDays: 90 });
    expect(loadConfig({ env: {}, cwd })).toMatchObject({ ok: true, config: { retentionDays: 90 } });
    expect(loadConfig({ env: { RELAY_RETENTION_DAYS: '14' }, cwd })).toMatchObject({ config: { retentionDays: 14 } });
    writeConfig({ retentionDays: 0.5 });
    expect(errorsOf(loadConfig({ env: {}, cwd }))).toEqual([
      'relay.json: retentionDays: expected a whole number of days, 1 or more'
    ]);
  });

  it('names the variable when a value is wrong', () => {
    expect(errorsOf(loadConfig({ env: { PORT: 'eighty' }, cwd }))).toEqual(['PORT: expected a port number 1-65535']);
    expect(errorsOf(loadConfig({ env: { PORT: '70000' }, cwd }))).toEqual(['PORT: expected a port number 1-65535']);
    expect(errorsOf(loadConfig({ env: { RELAY_WEBHOOK_SECRET: 'hunter2' }, cwd }))[0]).toMatch(
      /^RELAY_WEBHOOK_SECRET: expected whsec_/
    );
    expect(errorsOf(loadConfig({ env: { LOG_LEVEL: 'loud' }, cwd }))[0]).toMatch(/^LOG_LEVEL: /);
  });

  it('builds one connection from the single-org shortcut with default API version and namespace', () => {
    const result = loadConfig({
      env: {
        SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
        SF_CLIENT_ID: 'id',
        SF_CLIENT_SECRET: 'secret',
        SF_ACCOUNT_IDS: 'acc_1, acc_2'
      },
      cwd
    });
    expect(result.ok && result.config.connections).toEqual([
      {
        id: 'default',
        name: 'Default org',
        instanceUrl: 'https://acme.my.salesforce.com',
        apiVersion: '65.0',
        namespace: 'cardbridge',
        accountIds: ['acc_1', 'acc_2'],
        auth: { flow: 'client_credentials', clientId: 'id', clientSecret: 'secret' }
      }
    ]);
  });

  it('names SF_CLIENT_SECRET when the shortcut lacks it', () => {
    const errors = errorsOf(
      loadConfig({ env: { SF_INSTANCE_URL: 'https://acme.my.salesforce.com', SF_CLIENT_ID: 'id' }, cwd })
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^SF_CLIENT_SECRET: /);
  });

  it('reads config/relay.json, resolving secrets from the environment', () => {
    writeConfig({
      port: 9000,
      webhookSecrets: [{ env: 'HOOK_SECRET' }],
      connections: [
        {
          id: 'acme-prod',
          name: 'Acme',
          instanceUrl: 'https://acme.my.salesforce.com',
          accountIds: ['acc_1'],
          auth: { flow: 'jwt', clientId: 'cid', username: 'int@acme.example', privateKey: { env: 'ACME_KEY' } }
        }
      ]
    });
    const result = loadConfig({ env: { HOOK_SECRET: SECRET_A, ACME_KEY: '-----BEGIN PRIVATE KEY-----' }, cwd });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(9000);
    expect(result.config.webhookSecrets).toEqual([SECRET_A]);
    expect(result.config.connections[0]?.auth).toEqual({
      flow: 'jwt',
      clientId: 'cid',
      username: 'int@acme.example',
      privateKey: '-----BEGIN PRIVATE KEY-----'
    });
  });

  it('lets the environment override the file', () => {
    writeConfig({ port: 9000 });
    expect(loadConfig({ env: { PORT: '9100' }, cwd })).toMatchObject({ ok: true, config: { port: 9100 } });
  });

  it('refuses a secret written in the file and names where it is', () => {
    writeConfig({
      connections: [
        {
          id: 'acme',
          name: 'Acme',
          instanceUrl: 'https://acme.my.salesforce.com',
          auth: { flow: 'client_credentials', clientId: 'cid', clientSecret: 'plain-text-secret' }
        }
      ]
    });
    const errors = errorsOf(loadConfig({ env: {}, cwd }));
    expect(errors.join('\n')).toContain('connections[0].auth.clientSecret');
    expect(errors.join('\n')).not.toContain('plain-text-secret');
  });

  it('names the environment variable a file reference needs when it is not set', () => {
    writeConfig({ adminToken: { env: 'MY_ADMIN_TOKEN' } });
    expect(errorsOf(loadConfig({ env: {}, cwd }))).toEqual([
      'adminToken: environment variable MY_ADMIN_TOKEN is not set'
    ]);
  });

  it('refuses unknown keys in the file', () => {
    writeConfig({ prot: 9000 });
    expect(errorsOf(loadConfig({ env: {}, cwd })).join('\n')).toMatch(/relay\.json/);
  });

  it('accepts the documented example config', () => {
    const example = path.resolve(__dirname, '../../config/relay.example.json');
    const result = loadConfig({
      env: {
        ACME_SF_CLIENT_SECRET: 's1',
        GLOBEX_SF_PRIVATE_KEY: 'k',
        INITECH_SF_CLIENT_SECRET: 's2',
        INITECH_SF_REFRESH_TOKEN: 'r',
        RELAY_WEBHOOK_SECRET_CURRENT: SECRET_A,
        RELAY_WEBHOOK_SECRET_NEXT: SECRET_B,
        RELAY_ADMIN_TOKEN_VALUE: 'a-very-long-admin-token-value',
        RELAY_MASTER_KEY_VALUE: 'k'.repeat(44),
        RELAY_MASTER_KEY_PREVIOUS: `k1:${'p'.repeat(44)}`,
        RELAY_DATABASE_URL_VALUE: 'postgres://127.0.0.1:5432/test'
      },
      cwd,
      configFile: example
    });
    expect(errorsOf(result)).toEqual([]);
    expect(JSON.parse(readFileSync(example, 'utf8')).connections).toHaveLength(3);
  });
});

describe('first-run secrets', () => {
  it('generates a webhook secret and an admin token once, owner-readable only, and reuses them', () => {
    const loaded = loadConfig({ env: { RELAY_DATA_DIR: path.join(cwd, 'data') }, cwd });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    const first = ensureLocalSecrets(loaded.config);
    expect(first.generated.map((f) => path.basename(f)).sort()).toEqual(['admin-token', 'webhook-secret']);
    for (const file of first.generated) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.config.webhookSecrets[0]).toMatch(/^whsec_/);

    const second = ensureLocalSecrets(loaded.config);
    expect(second.generated).toEqual([]);
    expect(second.config.webhookSecrets).toEqual(first.config.webhookSecrets);
    expect(readLocalSecrets(loaded.config)).toEqual({
      webhookSecret: first.config.webhookSecrets[0],
      adminToken: first.config.adminToken
    });
  });

  it('generates nothing when both are configured', () => {
    const loaded = loadConfig({
      env: {
        RELAY_DATA_DIR: path.join(cwd, 'data'),
        RELAY_WEBHOOK_SECRET: SECRET_A,
        RELAY_ADMIN_TOKEN: 'x'.repeat(20)
      },
      cwd
    });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    expect(ensureLocalSecrets(loaded.config).generated).toEqual([]);
  });
});
