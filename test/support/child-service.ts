/**
 * Starts a TypeScript entry point (through tsx) as a child process and waits for
 * the JSON line in which it announces its URL. Used by the benchmarks and the
 * chaos suite to run the relay, the bare baseline and the API double as real
 * processes on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** tsx as a loader in the program's own process: one process to signal and to measure. */
export const tsxLoaderArgs = ['--import', pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href];

export interface ChildService {
  url: string;
  process: ChildProcess;
  /** Lines the child printed (JSON logs), newest last; bounded. */
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

let serverCpus: string | undefined;

/**
 * Benchmarks: run every service started from here on these CPUs (taskset list, e.g. "1"),
 * so a server and the load generator measuring it do not compete for the same core.
 */
export function pinServicesTo(cpus: string | undefined): void {
  serverCpus = cpus;
}

export async function startChildService(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  urlOf: (line: Record<string, unknown>) => string | undefined = (l) => (typeof l.url === 'string' ? l.url : undefined),
  timeoutMs = 30_000
): Promise<ChildService> {
  const command = [process.execPath, ...tsxLoaderArgs, path.join(repoRoot, entry), ...args];
  // taskset executes the program in its own process: the child's pid stays the program's.
  const [file, ...argv] = serverCpus ? ['taskset', '-c', serverCpus, ...command] : command;
  const child = spawn(file as string, argv, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a stop reaches whatever the program started too.
    detached: true
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 500) lines.shift();
  };
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not announce its URL in ${timeoutMs} ms:\n${lines.join('\n')}`)),
      timeoutMs
    );
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      try {
        const found = urlOf(JSON.parse(line) as Record<string, unknown>);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      } catch {
        // not a JSON line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before announcing its URL:\n${lines.join('\n')}`));
    });
  });
  return {
    url,
    process: child,
    lines,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        try {
          process.kill(-(child.pid as number), signal);
        } catch {
          child.kill(signal);
        }
      })
  };
}

/** `relay serve` as its own process; resolves once it logs "relay listening" (so LOG_LEVEL stays at info). */
export function startRelayProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildService> {
  return startChildService(
    'webhook-relay/src/cli/main.ts',
    ['serve'],
    { PORT: '0', LOG_LEVEL: 'info', ...env },
    (line) => (line.msg === 'relay listening' && typeof line.url === 'string' ? line.url : undefined),
    timeoutMs
  );
}
