/**
 * Loads the relay configuration: defaults in code, then the optional
 * `config/relay.json`, then environment variables; secrets referenced as
 * `{"env": "NAME"}` are read from the environment. Returns the validated
 * config or a list of problems, each naming the key (or variable) at fault.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  DEFAULT_API_VERSION,
  DEFAULT_NAMESPACE,
  relayConfigFileSchema,
  relayConfigSchema,
  type EnvRef,
  type RelayConfig
} from './relay-config';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  env?: Env;
  /** Where `config/relay.json` is looked for; default the working directory. */
  cwd?: string;
  /** Explicit config file (also `RELAY_CONFIG`); an explicit file must exist. */
  configFile?: string;
}

export type ConfigResult = { ok: true; config: RelayConfig } | { ok: false; errors: string[] };

/** The id the single-org shortcut (SF_* variables) gives its connection. */
export const SHORTCUT_CONNECTION_ID = 'default';

type Labels = Map<string, string>;

function pathKey(p: readonly PropertyKey[]): string {
  return p
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
    .join('')
    .replace(/^\./, '');
}

function describeIssues(issues: readonly z.core.$ZodIssue[], labels: Labels, prefix = ''): string[] {
  return issues.map((issue) => {
    const key = pathKey(issue.path);
    // Name the variable when the value came from the environment, else the key in the file.
    let label = labels.get(key);
    for (let n = issue.path.length; label === undefined && n > 0; n--) {
      const owner = labels.get(pathKey(issue.path.slice(0, n)));
      if (owner !== undefined) label = owner;
    }
    return `${label ?? (prefix + key || '(root)')}: ${issue.message}`;
  });
}

function readFile(file: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { ok: false, error: `${file}: not readable JSON (${(error as Error).message})` };
  }
}

/** Replaces every `{"env": "NAME"}` with the variable's value, collecting the missing ones. */
function resolveEnvRefs(value: unknown, env: Env, at: string, errors: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, `${at}[${i}]`, errors));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'env') {
      const name = (value as EnvRef).env;
      const resolved = env[name];
      if (resolved === undefined || resolved === '') errors.push(`${at}: environment variable ${name} is not set`);
      return resolved;
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveEnvRefs(v, env, at ? `${at}.${k}` : k, errors)])
    );
  }
  return value;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function loadConfig(options: LoadConfigOptions = {}): ConfigResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configFile ?? env.RELAY_CONFIG;
  const file = path.resolve(cwd, explicit ?? 'config/relay.json');
  const errors: string[] = [];
  const labels: Labels = new Map();

  let merged: Record<string, unknown> = {};
  if (existsSync(file)) {
    const read = readFile(file);
    if (!read.ok) return { ok: false, errors: [read.error] };
    const parsed = relayConfigFileSchema.safeParse(read.value);
    if (!parsed.success) {
      return { ok: false, errors: describeIssues(parsed.error.issues, new Map(), `${path.basename(file)}: `) };
    }
    merged = resolveEnvRefs(parsed.data, env, '', errors) as Record<string, unknown>;
  } else if (explicit !== undefined) {
    return { ok: false, errors: [`RELAY_CONFIG: ${file} does not exist`] };
  }

  const override = (key: string, variable: string, value: unknown) => {
    merged[key] = value;
    labels.set(key, variable);
  };
  if (env.PORT !== undefined) override('port', 'PORT', env.PORT.trim() === '' ? Number.NaN : env.PORT);
  if (env.RELAY_PUBLIC_URL) override('publicUrl', 'RELAY_PUBLIC_URL', env.RELAY_PUBLIC_URL);
  if (env.RELAY_HOST) override('host', 'RELAY_HOST', env.RELAY_HOST);
  if (env.RELAY_INTERNAL_PORT !== undefined) {
    const value = env.RELAY_INTERNAL_PORT.trim();
    override('internalPort', 'RELAY_INTERNAL_PORT', value === '' ? Number.NaN : value);
  }
  if (env.RELAY_INTERNAL_HOST) override('internalHost', 'RELAY_INTERNAL_HOST', env.RELAY_INTERNAL_HOST);
  if (env.RELAY_DATA_DIR) override('dataDir', 'RELAY_DATA_DIR', env.RELAY_DATA_DIR);
  if (env.RELAY_WEBHOOK_SECRET) override('webhookSecrets', 'RELAY_WEBHOOK_SECRET', list(env.RELAY_WEBHOOK_SECRET));
  if (env.RELAY_ADMIN_TOKEN) {
    // Comma-separated during a rotation: the first is current, the others are still accepted.
    const [current, ...previous] = list(env.RELAY_ADMIN_TOKEN);
    override('adminToken', 'RELAY_ADMIN_TOKEN', current);
    override('previousAdminTokens', 'RELAY_ADMIN_TOKEN', previous);
  }
  if (env.RELAY_DATABASE_URL) override('databaseUrl', 'RELAY_DATABASE_URL', env.RELAY_DATABASE_URL);
  if (env.RELAY_MASTER_KEY) override('masterKey', 'RELAY_MASTER_KEY', env.RELAY_MASTER_KEY);
  if (env.RELAY_MASTER_KEYS_OLD) {
    override('previousMasterKeys', 'RELAY_MASTER_KEYS_OLD', list(env.RELAY_MASTER_KEYS_OLD));
  }
  if (env.RELAY_MASTER_KEY_FILE) override('masterKeyFile', 'RELAY_MASTER_KEY_FILE', env.RELAY_MASTER_KEY_FILE);
  if (env.LOG_LEVEL) override('logLevel', 'LOG_LEVEL', env.LOG_LEVEL);
  if (env.RELAY_PUBLISH_TIMEOUT_SECONDS) {
    override('publishTimeoutSeconds', 'RELAY_PUBLISH_TIMEOUT_SECONDS', env.RELAY_PUBLISH_TIMEOUT_SECONDS);
  }
  if (env.RELAY_LEASE_SECONDS) override('leaseSeconds', 'RELAY_LEASE_SECONDS', env.RELAY_LEASE_SECONDS);
  if (env.RELAY_SHUTDOWN_SECONDS) {
    override('shutdownSeconds', 'RELAY_SHUTDOWN_SECONDS', env.RELAY_SHUTDOWN_SECONDS);
  }
  if (env.RELAY_MAX_AGE_HOURS) override('maxAgeHours', 'RELAY_MAX_AGE_HOURS', env.RELAY_MAX_AGE_HOURS);
  if (env.RELAY_RETENTION_DAYS) override('retentionDays', 'RELAY_RETENTION_DAYS', env.RELAY_RETENTION_DAYS);
  if (env.RELAY_CONFIRM_AFTER_SECONDS) {
    override('confirmAfterSeconds', 'RELAY_CONFIRM_AFTER_SECONDS', env.RELAY_CONFIRM_AFTER_SECONDS);
  }
  if (env.RELAY_RECEIPT_CHECK_SECONDS) {
    override('receiptCheckSeconds', 'RELAY_RECEIPT_CHECK_SECONDS', env.RELAY_RECEIPT_CHECK_SECONDS);
  }
  if (env.RELAY_RESEND_LIMIT) override('resendLimit', 'RELAY_RESEND_LIMIT', env.RELAY_RESEND_LIMIT);
  if (env.RELAY_EXTRA_SALESFORCE_HOSTS) {
    override('extraSalesforceHosts', 'RELAY_EXTRA_SALESFORCE_HOSTS', list(env.RELAY_EXTRA_SALESFORCE_HOSTS));
  }

  if (env.SF_INSTANCE_URL || env.SF_CLIENT_ID || env.SF_CLIENT_SECRET) {
    const connections = ((merged.connections as Record<string, unknown>[] | undefined) ?? []).filter(
      (c) => c.id !== SHORTCUT_CONNECTION_ID
    );
    const at = `connections[${connections.length}]`;
    connections.push({
      id: SHORTCUT_CONNECTION_ID,
      name: 'Default org',
      instanceUrl: env.SF_INSTANCE_URL,
      apiVersion: env.SF_API_VERSION || DEFAULT_API_VERSION,
      namespace: env.SF_NAMESPACE ?? DEFAULT_NAMESPACE,
      ...(env.SF_ACCOUNT_IDS ? { accountIds: list(env.SF_ACCOUNT_IDS) } : {}),
      auth: { flow: 'client_credentials', clientId: env.SF_CLIENT_ID, clientSecret: env.SF_CLIENT_SECRET }
    });
    merged.connections = connections;
    labels.set(`${at}.instanceUrl`, 'SF_INSTANCE_URL');
    labels.set(`${at}.apiVersion`, 'SF_API_VERSION');
    labels.set(`${at}.namespace`, 'SF_NAMESPACE');
    labels.set(`${at}.accountIds`, 'SF_ACCOUNT_IDS');
    labels.set(`${at}.auth.clientId`, 'SF_CLIENT_ID');
    labels.set(`${at}.auth.clientSecret`, 'SF_CLIENT_SECRET');
  }

  const result = relayConfigSchema.safeParse(merged);
  if (!result.success) errors.push(...describeIssues(result.error.issues, labels));
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, config: result.data };
}
