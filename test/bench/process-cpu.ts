/** CPU time a process has used (user + system), read from /proc (Linux); undefined elsewhere. */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is [0], utime [11] and stime [12], in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
