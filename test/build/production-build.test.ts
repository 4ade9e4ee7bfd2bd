/**
 * The production recipe without a container engine: the Dockerfile's steps in a clean directory. The relay is
 * compiled (`npm run build`), its production dependencies alone are installed (`npm ci --omit=dev`), and the
 * compiled relay starts with plain `node` (no TypeScript loader), answers its health check, takes a signed
 * webhook and stops on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { postWebhook, signedWebhook } from '../support/signed-webhook';

const repoRoot = path.resolve(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'cardbridge-production-'));
const dataDir = path.join(work, 'data');

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

async function startCompiled(): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve'], {
    cwd: work,
    // HOME too: nothing of the relay's may land outside the directory it was given.
    env: {
      PATH: process.env.PATH,
      HOME: work,
      PORT: '0',
      RELAY_DATA_DIR: dataDir,
      RELAY_MASTER_KEY_FILE: path.join(work, 'master-key'),
      LOG_LEVEL: 'info'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the compiled relay did not start:\n${lines.join('\n')}`)), 30_000);
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        try {
          const parsed = JSON.parse(line) as { url?: unknown; msg?: unknown };
          if (parsed.msg === 'relay listening' && typeof parsed.url === 'string') {
            clearTimeout(timer);
            resolve(parsed.url);
          }
        } catch {
          // not a JSON log line
        }
      });
    }
    child.on('exit', (code) => reject(new Error(`the compiled relay exited with ${code}:\n${lines.join('\n')}`)));
  });
  return { child, url, lines };
}

describe('the production build in a clean directory', () => {
  let relay: { child: ChildProcess; url: string; lines: string[] };

  beforeAll(async () => {
    // The Dockerfile's build stage, then its production stage: only package.json, the lockfile and dist/ travel.
    run(process.execPath, ['scripts/build.mjs', '--out-dir', path.join(work, 'dist')], repoRoot);
    copyFileSync(path.join(repoRoot, 'package.json'), path.join(work, 'package.json'));
    copyFileSync(path.join(repoRoot, 'package-lock.json'), path.join(work, 'package-lock.json'));
    run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], work);
    relay = await startCompiled();
  }, 600_000);

  afterAll(() => {
    if (relay?.child.exitCode === null) relay.child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('installs no development dependency: no TypeScript compiler, no test runner', () => {
    expect(existsSync(path.join(work, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(path.join(work, 'node_modules', 'jest'))).toBe(false);
    expect(existsSync(path.join(work, 'node_modules', 'better-sqlite3'))).toBe(true);
  });

  it('runs compiled JavaScript with plain node', () => {
    expect(relay.child.spawnargs).toEqual([process.execPath, 'dist/cli/main.js', 'serve']);
    expect(existsSync(path.join(work, 'dist', 'console', 'browser', 'console.js'))).toBe(true);
  });

  it('answers its health check and takes a signed webhook', async () => {
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    const secret = readFileSync(path.join(dataDir, 'webhook-secret'), 'utf8').trim();
    const answer = await postWebhook(relay.url, signedWebhook({ secret }));
    expect(answer.status).toBe(202);
  });

  it('stops on SIGTERM within the shutdown budget', async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => relay.child.once('exit', (code) => resolve(code)));
    relay.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(relay.lines.some((line) => line.includes('relay stopped'))).toBe(true);
  });
});
