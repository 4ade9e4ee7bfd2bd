/**
 * Web-server flow round trips in progress, keyed by their OAuth `state`: the
 * PKCE verifier and the connection waiting for its refresh token stay here,
 * server-side, for ten minutes at most, and each can be taken once.
 */
import type { ConnectionConfig } from '../store/connection-store';

export interface PendingAuthorization {
  /** The console session that started it; the outcome is announced there. */
  sessionId: string;
  codeVerifier: string;
  redirectUri: string;
  connection: ConnectionConfig;
  /** A new connection, or an edit of the saved one (confirmed before the round trip). */
  mode: 'create' | 'edit';
  expiresAt: number;
}

export class PendingAuthorizations {
  private readonly pending = new Map<string, PendingAuthorization>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 1_000
  ) {}

  add(state: string, entry: Omit<PendingAuthorization, 'expiresAt'>): void {
    const now = this.now();
    for (const [key, value] of this.pending) if (value.expiresAt <= now) this.pending.delete(key);
    for (const key of this.pending.keys()) {
      if (this.pending.size < this.max) break;
      this.pending.delete(key);
    }
    this.pending.set(state, { ...entry, expiresAt: now + this.ttlMs });
  }

  /** The round trip this `state` belongs to, removed so a callback cannot be replayed. */
  take(state: string | undefined): PendingAuthorization | undefined {
    if (!state) return undefined;
    const entry = this.pending.get(state);
    this.pending.delete(state);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }
}
