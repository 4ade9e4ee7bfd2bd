/**
 * Creating, editing and removing a run-time org connection, the same for the admin
 * API, the console and the CLI: validate (schema, Salesforce hosts only), write to the
 * connection store (which refuses an id in use and an account another connection
 * serves), hand the result to the publisher, and keep every queued exchange
 * deliverable: what a removed connection, or one that no longer serves an account,
 * had queued goes back to `unrouted` and is routed again when a connection serves it.
 */
import { z } from 'zod';
import { salesforceUrlProblem } from '../salesforce/salesforce-hosts';
import {
  keepsSecretsOf,
  lookUpConnection,
  newConnectionSchema,
  type ConnectionConfig,
  type ConnectionStore,
  type SaveRefusal,
  type StoredConnection
} from '../store/connection-store';
import type { OutboxStore } from '../store/outbox-store';

export interface FieldProblem {
  path: string;
  message: string;
}

export type ChangeProblem =
  { code: 'invalid'; errors: FieldProblem[] } | { code: 'secret_required'; errors: FieldProblem[] } | SaveRefusal;

export type ChangeOutcome =
  | { ok: true; connection: StoredConnection; previous: StoredConnection | null; unrouted: number }
  | { ok: false; problem: ChangeProblem };

/** What a removal names of the connection it removed (one whose secrets did not open has no more). */
export type RemovedConnection = Pick<StoredConnection, 'id' | 'name' | 'instanceUrl' | 'accountIds'>;

export type RemoveOutcome =
  { ok: true; connection: RemovedConnection; unrouted: number } | { ok: false; problem: ChangeProblem };

export interface ConnectionChangesDeps {
  connections: ConnectionStore;
  outbox: Pick<OutboxStore, 'unrouteQueued'>;
  runtime: {
    addConnection(connection: ConnectionConfig): Promise<void>;
    removeConnection(id: string): Promise<void>;
  };
  /** The operator's extra Salesforce hosts; nothing here can change them. */
  extraOrigins?: () => readonly string[];
}

export interface ConnectionChanges {
  create(input: unknown): Promise<ChangeOutcome>;
  /**
   * `input` may leave the secrets out: the saved ones stay only while URL, client id and user stay.
   * A connection whose saved secrets do not open (master key lost) is saved again only with every secret.
   */
  update(id: string, input: unknown): Promise<ChangeOutcome>;
  remove(id: string): Promise<RemoveOutcome>;
  /** What an edit would change, field by field (no secret values), or an invalid edit's problem. */
  preview(
    id: string,
    input: unknown
  ): Promise<{ ok: true; changes: string[]; connection: ConnectionConfig } | { ok: false; problem: ChangeProblem }>;
}

const fieldProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));

/** Run-time connections reach Salesforce hosts only: the URL and the JWT audience are checked and normalised. */
export function withSalesforceHosts(
  connection: ConnectionConfig,
  extraOrigins: readonly string[]
): { ok: true; connection: ConnectionConfig } | { ok: false; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const urlProblem = salesforceUrlProblem(connection.instanceUrl, extraOrigins);
  if (urlProblem) errors.push({ path: 'instanceUrl', message: urlProblem });
  const auth = connection.auth;
  if (auth.flow === 'jwt' && auth.loginUrl !== undefined) {
    const loginProblem = salesforceUrlProblem(auth.loginUrl, extraOrigins);
    if (loginProblem) errors.push({ path: 'auth.loginUrl', message: loginProblem });
  }
  if (errors.length > 0) return { ok: false, errors };
  const origin = (value: string) => new URL(value).origin;
  return {
    ok: true,
    connection: {
      ...connection,
      instanceUrl: origin(connection.instanceUrl),
      auth: auth.flow === 'jwt' && auth.loginUrl !== undefined ? { ...auth, loginUrl: origin(auth.loginUrl) } : auth
    }
  };
}

/** An edit as sent: like a new connection, but its secrets may be left out (and its id is the path's). */
const editSchema = z.object({
  name: z.unknown(),
  instanceUrl: z.unknown(),
  apiVersion: z.unknown().optional(),
  namespace: z.unknown().optional(),
  accountIds: z.unknown(),
  auth: z.record(z.string(), z.unknown())
});

const SECRET_FIELDS = ['clientSecret', 'privateKey', 'refreshToken'] as const;

function originOrText(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  try {
    return new URL(text).origin;
  } catch {
    return text;
  }
}

/** The saved secrets merged into an edit that left them out, when the edit keeps everything they go to. */
function mergeSecrets(
  saved: StoredConnection,
  edit: z.infer<typeof editSchema>,
  id: string
): { ok: true; input: Record<string, unknown> } | { ok: false; problem: ChangeProblem } {
  const auth: Record<string, unknown> = { ...edit.auth };
  const missing = SECRET_FIELDS.filter((field) => auth[field] === undefined || auth[field] === '');
  for (const field of missing) delete auth[field];
  const draft = { ...edit, id, auth };
  const keeps = keepsSecretsOf(saved, {
    instanceUrl: originOrText(edit.instanceUrl),
    auth: {
      flow: auth.flow,
      clientId: auth.clientId,
      username: auth.username,
      loginUrl: auth.loginUrl === undefined ? undefined : originOrText(auth.loginUrl)
    }
  });
  const savedAuth = saved.auth as Record<string, unknown>;
  const needed = missing.filter((field) => savedAuth[field] !== undefined);
  if (needed.length === 0) return { ok: true, input: draft };
  if (!keeps) {
    // A new URL, consumer key, user or audience must come with its own secret: the saved one never goes there.
    const required = needed.filter((field) => field !== 'refreshToken');
    if (required.length > 0) {
      return {
        ok: false,
        problem: {
          code: 'secret_required',
          errors: required.map((field) => ({
            path: `auth.${field}`,
            message:
              'required again: the URL, consumer key, flow or user changed, so the saved secret is not sent to the new destination'
          }))
        }
      };
    }
    return { ok: true, input: draft };
  }
  for (const field of needed) auth[field] = savedAuth[field];
  return { ok: true, input: { ...draft, auth } };
}

function describeChanges(before: StoredConnection, after: ConnectionConfig): string[] {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push('name');
  if (before.instanceUrl !== after.instanceUrl) changes.push('instanceUrl');
  if (before.apiVersion !== after.apiVersion) changes.push('apiVersion');
  if (before.namespace !== after.namespace) changes.push('namespace');
  if (JSON.stringify([...before.accountIds].sort()) !== JSON.stringify([...after.accountIds].sort())) {
    changes.push('accountIds');
  }
  const a = before.auth as Record<string, unknown>;
  const b = after.auth as Record<string, unknown>;
  for (const key of ['flow', 'clientId', 'username', 'loginUrl']) if (a[key] !== b[key]) changes.push(`auth.${key}`);
  for (const key of SECRET_FIELDS) if (a[key] !== b[key]) changes.push(`auth.${key}`);
  return changes;
}

export function createConnectionChanges(deps: ConnectionChangesDeps): ConnectionChanges {
  const extra = () => deps.extraOrigins?.() ?? [];

  function validate(
    input: unknown
  ): { ok: true; connection: ConnectionConfig } | { ok: false; problem: ChangeProblem } {
    const parsed = newConnectionSchema.safeParse(input);
    if (!parsed.success) return { ok: false, problem: { code: 'invalid', errors: fieldProblems(parsed.error) } };
    const hosts = withSalesforceHosts(parsed.data, extra());
    if (!hosts.ok) return { ok: false, problem: { code: 'invalid', errors: hosts.errors } };
    return { ok: true, connection: hosts.connection };
  }

  /** The saved connection; undefined when there is none, or when its secrets do not open (see `unreadableOne`). */
  async function readable(id: string): Promise<StoredConnection | undefined> {
    const looked = await lookUpConnection(deps.connections, id);
    return looked && 'found' in looked ? looked.found : undefined;
  }

  /** A stored connection none of the relay's master keys opens: it can be removed, or saved again whole. */
  async function unreadableOne(id: string) {
    await deps.connections.list();
    return deps.connections.unreadable().find((c) => c.id === id);
  }

  async function prepareEdit(
    id: string,
    input: unknown
  ): Promise<
    { ok: true; saved: StoredConnection | null; connection: ConnectionConfig } | { ok: false; problem: ChangeProblem }
  > {
    const edit = editSchema.safeParse(input);
    if (!edit.success) return { ok: false, problem: { code: 'invalid', errors: fieldProblems(edit.error) } };
    const bodyId = (input as { id?: unknown }).id;
    if (bodyId !== undefined && bodyId !== id) {
      return {
        ok: false,
        problem: { code: 'invalid', errors: [{ path: 'id', message: `must be "${id}" (the id cannot change)` }] }
      };
    }
    const saved = await readable(id);
    if (!saved) {
      if (await unreadableOne(id)) {
        // Its saved secrets cannot be read, so none is merged: the edit brings every one.
        const valid = validate({ ...edit.data, id });
        return valid.ok ? { ok: true, saved: null, connection: valid.connection } : valid;
      }
      const configured = (await deps.connections.configured()).some((c) => c.id === id);
      return { ok: false, problem: configured ? { code: 'configured', id } : { code: 'not_found', id } };
    }
    const merged = mergeSecrets(saved, edit.data, id);
    if (!merged.ok) return merged;
    const valid = validate(merged.input);
    if (!valid.ok) return valid;
    return { ok: true, saved, connection: valid.connection };
  }

  return {
    async create(input) {
      const valid = validate(input);
      if (!valid.ok) return valid;
      const saved = await deps.connections.create(valid.connection);
      if (!saved.ok) return { ok: false, problem: saved.refusal };
      await deps.runtime.addConnection(saved.connection);
      return { ok: true, connection: saved.connection, previous: null, unrouted: 0 };
    },

    async update(id, input) {
      const prepared = await prepareEdit(id, input);
      if (!prepared.ok) return prepared;
      const saved = await deps.connections.update(prepared.connection);
      if (!saved.ok) return { ok: false, problem: saved.refusal };
      // Exchanges queued for accounts it no longer serves wait for the connection that does.
      const unrouted = await deps.outbox.unrouteQueued(id, saved.connection.accountIds);
      await deps.runtime.addConnection(saved.connection);
      return { ok: true, connection: saved.connection, previous: prepared.saved, unrouted };
    },

    async preview(id, input) {
      const prepared = await prepareEdit(id, input);
      if (!prepared.ok) return prepared;
      return {
        ok: true,
        // Saved again over secrets that could not be read: everything it holds is new.
        changes: prepared.saved ? describeChanges(prepared.saved, prepared.connection) : ['auth'],
        connection: prepared.connection
      };
    },

    async remove(id) {
      const saved = (await readable(id)) ?? (await unreadableOne(id));
      if (!saved) {
        const configured = (await deps.connections.configured()).some((c) => c.id === id);
        return { ok: false, problem: configured ? { code: 'configured', id } : { code: 'not_found', id } };
      }
      // Stop publishing first (in-flight publishes finish), then forget it, then hand its queue back.
      await deps.runtime.removeConnection(id);
      await deps.connections.remove(id);
      const unrouted = await deps.outbox.unrouteQueued(id);
      return { ok: true, connection: saved, unrouted };
    }
  };
}

/** Field names that changed between two versions of a connection (for the audit log and the console). */
export { describeChanges };
