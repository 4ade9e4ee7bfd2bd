/**
 * A rolling deploy that starts the new relay before the old one stopped, on the same
 * data directory: the new one must refuse to start (saying why) instead of sharing
 * the SQLite outbox, whose leases it would clear at open. Once the old relay is gone,
 * however it ended, the new one starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelayProcess, type ChildService } from '../support/child-service';
import { TEST_SECRET } from '../support/signed-webhook';

jest.setTimeout(60_000);

describe('one relay per SQLite data directory', () => {
  let dataDir: string;
  const running: ChildService[] = [];

  const start = () =>
    startRelayProcess({
      RELAY_DATA_DIR: dataDir,
      RELAY_WEBHOOK_SECRET: TEST_SECRET,
      RELAY_ADMIN_TOKEN: 'lock-admin-token-0123456789',
      RELAY_MASTER_KEY: Buffer.alloc(32, 8).toString('base64')
    }).then((relay) => {
      running.push(relay);
      return relay;
    });

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-lock-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((relay) => relay.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start a second relay on a directory another relay is using, naming the directory', async () => {
    const first = await start();
    await expect(start()).rejects.toThrow(
      new RegExp(`relay failed to start: ${path.join(dataDir, 'outbox.sqlite')} is in use by another relay process`)
    );
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('starts once the relay holding the directory was killed', async () => {
    const first = await start();
    await first.stop('SIGKILL');
    const second = await start();
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
  });
});
