/**
 * The shape of a CLI verb. Each verb lives in `cli/commands/<verb>.ts` and is
 * registered in the table of `cli/main.ts`; output goes through `io` so tests
 * can run a verb in-process.
 */
import type { Env } from '../config/load-config';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Env;
  cwd: string;
}

export interface CliCommand {
  usage: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}
