/**
 * Rotating the admin token without locking anyone out: `RELAY_ADMIN_TOKEN=<new>,<old>` accepts both on the
 * admin API and the console's sign-in while clients move over; once the old one is dropped it is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../webhook-relay/src/config/load-config';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { startRelay, type RunningRelay } from '../../webhook-relay/src/relay';
import { TEST_SECRET } from '../support/signed-webhook';
import { csrfOf } from '../console/console-fixture';
import { TEST_MASTER_KEY } from './relay-fixture';

const OLD = 'old-admin-token-0123456789';
const NEW = 'new-admin-token-9876543210';

describe('admin token rotation', () => {
  let dataDir: string;
  let relay: RunningRelay | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-admin-rotation-'));
  });
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (adminTokens: string) => {
    relay = await startRelay({
      env: {
        PORT: '0',
        RELAY_HOST: '127.0.0.1',
        RELAY_DATA_DIR: dataDir,
        RELAY_WEBHOOK_SECRET: TEST_SECRET,
        RELAY_MASTER_KEY: TEST_MASTER_KEY,
        RELAY_ADMIN_TOKEN: adminTokens,
        LOG_LEVEL: 'silent'
      },
      cwd: dataDir,
      logger: createLogger({ level: 'silent' })
    });
    return relay;
  };
  const status = async (r: RunningRelay, token: string) =>
    (await fetch(`${r.url}/admin/v1/status`, { headers: { authorization: `Bearer ${token}` } })).status;
  const consoleSignIn = async (r: RunningRelay, token: string) => {
    const agent = request.agent(r.url);
    const form = await agent.get('/console/sign-in');
    return (
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ token, csrf: csrfOf(form.text) })
    ).status;
  };

  it('reads a comma-separated RELAY_ADMIN_TOKEN as the current token and the ones still accepted', () => {
    const loaded = loadConfig({ env: { RELAY_ADMIN_TOKEN: `${NEW}, ${OLD}` }, cwd: dataDir });
    expect(loaded).toMatchObject({ ok: true, config: { adminToken: NEW, previousAdminTokens: [OLD] } });
    const short = loadConfig({ env: { RELAY_ADMIN_TOKEN: `${NEW},short` }, cwd: dataDir });
    expect(short).toMatchObject({ ok: false, errors: ['RELAY_ADMIN_TOKEN: expected at least 16 characters'] });
  });

  it('accepts the new and the old token during the overlap, and only the new one after', async () => {
    let r = await start(`${NEW},${OLD}`);
    expect(await status(r, NEW)).toBe(200);
    expect(await status(r, OLD)).toBe(200);
    expect(await status(r, 'some-other-token-000000')).toBe(401);
    expect(await consoleSignIn(r, OLD)).toBe(303);
    expect(await consoleSignIn(r, NEW)).toBe(303);

    await r.close();
    r = await start(NEW);
    expect(await status(r, NEW)).toBe(200);
    expect(await status(r, OLD)).toBe(401);
    expect(await consoleSignIn(r, OLD)).toBe(401);
  });
});
