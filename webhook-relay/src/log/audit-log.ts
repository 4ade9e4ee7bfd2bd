/**
 * The audit trail: one JSON log line per change an operator makes (connection
 * created, changed, removed; dead letters replayed; console sign-ins, refused ones
 * too), from a pino child logger that marks it `"audit": true`, so a log pipeline can
 * keep these lines apart and longer. Each says who (the admin API or a console
 * session, and the client address), what (action, target, the names of the fields
 * that changed) and when (pino's `time`); never a secret, token or key: the logger's
 * redaction applies to these lines as to every other.
 */

export type AuditAction =
  | 'connection.create'
  | 'connection.update'
  | 'connection.delete'
  | 'dead_letters.replay'
  | 'unconfirmed.replay'
  | 'console.sign_in'
  | 'console.sign_in_refused'
  | 'console.sign_out';

export interface AuditActor {
  /** Where the change came from: the admin API (bearer token; the CLI uses it) or the console. */
  via: 'admin-api' | 'console';
  /** The client's address as the relay sees it (behind a proxy: the proxy's). */
  ip: string;
  /** A console session, as a short reference that cannot be used to sign in. */
  session?: string;
}

export interface AuditEvent {
  action: AuditAction;
  actor: AuditActor;
  /** What was acted on: a connection id, or the dead letters replayed. */
  target?: string;
  /** Plain details (field names changed, counts); never secret values. */
  details?: Record<string, unknown>;
  outcome?: 'done' | 'refused';
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

export interface AuditLogger {
  child(bindings: Record<string, unknown>): { info(details: object, message: string): void };
}

export const noAudit: AuditLog = { record: () => undefined };

export function createAuditLog(logger: AuditLogger): AuditLog {
  const audit = logger.child({ audit: true });
  return {
    record(event) {
      audit.info(
        {
          action: event.action,
          actor: event.actor,
          ...(event.target !== undefined ? { target: event.target } : {}),
          outcome: event.outcome ?? 'done',
          ...(event.details ? { details: event.details } : {})
        },
        `audit: ${event.action}${event.target !== undefined ? ` ${event.target}` : ''}`
      );
    }
  };
}
