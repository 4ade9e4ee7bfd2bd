/**
 * Turns a stored org connection into what the publisher runs and what the
 * "test connection" call checks, so the admin API and CLI never touch
 * salesforce/ themselves.
 */
import { createSalesforceClient } from '../salesforce/salesforce-client';
import { testConnection, type ConnectionTestResult } from '../salesforce/test-connection';
import type { SalesforceAuth } from '../salesforce/org-config';
import type { ConnectionConfig } from '../store/connection-store';
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

export function publisherConnectionFrom(connection: OrgConnectionLike): PublisherConnection {
  return {
    id: connection.id,
    name: connection.name,
    accountIds: connection.accountIds ?? null,
    org: {
      instanceUrl: connection.instanceUrl,
      apiVersion: connection.apiVersion,
      namespace: connection.namespace,
      auth: connection.auth
    }
  };
}

export function testOrgConnection(connection: OrgConnectionLike, timeoutMs = 15_000): Promise<ConnectionTestResult> {
  return testConnection(createSalesforceClient({ ...publisherConnectionFrom(connection).org, timeoutMs }));
}

/** The publisher as the admin API drives it: connections arrive as stored config. */
export function connectionRuntimeFor(publisher: Publisher) {
  return {
    addConnection: (connection: ConnectionConfig) => publisher.addConnection(publisherConnectionFrom(connection)),
    removeConnection: (id: string) => publisher.removeConnection(id),
    states: () => publisher.states(),
    wake: () => publisher.wake()
  };
}
