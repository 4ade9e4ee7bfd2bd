/**
 * The console's sessions, kept in memory: an id in an HTTP-only cookie, a CSRF
 * token per session, the visitor's language, one flash banner and the replay
 * being watched. A session is anonymous until the admin token is typed; signing
 * in replaces it with a new id, so a planted cookie never becomes signed in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConnectionConfig } from '../store/connection-store';
import type { Language } from './console-messages';

export interface Banner {
  kind: 'success' | 'error' | 'info';
  title: string;
  detail?: string;
  hint?: string;
  /** The next step, as a button that posts `fields` to `path` (with the session's CSRF token). */
  action?: { label: string; path: string; fields: Record<string, string> };
}

export interface ConsoleSession {
  id: string;
  csrfToken: string;
  signedIn: boolean;
  language: Language;
  createdAt: number;
  expiresAt: number;
  flash: Banner | null;
  /** Dead letters replayed last, to show their progress. */
  replay: { webhookIds: string[]; startedAt: number } | null;
  /** An edit waiting for the admin to confirm it (kept server-side: it may hold a typed secret). */
  pendingEdit: PendingEdit | null;
}

export interface PendingEdit {
  /** What the confirm form sends back, so an old or forged confirmation applies nothing. */
  token: string;
  connectionId: string;
  /** The connection as it will be saved (secrets typed or kept), validated. */
  connection: ConnectionConfig;
  changes: string[];
  /** The saved connection's `updatedAt` the changes were computed against: a newer save voids them. */
  basedOn: number;
  expiresAt: number;
}

export interface SessionOptions {
  now?: () => number;
  /** Idle time after which a signed-in session ends (default 30 minutes). */
  idleMs?: number;
  /** Longest a signed-in session lives, however busy (default 8 hours). */
  absoluteMs?: number;
  /** Sessions kept at most; the oldest go first (a flood of anonymous visits cannot fill memory). */
  maxSessions?: number;
}

const ANONYMOUS_MS = 15 * 60_000;

const token = () => randomBytes(32).toString('base64url');
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of strings of any length: `given` against one secret or each of several. */
export function sameSecret(given: string | undefined, expected: string | readonly string[] | undefined): boolean {
  const secrets = typeof expected === 'string' ? [expected] : (expected ?? []);
  if (!given || secrets.length === 0) return false;
  const hashed = digest(given);
  let matched = false;
  for (const secret of secrets) if (secret && timingSafeEqual(hashed, digest(secret))) matched = true;
  return matched;
}

export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;

  constructor(options: SessionOptions = {}) {
    this.now = options.now ?? Date.now;
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.absoluteMs = options.absoluteMs ?? 8 * 3_600_000;
    this.maxSessions = options.maxSessions ?? 10_000;
  }

  /** The live session with this id, its idle timer renewed; undefined when unknown or expired. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (session.expiresAt <= now || (session.signedIn && now - session.createdAt >= this.absoluteMs)) {
      this.sessions.delete(id);
      return undefined;
    }
    session.expiresAt = now + (session.signedIn ? this.idleMs : ANONYMOUS_MS);
    return session;
  }

  createAnonymous(language: Language): ConsoleSession {
    return this.add({ signedIn: false, language, expiresIn: ANONYMOUS_MS });
  }

  /** Ends `previous` and answers a fresh signed-in session (new id and CSRF token). */
  signIn(previous: ConsoleSession): ConsoleSession {
    this.sessions.delete(previous.id);
    return this.add({ signedIn: true, language: previous.language, expiresIn: this.idleMs });
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private add(options: { signedIn: boolean; language: Language; expiresIn: number }): ConsoleSession {
    this.sweep();
    const now = this.now();
    const session: ConsoleSession = {
      id: token(),
      csrfToken: token(),
      signedIn: options.signedIn,
      language: options.language,
      createdAt: now,
      expiresAt: now + options.expiresIn,
      flash: null,
      replay: null,
      pendingEdit: null
    };
    this.sessions.set(session.id, session);
    return session;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
    // Maps iterate in insertion order: the oldest go first, anonymous visitors before signed-in admins.
    for (const anonymousOnly of [true, false]) {
      for (const [id, session] of this.sessions) {
        if (this.sessions.size < this.maxSessions) return;
        if (!anonymousOnly || !session.signedIn) this.sessions.delete(id);
      }
    }
  }
}
