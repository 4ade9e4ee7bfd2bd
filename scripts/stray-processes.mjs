// Processes `npm test` must not leave behind (issue #18: a detached `sf update --autoupdate` of the
// pinned sf CLI was seen alive 25 minutes after a run). After every step, scripts/run-all-tests.mjs
// asks for the processes still alive that the run started: those that carry its marker in their
// environment (every step and what it spawns with the inherited environment, such as sf and its
// detached updater), and orphans started during the run whose command line names this checkout
// (a relay a test spawned detached with an environment of its own). Linux: read from /proc.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The environment variable each run sets to its own random marker. */
export const RUN_MARKER = 'CARDBRIDGE_TEST_RUN';

const read = (file) => {
  try {
    return readFileSync(file);
  } catch {
    return null; // gone, or not ours to read
  }
};

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null when it is gone. */
export function startTicks(pid) {
  const stat = read(`/proc/${pid}/stat`)?.toString('utf8');
  if (!stat) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19]);
}

function parentOf(pid) {
  const stat = read(`/proc/${pid}/stat`)?.toString('utf8');
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : null;
}

/** This process and its ancestors: they carry the marker too, and are not strays. */
function selfAndAncestors() {
  const pids = new Set();
  for (let pid = process.pid; pid && pid > 0 && !pids.has(pid); pid = parentOf(pid)) pids.add(pid);
  return pids;
}

/**
 * @param {{marker: string, root: string, since: number}} run the run's marker, the checkout's directory and
 *   the start ticks of the run's own process
 * @returns {{pid: number, command: string}[] | null} the strays, or null where /proc cannot be read
 */
export function findStrayProcesses({ marker, root, since }) {
  if (!existsSync('/proc/self/stat')) return null;
  const skip = selfAndAncestors();
  const strays = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (skip.has(pid)) continue;
    const environ = read(`/proc/${pid}/environ`)?.toString('utf8');
    const cmdline = read(`/proc/${pid}/cmdline`)?.toString('utf8');
    if (!cmdline) continue; // a kernel thread, a zombie, or gone
    const marked = environ !== undefined && environ !== null && environ.split('\0').includes(`${RUN_MARKER}=${marker}`);
    const started = startTicks(pid);
    const orphanOfRun = parentOf(pid) === 1 && started !== null && started >= since && cmdline.includes(root);
    if (marked || orphanOfRun) strays.push({ pid, command: cmdline.split('\0').join(' ').trim().slice(0, 200) });
  }
  return strays;
}

/** Strays still alive after waiting up to `graceMs` for them to end on their own. */
export async function strayProcessesAfter(run, graceMs = 5_000) {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const strays = findStrayProcesses(run);
    if (strays === null || strays.length === 0 || Date.now() >= deadline) return strays;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
