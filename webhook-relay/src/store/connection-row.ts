/**
 * How an org connection is kept in a table row, the same in SQLite and PostgreSQL:
 * everything plain except the auth block (client secret, private key, refresh
 * token), which is sealed with the master key (AES-256-GCM, the id as associated data).
 */
import { openSecret, resealed, sealedKeyId, sealSecret, SecretUnreadableError } from './connection-secrets';
import { connectionAuthSchema, type ConnectionConfig, type StoredConnection } from './connection-store';

export interface ConnectionRow {
  id: string;
  name: string;
  instance_url: string;
  api_version: string;
  namespace: string;
  account_ids: string | null;
  auth_sealed: string;
  /** Epoch ms (PostgreSQL returns bigint as text). */
  created_at: number | string;
  updated_at: number | string;
}

/**
 * `claimed`: the accounts this connection holds in the account table. A connection
 * keeps only those: one saved before claims existed with no list, or listing an
 * account an older connection held, serves no such account until edited.
 */
export function connectionFromRow(row: ConnectionRow, key: Buffer, claimed: readonly string[]): StoredConnection {
  const listed = row.account_ids === null ? [] : (JSON.parse(row.account_ids) as string[]);
  const held = new Set(claimed);
  return {
    id: row.id,
    name: row.name,
    instanceUrl: row.instance_url,
    apiVersion: row.api_version,
    namespace: row.namespace,
    accountIds: [...listed.filter((id) => held.has(id)), ...claimed.filter((id) => !listed.includes(id))],
    auth: connectionAuthSchema.parse(JSON.parse(openSecret(key, row.auth_sealed, row.id))),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at)
  };
}

/** The columns to write for a validated connection (timestamps are the store's). */
export function rowValuesOf(connection: ConnectionConfig, key: Buffer) {
  return {
    id: connection.id,
    name: connection.name,
    instanceUrl: connection.instanceUrl,
    apiVersion: connection.apiVersion,
    namespace: connection.namespace,
    accountIds: connection.accountIds.length > 0 ? JSON.stringify(connection.accountIds) : null,
    authSealed: sealSecret(key, JSON.stringify(connection.auth), connection.id)
  };
}

/** A stored connection whose secrets none of the relay's master keys opens: its settings, no secret. */
export interface UnreadableConnection {
  id: string;
  name: string;
  instanceUrl: string;
  accountIds: string[];
  /** The id of the key that sealed it (null: sealed before key ids existed). */
  keyId: string | null;
  reason: string;
}

/**
 * Reads each row on its own: a connection whose secrets do not open (sealed with a key
 * the relay was not given, or damaged) is set aside as unreadable, and the others are
 * read as usual, so one such row never stops the relay.
 */
export function readConnections<R extends ConnectionRow>(
  rows: readonly R[],
  read: (row: R) => StoredConnection,
  accountIdsOf: (row: R) => string[] = (row) =>
    row.account_ids === null ? [] : (JSON.parse(row.account_ids) as string[])
): { connections: StoredConnection[]; unreadable: UnreadableConnection[] } {
  const connections: StoredConnection[] = [];
  const unreadable: UnreadableConnection[] = [];
  for (const row of rows) {
    try {
      connections.push(read(row));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      unreadable.push({
        id: row.id,
        name: row.name,
        instanceUrl: row.instance_url,
        accountIds: accountIdsOf(row),
        keyId: sealedKeyId(row.auth_sealed),
        reason: error.message
      });
    }
  }
  return { connections, unreadable };
}

/**
 * For the start-up pass after a key rotation: the secrets of these rows sealed again with
 * the current key, for those an older key sealed (unreadable ones are left as they are).
 */
export function resealedRows<R>(
  rows: readonly R[],
  key: Buffer,
  sealedOf: (row: R) => { sealed: string | null; aad: string }
): { row: R; from: string; to: string }[] {
  const changes: { row: R; from: string; to: string }[] = [];
  for (const row of rows) {
    const { sealed, aad } = sealedOf(row);
    if (sealed === null) continue;
    try {
      const to = resealed(key, sealed, aad);
      if (to !== null) changes.push({ row, from: sealed, to });
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
    }
  }
  return changes;
}
