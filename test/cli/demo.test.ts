import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('npm run demo', () => {
  it('shows a signed John Doe exchange arriving in the org as a CardExchange__e event', () => {
    const run = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/demo.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PORT: '0' }
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/posted a signed "John Doe" exchange: HTTP 202/);
    expect(run.stdout).toMatch(/The org received cardbridge__CardExchange__e \(event UUID [0-9a-f-]{36}\)/);
    expect(run.stdout).toMatch(/cardbridge__LastName__c\s+"Doe"/);
    expect(run.stdout).toMatch(/"state":"published"/);
    // The package's receipt, read back: the Lead the API double's subscriber created.
    expect(run.stdout).toMatch(/6\. The package's receipt, read back from the org: Processed/);
    expect(run.stdout).toMatch(/John Doe was created as a Lead \(00Q[A-Za-z0-9]{15}\)/);
  });
});
