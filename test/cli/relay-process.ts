/**
 * Runs `relay serve` as a real child process (the way `npm start` does) and
 * waits for its "relay listening" log line to learn the URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'webhook-relay/src/cli/main.ts');

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
  /** Kills the whole process group (tsx and the node process it runs). */
  kill(signal: NodeJS.Signals): void;
}

export function spawnRelay(env: Record<string, string>, cwd: string): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, 'serve'], {
    cwd,
    // Its own home (the test's working directory): a key it generates never lands in the user's ~/.config.
    env: { PATH: process.env.PATH ?? '', HOME: cwd, PORT: '0', LOG_LEVEL: 'info', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill('SIGKILL');
      reject(new Error(`relay did not start:\n${logs.join('')}`));
    }, 20_000);
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'relay listening' && entry.url) {
            clearTimeout(timer);
            resolve({ child, url: entry.url, logs, exited, kill });
          }
        } catch {
          // Not a log line.
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    // 'close' comes after the output streams ended, so the logs hold the reason.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code}:\n${logs.join('\n')}`));
    });
  });
}
