/**
 * Turns a stored org connection into what the publisher runs and what the
 * "test connection" call checks, so the admin API and CLI never touch
 * salesforce/ themselves. This is also where a connection's trust is decided:
 * one from the relay's own configuration may call its own URLs; one added at run
 * time may call Salesforce's hosts and the operator's extra hosts only.
 */
import type { RefreshTokenKeeper } from '../salesforce/authorize';
import { originOf } from '../salesforce/salesforce-hosts';
import { createSalesforceClient } from '../salesforce/salesforce-client';
import { testConnection, type ConnectionTestResult } from '../salesforce/test-connection';
import type { SalesforceAuth } from '../salesforce/org-config';
import type { TokenResult } from '../salesforce/oauth-token';
import type { ConnectionConfig, RefreshTurns } from '../store/connection-store';
import type { Publisher, PublisherConnection } from './create-publisher';

/** A stored connection or one from the relay config (`accountIds` may be absent there). */
export interface OrgConnectionLike {
  id: string;
  name: string;
  instanceUrl: string;
  apiVersion: string;
  namespace: string;
  accountIds?: readonly string[] | null | undefined;
  auth: SalesforceAuth;
}

export interface ConnectionTrust {
  /** From the relay's own configuration (file or environment): its own URLs may be called. */
  configured: boolean;
  /** The operator's extra Salesforce hosts (`RELAY_EXTRA_SALESFORCE_HOSTS`), as origins. */
  extraOrigins: readonly string[];
}

/** A connection added at run time, with no extra hosts: Salesforce's hosts only. */
export const RUN_TIME: ConnectionTrust = { configured: false, extraOrigins: [] };

export function allowedOriginsFor(connection: OrgConnectionLike, trust: ConnectionTrust): string[] {
  const own = trust.configured
    ? [connection.instanceUrl, connection.auth.flow === 'jwt' ? connection.auth.loginUrl : undefined]
        .filter((url): url is string => typeof url === 'string')
        .map(originOf)
        .filter((origin): origin is string => origin !== null)
    : [];
  return [...new Set([...own, ...trust.extraOrigins])];
}

export function publisherConnectionFrom(
  connection: OrgConnectionLike,
  trust: ConnectionTrust = RUN_TIME
): PublisherConnection {
  return {
    id: connection.id,
    name: connection.name,
    accountIds: connection.accountIds ?? null,
    org: {
      instanceUrl: connection.instanceUrl,
      apiVersion: connection.apiVersion,
      namespace: connection.namespace,
      auth: connection.auth,
      allowedOrigins: allowedOriginsFor(connection, trust)
    }
  };
}

/** The connection store's refresh turns, as the Salesforce client asks for them. */
export function refreshTokenKeeper(turns: RefreshTurns, connectionId: string, leaseMs: number): RefreshTokenKeeper {
  return {
    refresh: (seed, exchange) =>
      turns.refresh<TokenResult>(
        connectionId,
        seed,
        exchange,
        (result) => (result.ok ? result.token.refreshToken : null),
        { leaseMs }
      )
  };
}

export interface TestOptions {
  trust?: ConnectionTrust;
  refreshTokens?: RefreshTurns;
}

export function testOrgConnection(
  connection: OrgConnectionLike,
  timeoutMs = 15_000,
  options: TestOptions = {}
): Promise<ConnectionTestResult> {
  const org = { ...publisherConnectionFrom(connection, options.trust).org, timeoutMs };
  const refreshTokens = options.refreshTokens
    ? refreshTokenKeeper(options.refreshTokens, connection.id, 2 * timeoutMs + 5_000)
    : undefined;
  return testConnection(createSalesforceClient(org, { refreshTokens }));
}

/** The publisher as the admin API drives it: connections arrive as stored config. */
export function connectionRuntimeFor(publisher: Publisher, trust: ConnectionTrust = RUN_TIME) {
  return {
    addConnection: (connection: ConnectionConfig) =>
      publisher.addConnection(publisherConnectionFrom(connection, trust)),
    removeConnection: (id: string) => publisher.removeConnection(id),
    states: () => publisher.states(),
    wake: () => publisher.wake()
  };
}
