/**
 * What CLI verbs that talk to a running relay share: where it listens and
 * which secrets to use — the same config and first-run secret files as `serve`.
 */
import { readLocalSecrets } from '../config/local-secrets';
import { loadConfig } from '../config/load-config';
import type { CliIo } from './cli-command';

export interface RelayClient {
  baseUrl: string;
  webhookSecret?: string;
  adminToken?: string;
}

/** Reads `--url <url>` from args, else RELAY_URL, else the configured port on this machine. */
export function relayClient(
  args: string[],
  io: CliIo
): { ok: true; client: RelayClient } | { ok: false; error: string } {
  const loaded = loadConfig({ env: io.env, cwd: io.cwd });
  if (!loaded.ok) return { ok: false, error: `invalid configuration:\n  ${loaded.errors.join('\n  ')}` };
  const urlFlag = args.indexOf('--url');
  const explicit = urlFlag >= 0 ? args[urlFlag + 1] : io.env.RELAY_URL;
  // The admin API answers on the internal listener when one is configured.
  const { internalPort, internalHost, port } = loaded.config;
  const local = internalPort
    ? `http://${internalHost === '0.0.0.0' ? '127.0.0.1' : internalHost}:${internalPort}`
    : `http://127.0.0.1:${port}`;
  const baseUrl = (explicit ?? local).replace(/\/+$/, '');
  return { ok: true, client: { baseUrl, ...readLocalSecrets(loaded.config) } };
}

/** Args without `--url <value>`. */
export function positionalArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--url') i++;
    else out.push(args[i] as string);
  }
  return out;
}
