/**
 * First-run secrets: when no webhook secret or admin token is configured, the
 * relay generates them once into its data directory (files readable by the
 * owner only) so a fresh machine works with no setup, and the CLI's
 * send-test/status read the same files. Values are never logged; paths are.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RelayConfig } from './relay-config';

export const WEBHOOK_SECRET_FILE = 'webhook-secret';
export const ADMIN_TOKEN_FILE = 'admin-token';

export interface LocalSecrets {
  config: RelayConfig;
  /** Files created on this call (to log their paths once). */
  generated: string[];
}

function readSecretFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const value = readFileSync(file, 'utf8').trim();
  return value === '' ? undefined : value;
}

function readOrCreate(file: string, make: () => string, generated: string[]): string {
  const existing = readSecretFile(file);
  if (existing !== undefined) return existing;
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  generated.push(file);
  return value;
}

/** Fills missing webhook secret / admin token from the data directory, creating them if absent. */
export function ensureLocalSecrets(config: RelayConfig): LocalSecrets {
  const generated: string[] = [];
  if (config.webhookSecrets.length > 0 && config.adminToken !== undefined) return { config, generated };
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const webhookSecrets =
    config.webhookSecrets.length > 0
      ? config.webhookSecrets
      : [
          readOrCreate(
            path.join(config.dataDir, WEBHOOK_SECRET_FILE),
            () => `whsec_${randomBytes(32).toString('base64')}`,
            generated
          )
        ];
  const adminToken =
    config.adminToken ??
    readOrCreate(path.join(config.dataDir, ADMIN_TOKEN_FILE), () => randomBytes(32).toString('base64url'), generated);
  return { config: { ...config, webhookSecrets, adminToken }, generated };
}

/** The secrets a CLI client uses: configured ones first, else the generated files; never creates. */
export function readLocalSecrets(config: RelayConfig): { webhookSecret?: string; adminToken?: string } {
  return {
    webhookSecret: config.webhookSecrets[0] ?? readSecretFile(path.join(config.dataDir, WEBHOOK_SECRET_FILE)),
    adminToken: config.adminToken ?? readSecretFile(path.join(config.dataDir, ADMIN_TOKEN_FILE))
  };
}
