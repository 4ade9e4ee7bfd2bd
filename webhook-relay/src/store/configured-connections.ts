/**
 * The relay's configured org connections as the connection store registers them: the
 * settings that decide routing and where credentials go (never the secrets), their
 * fingerprint, and what to say when two relays' configurations differ.
 */
import { createHash } from 'node:crypto';
import type { ConfiguredConnection } from './connection-store';

export interface ConfiguredConnectionSource {
  id: string;
  name: string;
  instanceUrl: string;
  apiVersion: string;
  namespace: string;
  accountIds?: readonly string[] | null | undefined;
  auth: { flow: string; clientId: string; username?: string; loginUrl?: string };
}

export function configuredConnectionOf(connection: ConfiguredConnectionSource): ConfiguredConnection {
  const accountIds =
    connection.accountIds && connection.accountIds.length > 0 ? [...new Set(connection.accountIds)].sort() : null;
  const settings: Record<string, unknown> = {
    instanceUrl: connection.instanceUrl.replace(/\/+$/, ''),
    apiVersion: connection.apiVersion,
    namespace: connection.namespace,
    accountIds,
    flow: connection.auth.flow,
    clientId: connection.auth.clientId,
    username: connection.auth.username ?? null,
    loginUrl: connection.auth.loginUrl ?? null
  };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([connection.id, settings]))
    .digest('hex');
  return { id: connection.id, name: connection.name, accountIds, fingerprint, settings };
}

/** `accountIds ["a"] here, ["a","b"] registered` for each setting that differs. */
export function describeDifference(mine: ConfiguredConnection, theirs: ConfiguredConnection): string {
  const keys = new Set([...Object.keys(mine.settings), ...Object.keys(theirs.settings)]);
  const differences = [...keys]
    .filter((key) => JSON.stringify(mine.settings[key]) !== JSON.stringify(theirs.settings[key]))
    .map(
      (key) => `${key} ${JSON.stringify(mine.settings[key])} here, ${JSON.stringify(theirs.settings[key])} registered`
    );
  return differences.join('; ') || 'settings differ';
}
