/**
 * How an org connection is kept in a table row, the same in SQLite and PostgreSQL:
 * everything plain except the auth block (client secret, private key, refresh
 * token), which is sealed with the master key (AES-256-GCM, the id as associated data).
 */
import { openSecret, sealSecret } from './connection-secrets';
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
