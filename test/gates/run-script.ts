// Runs one of the repository's gate scripts and returns its exit code and output.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function runGate(script: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    encoding: 'utf8'
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}
