/** The configuration of trust and tenancy: the operator's extra Salesforce hosts, and one connection per account. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../webhook-relay/src/config/load-config';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'relay-trust-config-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const errorsOf = (result: ReturnType<typeof loadConfig>): string[] => (result.ok ? [] : result.errors);

function writeConfig(value: unknown): void {
  mkdirSync(path.join(cwd, 'config'), { recursive: true });
  writeFileSync(path.join(cwd, 'config/relay.json'), JSON.stringify(value));
}

const connection = (id: string, accountIds?: string[]) => ({
  id,
  name: id,
  instanceUrl: `https://${id}.my.salesforce.com`,
  ...(accountIds ? { accountIds } : {}),
  auth: { flow: 'client_credentials', clientId: 'k', clientSecret: { env: 'SECRET' } }
});

describe('trust and tenancy configuration', () => {
  it('reads the extra Salesforce hosts from RELAY_EXTRA_SALESFORCE_HOSTS as origins; none by default', () => {
    const none = loadConfig({ env: {}, cwd });
    expect(none.ok && none.config.extraSalesforceHosts).toEqual([]);
    const result = loadConfig({
      env: { RELAY_EXTRA_SALESFORCE_HOSTS: 'http://127.0.0.1:8790, sf-proxy.internal.example' },
      cwd
    });
    expect(result.ok && result.config.extraSalesforceHosts).toEqual([
      'http://127.0.0.1:8790',
      'https://sf-proxy.internal.example'
    ]);
  });

  it('reads them from the file too, and refuses one with a path, naming where it came from', () => {
    writeConfig({ extraSalesforceHosts: ['https://sf-proxy.internal.example'] });
    const fromFile = loadConfig({ env: {}, cwd });
    expect(fromFile.ok && fromFile.config.extraSalesforceHosts).toEqual(['https://sf-proxy.internal.example']);
    expect(
      errorsOf(loadConfig({ env: { RELAY_EXTRA_SALESFORCE_HOSTS: 'https://proxy.example/services' }, cwd }))
    ).toEqual([
      expect.stringMatching(
        /^RELAY_EXTRA_SALESFORCE_HOSTS: expected an origin such as https:\/\/sf-proxy\.example\.com/
      )
    ]);
  });

  it('refuses two configured connections listing one account, naming both', () => {
    writeConfig({ connections: [connection('north', ['acc_1', 'acc_2']), connection('south', ['acc_2'])] });
    expect(errorsOf(loadConfig({ env: { SECRET: 's' }, cwd }))).toEqual([
      'connections: account acc_2 is listed by connections "north" and "south": each account goes to one org'
    ]);
  });

  it('allows one connection that serves every account (single tenant), not two', () => {
    writeConfig({ connections: [connection('north'), connection('south', ['acc_2'])] });
    expect(loadConfig({ env: { SECRET: 's' }, cwd }).ok).toBe(true);
    writeConfig({ connections: [connection('north'), connection('south')] });
    expect(errorsOf(loadConfig({ env: { SECRET: 's' }, cwd }))).toEqual([
      expect.stringMatching(/^connections: at most one connection may leave accountIds out/)
    ]);
  });
});
