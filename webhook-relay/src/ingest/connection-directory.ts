/**
 * Routing: which org connection serves a card-platform account.
 *
 * A connection that lists account ids serves exactly those; a connection with
 * no list serves every other account; with neither, the exchange waits as
 * `unrouted`. The static directory reads the configured connections; the
 * publisher supplies a dynamic one when connections change at run time.
 */

export interface ConnectionDirectory {
  /** The id of the connection serving the account, or null when none does. */
  resolve(accountId: string): string | null;
}

export interface RoutableConnection {
  id: string;
  accountIds?: readonly string[] | undefined;
}

export function createStaticConnectionDirectory(connections: readonly RoutableConnection[]): ConnectionDirectory {
  const byAccount = new Map<string, string>();
  for (const connection of connections) {
    for (const accountId of connection.accountIds ?? []) {
      if (!byAccount.has(accountId)) byAccount.set(accountId, connection.id);
    }
  }
  const catchAll = connections.find((c) => c.accountIds === undefined || c.accountIds.length === 0);
  return {
    resolve: (accountId) => byAccount.get(accountId) ?? catchAll?.id ?? null
  };
}
