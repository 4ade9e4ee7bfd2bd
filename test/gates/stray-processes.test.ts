/**
 * `npm test` fails when it leaves a process behind (issue #18: a detached `sf update --autoupdate`
 * outlived a run). The check finds, with real processes: one that carries the run's marker, an orphan
 * started during the run that names this checkout, and neither a process of another run nor one
 * that ended.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

type Stray = { pid: number; command: string };

/** Asks scripts/stray-processes.mjs, as run-all-tests does, from a process of its own. */
function strays(marker: string, since: number): Stray[] {
  const script = `
    import { findStrayProcesses } from './scripts/stray-processes.mjs';
    console.log(JSON.stringify(findStrayProcesses({ marker: process.env.MARKER, root: process.env.ROOT, since: Number(process.env.SINCE) })));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MARKER: marker, ROOT: root, SINCE: String(since) },
    encoding: 'utf8'
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Stray[];
}

function ticksNow(): number {
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { startTicks } from './scripts/stray-processes.mjs'; console.log(startTicks(process.pid));"
    ],
    { cwd: root, encoding: 'utf8' }
  );
  return Number(run.stdout.trim());
}

/** A sleeping node process that `sh` starts in the background and leaves: an orphan, as a detached updater is. */
function orphan(env: Record<string, string>, argument: string): number {
  const run = spawnSync(
    'sh',
    ['-c', `"${process.execPath}" -e "setTimeout(() => {}, 30000)" "${argument}" >/dev/null 2>&1 & echo $!`],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }
  );
  return Number(run.stdout.trim());
}

const started: number[] = [];
const stop = (pid: number) => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
afterEach(() => started.splice(0).forEach(stop));

const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux('no stray processes after npm test', () => {
  it('finds a process left running with the run’s marker in its environment, wherever it runs from', () => {
    const marker = randomUUID();
    const since = ticksNow();
    const pid = orphan({ CARDBRIDGE_TEST_RUN: marker }, '/elsewhere/sf update --autoupdate');
    started.push(pid);
    expect(strays(marker, since)).toEqual([expect.objectContaining({ pid })]);
  });

  it('finds an orphan started during the run that names this checkout, though its environment is its own', () => {
    const since = ticksNow();
    const pid = orphan({}, path.join(root, 'webhook-relay/src/cli/main.ts'));
    started.push(pid);
    expect(strays(randomUUID(), since).map((s) => s.pid)).toContain(pid);
  });

  it('leaves alone the processes of another run, and those that ended', () => {
    const since = ticksNow();
    const other = orphan({ CARDBRIDGE_TEST_RUN: randomUUID() }, '/elsewhere/other-run');
    started.push(other);
    const ended = orphan({ CARDBRIDGE_TEST_RUN: 'this-run' }, path.join(root, 'ended'));
    stop(ended);
    const found = strays('this-run', since).map((s) => s.pid);
    expect(found).not.toContain(other);
    expect(found).not.toContain(ended);
  });

  it('does not count an orphan of this checkout that was running before the run began', () => {
    const pid = orphan({}, path.join(root, 'older'));
    started.push(pid);
    const since = ticksNow() + 1;
    expect(strays(randomUUID(), since).map((s) => s.pid)).not.toContain(pid);
  });
});
