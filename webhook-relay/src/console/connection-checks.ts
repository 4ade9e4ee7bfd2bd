/**
 * The last "Connect"/"Test" outcome per connection, kept in memory so the
 * overview can flag an org whose check failed before the publisher has had
 * anything to send to it (the publisher only learns an org is unwell by
 * publishing).
 */
import type { ConnectionTestCode, ConnectionTestResult } from '../salesforce/test-connection';

export interface ConnectionCheck {
  state: string;
  result: ConnectionTestResult;
  at: number;
}

const STATE_FOR_CODE: Record<ConnectionTestCode, string> = {
  ok: 'ok',
  wrong_domain: 'auth_failed',
  host_not_allowed: 'auth_failed',
  redirected: 'auth_failed',
  invalid_client_id: 'auth_failed',
  invalid_client_secret: 'auth_failed',
  flow_not_enabled: 'auth_failed',
  auth_failed: 'auth_failed',
  not_createable: 'auth_failed',
  unreachable: 'unreachable',
  package_missing: 'package_missing',
  throttled: 'throttled',
  salesforce_error: 'unreachable'
};

export class ConnectionChecks {
  private readonly checks = new Map<string, ConnectionCheck>();

  constructor(private readonly now: () => number = Date.now) {}

  record(connectionId: string, result: ConnectionTestResult): void {
    this.checks.set(connectionId, { state: STATE_FOR_CODE[result.code], result, at: this.now() });
  }

  forget(connectionId: string): void {
    this.checks.delete(connectionId);
  }

  /**
   * The state to show: the publisher's, unless it still says ok while a check
   * made since its last publish failed.
   */
  stateFor(
    connectionId: string,
    publisher: { state: string; lastError: string | null; lastPublishAt: number | null } | undefined,
    describe: (result: ConnectionTestResult) => string = (result) => result.message
  ): { state: string; lastError: string | null } {
    const check = this.checks.get(connectionId);
    const publisherState = publisher?.state ?? 'stopped';
    const lastError = publisher?.lastError ?? null;
    if (!check || check.state === 'ok' || publisherState !== 'ok') return { state: publisherState, lastError };
    if (publisher?.lastPublishAt && publisher.lastPublishAt > check.at) return { state: publisherState, lastError };
    return { state: check.state, lastError: lastError ?? describe(check.result) };
  }
}
