/**
 * Org connections added at run time (admin API, console, CLI): where each org is, how
 * the relay signs in, and which card-platform accounts it serves (at least one; each
 * account by one connection only, across run-time and configured connections). This
 * module owns the contract and its zod schema; `sqlite-connection-store.ts` and
 * `postgres-connection-store.ts` keep the connections with their secrets encrypted at
 * rest, register the relay's configured connections and hold refresh token turns. It
 * knows nothing of HTTP or Salesforce; the shape matches what the publisher hands to
 * salesforce/.
 */
import { DEFAULT_API_VERSION, DEFAULT_NAMESPACE } from '../config/relay-config';
import type { UnreadableConnection } from './connection-row';
import { SecretUnreadableError } from './connection-secrets';
import { z } from 'zod';

const url = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://acme.my.salesforce.com' })
  .transform((value) => value.replace(/\/+$/, ''));

export const connectionAuthSchema = z.discriminatedUnion('flow', [
  z.object({
    flow: z.literal('client_credentials'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1)
  }),
  z.object({
    flow: z.literal('jwt'),
    clientId: z.string().min(1),
    username: z.string().min(1),
    privateKey: z.string().includes('PRIVATE KEY', { error: 'expected a PEM private key' }),
    /** The JWT audience: https://login.salesforce.com unless a sandbox or site. */
    loginUrl: z.url({ protocol: /^https?$/ }).optional()
  }),
  z.object({
    flow: z.literal('web_server'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional()
  })
]);
export type ConnectionAuth = z.infer<typeof connectionAuthSchema>;

export const newConnectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'lower-case letters, digits, - and _, at most 63' }),
  name: z.string().trim().min(1).max(120),
  /** The org's My Domain URL. */
  instanceUrl: url,
  apiVersion: z
    .string()
    .regex(/^\d+\.0$/, { error: `expected an API version such as ${DEFAULT_API_VERSION}` })
    .default(DEFAULT_API_VERSION),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9]*$/)
    .default(DEFAULT_NAMESPACE),
  /**
   * Card-platform account ids this org serves: at least one. Only a connection in the
   * relay's own configuration may serve every account (a single-tenant relay).
   */
  accountIds: z
    .array(z.string().trim().min(1).max(255))
    .min(1, { error: 'list the card-platform account ids this org serves (at least one)' })
    .max(10_000)
    .transform((ids) => [...new Set(ids)]),
  auth: connectionAuthSchema
});
export type NewConnection = z.input<typeof newConnectionSchema>;
export type ConnectionConfig = z.infer<typeof newConnectionSchema>;

export interface StoredConnection extends ConnectionConfig {
  createdAt: number;
  updatedAt: number;
}

/** What may be shown to an operator: no secret, private key or token. */
export interface ConnectionSummary {
  id: string;
  name: string;
  instanceUrl: string;
  apiVersion: string;
  namespace: string;
  accountIds: string[];
  flow: ConnectionAuth['flow'];
  clientId: string;
  username: string | null;
  loginUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

export function summarizeConnection(connection: StoredConnection): ConnectionSummary {
  return {
    id: connection.id,
    name: connection.name,
    instanceUrl: connection.instanceUrl,
    apiVersion: connection.apiVersion,
    namespace: connection.namespace,
    accountIds: connection.accountIds,
    flow: connection.auth.flow,
    clientId: connection.auth.clientId,
    username: connection.auth.flow === 'jwt' ? connection.auth.username : null,
    loginUrl: connection.auth.flow === 'jwt' ? (connection.auth.loginUrl ?? null) : null,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt
  };
}

/**
 * Whether saved secrets may stay with an edited connection: only when everything they
 * are sent to or vouch for is unchanged (flow, URL, consumer key, JWT user and audience).
 * A new URL, client id or username must come with its secret again, so an edit can
 * never send the saved secret, refresh token or a signed assertion somewhere new.
 */
export function keepsSecretsOf(
  saved: Pick<ConnectionConfig, 'instanceUrl' | 'auth'>,
  edited: { instanceUrl: string; auth: { flow: unknown; clientId: unknown; username?: unknown; loginUrl?: unknown } }
): boolean {
  const a = saved.auth;
  const b = edited.auth;
  const origin = (value: string) => {
    try {
      return new URL(value).origin;
    } catch {
      return value;
    }
  };
  if (a.flow !== b.flow || a.clientId !== b.clientId) return false;
  if (origin(saved.instanceUrl) !== origin(edited.instanceUrl)) return false;
  if (a.flow === 'jwt') {
    const loginUrl = typeof b.loginUrl === 'string' ? origin(b.loginUrl) : b.loginUrl;
    return a.username === b.username && (a.loginUrl === undefined ? undefined : origin(a.loginUrl)) === loginUrl;
  }
  return true;
}

/** Why a create or an update was refused. */
export type SaveRefusal =
  /** create: a connection (run-time or configured) already has this id. */
  | { code: 'exists'; id: string; configured: boolean }
  /** update: no run-time connection has this id. */
  | { code: 'not_found'; id: string }
  /** update or remove: the id belongs to a connection of the relay's configuration. */
  | { code: 'configured'; id: string }
  /** An account is already served by another connection. */
  | { code: 'account_taken'; accountId: string; connectionId: string; connectionName: string };

export type SaveOutcome = { ok: true; connection: StoredConnection } | { ok: false; refusal: SaveRefusal };

/**
 * A connection from the relay's own configuration, as registered in the store: its
 * routing and identity (never its secrets). Every relay on a shared database registers
 * its configured connections at start, so all of them route alike and account claims
 * are checked across configured and run-time connections.
 */
export interface ConfiguredConnection {
  id: string;
  name: string;
  /** null: the single-tenant catch-all (every account no other connection serves). */
  accountIds: string[] | null;
  /** Hash of the non-secret settings below: two relays agree when their fingerprints do. */
  fingerprint: string;
  /** The non-secret settings, to say how two relays' configurations differ. */
  settings: Record<string, unknown>;
}

export interface RegistrationResult {
  /** Configured connections no relay serves any more, dropped from the store (their queues need unrouting). */
  dropped: string[];
}

/** The relay cannot start: its configuration disagrees with the shared store. */
export class ConfiguredConnectionsConflict extends Error {
  readonly code = 'CONFIGURED_CONNECTIONS_CONFLICT';
  constructor(readonly problems: string[]) {
    super(
      `the configured org connections disagree with the connection store:\n  ${problems.join('\n  ')}\n` +
        'Give every relay on this database the same connections (config/relay.json, SF_* variables); see docs/operations.md.'
    );
  }
}

/**
 * One refresh of a web-server connection at a time, across every relay sharing the
 * store, with its newest refresh token: `exchange` gets the newest token descending from
 * `seed` (the one the connection was authorized with); the rotated token `rotated` picks
 * from its answer is saved with a compare-and-set before the turn passes on.
 */
export interface RefreshTurns {
  refresh<R>(
    connectionId: string,
    seed: string,
    exchange: (refreshToken: string) => Promise<R>,
    rotated: (result: R) => string | null,
    options?: { leaseMs?: number }
  ): Promise<R>;
}

export interface ConnectionStore extends RefreshTurns {
  /**
   * Run-time connections, oldest first; `accountIds` are the accounts each one holds.
   * A connection whose secrets do not open is left out and told by `unreadable`.
   */
  list(): Promise<StoredConnection[]>;
  /** The connections the last `list` left out: their secrets do not open with the relay's master keys. */
  unreadable(): UnreadableConnection[];
  /** Seals again with the current master key every secret an older key sealed (after a rotation); answers how many. */
  reseal(): Promise<number>;
  get(id: string): Promise<StoredConnection | undefined>;
  /** Adds a run-time connection (validated); refuses an id in use or an account another connection serves. */
  create(connection: NewConnection): Promise<SaveOutcome>;
  /** Replaces the run-time connection with this id (validated), with the same refusals. */
  update(connection: NewConnection): Promise<SaveOutcome>;
  /** True when a run-time connection was removed. */
  remove(id: string): Promise<boolean>;
  /**
   * Registers the relay's configured connections; throws `ConfiguredConnectionsConflict`
   * when they disagree with what the store holds (another relay's configuration, or
   * an account a run-time connection serves).
   */
  registerConfigured(connections: readonly ConfiguredConnection[]): Promise<RegistrationResult>;
  /** The configured connections registered by every relay on this store. */
  configured(): Promise<ConfiguredConnection[]>;
  /** Keeps holding this relay's registrations (PostgreSQL: after the session holding them dropped). */
  holdRegistrations?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The run-time connection with this id, or why there is none: a connection whose secrets
 * do not open with the relay's master keys is `unreadable` (it can be removed, or saved
 * again with every secret), never an error that fails the request.
 */
export async function lookUpConnection(
  store: Pick<ConnectionStore, 'get'>,
  id: string
): Promise<{ found: StoredConnection } | { unreadable: true } | null> {
  try {
    const found = await store.get(id);
    return found ? { found } : null;
  } catch (error) {
    if (error instanceof SecretUnreadableError) return { unreadable: true };
    throw error;
  }
}
