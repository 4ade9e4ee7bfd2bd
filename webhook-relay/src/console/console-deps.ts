/**
 * What the console needs from the rest of the relay, as narrow interfaces: it
 * drives the same stores, publisher and connection test as the admin API and
 * the CLI, in-process, and duplicates none of their logic.
 */
import type { AuditLog } from '../log/audit-log';
import type { ConnectionChanges } from '../publish/connection-changes';
import type { TokenResult } from '../salesforce/oauth-token';
import type { ConnectionTestResult } from '../salesforce/test-connection';
import type { AuthorizationStart } from '../salesforce/web-server-flow';
import type { ConnectionConfig, ConnectionStore } from '../store/connection-store';
import type { OutboxStore } from '../store/outbox-store';
import type { FailedAttempts } from '../http/failed-attempts';

/** The running publisher as the console sees it (`connectionRuntimeFor(publisher)` fits). */
export interface ConsoleConnectionRuntime {
  addConnection(connection: ConnectionConfig): Promise<void>;
  removeConnection(id: string): Promise<void>;
  states(): { id: string; name?: string; state: string; lastError: string | null; lastPublishAt: number | null }[];
  /** Look at the queues now (after a replay). */
  wake(): void;
}

/** The web-server flow's two halves (salesforce/web-server-flow.ts). */
export interface WebServerFlow {
  start(options: { loginUrl: string; clientId: string; redirectUri: string }): AuthorizationStart;
  exchangeCode(options: {
    loginUrl: string;
    clientId: string;
    clientSecret?: string;
    redirectUri: string;
    code: string;
    codeVerifier: string;
    allowedOrigins?: readonly string[];
  }): Promise<TokenResult>;
}

export interface ConsoleLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ConsoleDeps {
  /** The current admin token; undefined turns the console off. */
  adminToken: () => string | readonly string[] | undefined;
  store: OutboxStore;
  connections: ConnectionStore;
  runtime: ConsoleConnectionRuntime;
  /** The same check as `relay connect` (`testOrgConnection`). */
  testConnection: (connection: ConnectionConfig) => Promise<ConnectionTestResult>;
  /** Defaults to the relay's own web-server flow. */
  webServerFlow?: WebServerFlow;
  /** The relay's public base URL (for the callback URL); defaults to the request's own host. */
  publicUrl?: () => string | undefined;
  logger: ConsoleLogger;
  now?: () => number;
  /** Mark the cookie Secure. Default: when the public URL or the request is https. */
  secureCookies?: boolean;
  sessionIdleMs?: number;
  /** Wrong-token throttle shared with the admin API; the console makes its own when none is given. */
  adminAttempts?: FailedAttempts;
  /** The operator's extra Salesforce hosts (configuration only; nothing in the console changes them). */
  extraSalesforceHosts?: () => readonly string[];
  /** How connections are created, edited and removed; default built from `connections`, `store` and `runtime`. */
  changes?: ConnectionChanges;
  /** The connections of the relay's configuration (shown, never editable here). */
  configuredConnections?: () => readonly { id: string; name: string; accountIds: readonly string[] | null }[];
  audit?: AuditLog;
  /** Read this exchange's receipt from the org now (the test exchange's wait; Publisher.confirmNow). */
  confirmReceipt?: (exchangeId: string) => Promise<void>;
  /** How long the test exchange page waits for the org's receipt (default 60 s). */
  testExchangeWaitMs?: number;
}

export const OAUTH_CALLBACK_PATH = '/oauth/callback';
