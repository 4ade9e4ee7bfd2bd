/**
 * The relay's configuration: zod schemas (the single source of truth for its
 * types), defaults in code, and the shape of `config/relay.json`.
 *
 * Secrets never sit in the file: wherever one goes, the file says
 * `{"env": "NAME"}` and the loader reads that environment variable.
 */
import { z } from 'zod';

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = './.relay-data';
export const DEFAULT_API_VERSION = '65.0';
export const DEFAULT_NAMESPACE = 'cardbridge';
export const BODY_LIMIT_BYTES = 256 * 1024;
/** Days a published exchange stays in the outbox (far beyond any sender's retries). */
export const DEFAULT_RETENTION_DAYS = 30;
/** Twice the worst publish chain at the default 30 s timeout. */
export const DEFAULT_LEASE_SECONDS = 240;
/**
 * How long a stop (SIGTERM) may take, all in: Kubernetes sends SIGKILL 30 s after SIGTERM by
 * default (terminationGracePeriodSeconds), and a relay killed then loses nothing but leaves its
 * in-flight batches leased until the lease runs out; 20 s leaves room for the process to exit.
 */
export const DEFAULT_SHUTDOWN_SECONDS = 20;

/**
 * The longest one publish of a batch can take, each step bounded by the publish timeout
 * (salesforce/rest-api.ts): an access token, the call, and on a 401 a new token and
 * the call once more. A lease must outlast it, or another relay takes the batch over
 * while it is still being published.
 */
export function worstPublishChainSeconds(publishTimeoutSeconds: number): number {
  return 4 * publishTimeoutSeconds;
}

/** `{"env": "NAME"}`: a secret read from the environment. */
export const envRefSchema = z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict();
export type EnvRef = z.infer<typeof envRefSchema>;

const portSchema = z.coerce
  .number({ error: 'expected a port number 1-65535' })
  .int({ error: 'expected a port number 1-65535' })
  // 0 asks the OS for a free port (tests, several relays on one machine).
  .min(0, { error: 'expected a port number 1-65535' })
  .max(65535, { error: 'expected a port number 1-65535' });

const webhookSecretSchema = z.string().refine(
  (s) => {
    if (!s.startsWith('whsec_')) return false;
    const key = s.slice('whsec_'.length);
    return /^[A-Za-z0-9+/]+={0,2}$/.test(key) && Buffer.from(key, 'base64').length >= 24;
  },
  { error: 'expected whsec_ followed by base64 of at least 24 bytes' }
);

const WHOLE_DAYS = { error: 'expected a whole number of days, 1 or more' };

const apiVersionSchema = z.string().regex(/^\d{2,3}\.0$/, { error: 'expected an API version like "65.0"' });
const namespaceSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,14}$|^$/, {
  error: 'expected a namespace prefix like "cardbridge" (or "" for none)'
});
const httpsUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an https URL' });
/**
 * An operator's extra Salesforce host (`RELAY_EXTRA_SALESFORCE_HOSTS`): an origin such as
 * `https://sf-proxy.internal.example` or `http://127.0.0.1:8790` (a bare host name means
 * https). Connections added at run time may then reach it too; nothing reachable through
 * the admin API or the console changes this list.
 */
const extraHostSchema = z.string().transform((value, ctx) => {
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    const bare = (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
    if ((url.protocol === 'https:' || url.protocol === 'http:') && bare && url.username === '' && url.password === '') {
      return url.origin;
    }
  } catch {
    // Reported below.
  }
  ctx.addIssue({ code: 'custom', message: `expected an origin such as https://sf-proxy.example.com (got "${text}")` });
  return z.NEVER;
});
const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
  error: 'expected one of fatal, error, warn, info, debug, trace, silent'
});

/** Builds the auth schemas for secrets given as `S` (env refs in the file, strings once resolved). */
function authSchema<S extends z.ZodType>(secret: S) {
  return z.discriminatedUnion(
    'flow',
    [
      z.object({ flow: z.literal('client_credentials'), clientId: z.string().min(1), clientSecret: secret }),
      z.object({
        flow: z.literal('jwt'),
        clientId: z.string().min(1),
        username: z.string().min(1),
        privateKey: secret,
        loginUrl: httpsUrlSchema.optional()
      }),
      z.object({
        flow: z.literal('web_server'),
        clientId: z.string().min(1),
        clientSecret: secret,
        refreshToken: secret.optional()
      })
    ],
    { error: 'expected flow "client_credentials", "jwt" or "web_server"' }
  );
}

function connectionSchema<S extends z.ZodType>(secret: S) {
  return z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'expected a lowercase id like "acme-prod"' }),
    name: z.string().min(1),
    instanceUrl: httpsUrlSchema,
    apiVersion: apiVersionSchema.default(DEFAULT_API_VERSION),
    namespace: namespaceSchema.default(DEFAULT_NAMESPACE),
    /** Card-platform accounts this org serves; absent = every account no other connection lists. */
    accountIds: z.array(z.string().min(1)).optional(),
    auth: authSchema(secret)
  });
}

/** `config/relay.json` as written by an operator. */
export const relayConfigFileSchema = z
  .object({
    port: portSchema.optional(),
    host: z.string().min(1).optional(),
    internalPort: portSchema.optional(),
    internalHost: z.string().min(1).optional(),
    dataDir: z.string().min(1).optional(),
    webhookSecrets: z.array(envRefSchema).optional(),
    adminToken: envRefSchema.optional(),
    previousAdminTokens: z.array(envRefSchema).optional(),
    databaseUrl: envRefSchema.optional(),
    masterKey: envRefSchema.optional(),
    previousMasterKeys: z.array(envRefSchema).optional(),
    masterKeyFile: z.string().min(1).optional(),
    logLevel: logLevelSchema.optional(),
    maxAgeHours: z.number().positive().optional(),
    confirmAfterSeconds: z.number().positive().optional(),
    receiptCheckSeconds: z.number().positive().optional(),
    resendLimit: z.number().int().min(0).optional(),
    retentionDays: z.number(WHOLE_DAYS).int(WHOLE_DAYS).min(1, WHOLE_DAYS).optional(),
    publicUrl: z.string().optional(),
    publishTimeoutSeconds: z.number().positive().optional(),
    leaseSeconds: z.number().positive().optional(),
    shutdownSeconds: z.number().positive().optional(),
    extraSalesforceHosts: z.array(z.string().min(1)).optional(),
    connections: z.array(connectionSchema(envRefSchema)).optional()
  })
  .strict();

export type RelayConfigFile = z.infer<typeof relayConfigFileSchema>;

export const connectionConfigSchema = connectionSchema(z.string().min(1));
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** The configuration's fields; `relayConfigSchema` adds the checks that span several. */
const relayConfigFields = z.object({
  port: portSchema.default(DEFAULT_PORT),
  host: z.string().min(1).default('0.0.0.0'),
  /**
   * A second listener for the admin API, the console, /metrics and the detailed status
   * (`RELAY_INTERNAL_PORT`); when set, `port` serves only the webhook endpoint, /healthz
   * and /readyz, the one path the card platform needs from the internet.
   */
  internalPort: portSchema.optional(),
  /** Where the internal listener binds (`RELAY_INTERNAL_HOST`); loopback unless told otherwise. */
  internalHost: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  webhookSecrets: z.array(webhookSecretSchema).default([]),
  adminToken: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
  /**
   * Admin tokens still accepted during a rotation (`RELAY_ADMIN_TOKEN=<new>,<old>`: every token
   * after the first). The CLI and the console's hints use `adminToken`, the first.
   */
  previousAdminTokens: z.array(z.string().min(16, { error: 'expected at least 16 characters' })).default([]),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// URL' })
    .optional(),
  /** The current master key, `[id:]key` (see store/connection-secrets.ts). */
  masterKey: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
  /** Keys that still open secrets sealed before a rotation, `[id:]key` each (`RELAY_MASTER_KEYS_OLD`). */
  previousMasterKeys: z
    .array(z.string().min(32, { error: 'expected [id:]key, the key of at least 32 characters' }))
    .default([]),
  /**
   * A file holding the current key (`RELAY_MASTER_KEY_FILE`), e.g. a mounted secret; on SQLite it is
   * generated there when absent. Default (SQLite only): ~/.config/cardbridge/master-key.
   */
  masterKeyFile: z.string().min(1).optional(),
  logLevel: logLevelSchema.default('info'),
  bodyLimitBytes: z.number().int().positive().default(BODY_LIMIT_BYTES),
  timestampToleranceSeconds: z.number().int().positive().default(300),
  /**
   * The relay's address as browsers and Salesforce reach it (behind a proxy or load
   * balancer): the console shows `<publicUrl>/oauth/callback` as the callback URL.
   * Default: the address each request came in on.
   */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://relay.example.com' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** One call to Salesforce that takes longer than this counts as failed (and is retried). */
  publishTimeoutSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected a number of seconds above 0' })
    .default(30),
  /**
   * How long a batch taken by one relay stays reserved before another may take it over
   * (PostgreSQL: an instance that died). The publisher renews it while it publishes;
   * it must still be longer than the worst publish chain (checked below).
   */
  leaseSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected a number of seconds above 0' })
    .default(DEFAULT_LEASE_SECONDS),
  /**
   * The shutdown budget (`RELAY_SHUTDOWN_SECONDS`): from SIGTERM to exit, requests in flight are
   * answered (at most 40% of it), publishes in flight finish or, when it runs out, are abandoned and
   * their exchanges handed back to the queue, and storage closes. Keep it 5 s or more under the
   * orchestrator's grace period.
   */
  shutdownSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected a number of seconds above 0' })
    .default(DEFAULT_SHUTDOWN_SECONDS),
  /** An exchange not published after this long goes to dead letters (platform events are kept 72 h). */
  maxAgeHours: z.coerce
    .number({ error: 'expected a number of hours' })
    .positive({ error: 'expected a number of hours above 0' })
    .default(72),
  /**
   * Published exchanges are deleted from the outbox this many days after they were
   * published; queued, unrouted and dead ones are kept whatever their age.
   */
  retentionDays: z.coerce.number(WHOLE_DAYS).int(WHOLE_DAYS).min(1, WHOLE_DAYS).default(DEFAULT_RETENTION_DAYS),
  /**
   * Receipts: a published exchange the org has no record of this long after it was published
   * (`RELAY_CONFIRM_AFTER_SECONDS`) is published again; the wait doubles with each re-send.
   */
  confirmAfterSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected a number of seconds above 0' })
    .default(600),
  /** From publish to the first look for the receipt, and between looks (`RELAY_RECEIPT_CHECK_SECONDS`). */
  receiptCheckSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .positive({ error: 'expected a number of seconds above 0' })
    .default(60),
  /** Re-sends before an exchange without a receipt is `unconfirmed` (`RELAY_RESEND_LIMIT`; 0: none). */
  resendLimit: z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(0, { error: 'expected 0 or more' })
    .default(3),
  /** Origins besides Salesforce's hosts that connections added at run time may reach (see extraHostSchema). */
  extraSalesforceHosts: z.array(extraHostSchema).default([]),
  connections: z
    .array(connectionConfigSchema)
    .default([])
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { error: 'connection ids must be unique' })
    // Tenancy: one connection per account, and at most one that serves every account (single tenant).
    .refine((list) => list.filter((c) => !c.accountIds || c.accountIds.length === 0).length <= 1, {
      error: 'at most one connection may leave accountIds out (it serves every account no other connection lists)'
    })
    .superRefine((list, ctx) => {
      const owner = new Map<string, string>();
      for (const connection of list) {
        for (const accountId of connection.accountIds ?? []) {
          const other = owner.get(accountId);
          if (other !== undefined && other !== connection.id) {
            ctx.addIssue({
              code: 'custom',
              message: `account ${accountId} is listed by connections "${other}" and "${connection.id}": each account goes to one org`
            });
          }
          owner.set(accountId, connection.id);
        }
      }
    })
});

/** The configuration the relay runs with: merged, secrets resolved, validated. */
export const relayConfigSchema = relayConfigFields.superRefine((config, ctx) => {
  if (config.databaseUrl !== undefined && config.masterKey === undefined && config.masterKeyFile === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['masterKey'],
      message:
        'required with a database URL: set RELAY_MASTER_KEY (or RELAY_MASTER_KEY_FILE), the same key on every relay ' +
        'sharing the database; a relay never generates one for a shared database'
    });
  }
  if (config.internalPort !== undefined && config.internalPort !== 0 && config.internalPort === config.port) {
    ctx.addIssue({
      code: 'custom',
      path: ['internalPort'],
      message: `must differ from the public port (${config.port})`
    });
  }
  const chain = worstPublishChainSeconds(config.publishTimeoutSeconds);
  if (config.leaseSeconds <= chain) {
    ctx.addIssue({
      code: 'custom',
      path: ['leaseSeconds'],
      message:
        `${config.leaseSeconds} s is not longer than the worst publish chain of ${chain} s ` +
        `(a token request, the call, a new token and the call again, ${config.publishTimeoutSeconds} s each at ` +
        `publishTimeoutSeconds): another relay could take a batch over while it is being published; ` +
        `set at least ${2 * chain} s, or lower publishTimeoutSeconds`
    });
  }
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

/** Every admin token the relay accepts now (the current one first), or undefined: admin calls are refused. */
export function acceptedAdminTokens(
  config: Pick<RelayConfig, 'adminToken' | 'previousAdminTokens'>
): readonly string[] | undefined {
  return config.adminToken === undefined ? undefined : [config.adminToken, ...config.previousAdminTokens];
}
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
