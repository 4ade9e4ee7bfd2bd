/**
 * The "Connect to Salesforce" form as data: what the browser posted turned into
 * a connection the store accepts (validated by the store's own zod schema and the
 * Salesforce host rule), or a message per form field in the visitor's language.
 * Creating never touches a saved connection. Editing one keeps a secret left blank
 * only while the URL, consumer key, flow and user stay the same: a new destination
 * must come with its own secret, so an edit never sends the saved one elsewhere.
 */
import type { z } from 'zod';
import { withSalesforceHosts } from '../publish/connection-changes';
import {
  keepsSecretsOf,
  newConnectionSchema,
  type ConnectionConfig,
  type StoredConnection
} from '../store/connection-store';
import type { Messages } from './console-messages';

export const FLOWS = ['client_credentials', 'jwt', 'web_server'] as const;
export type Flow = (typeof FLOWS)[number];

export type FormField =
  'name' | 'instanceUrl' | 'flow' | 'clientId' | 'clientSecret' | 'privateKey' | 'username' | 'loginUrl' | 'accountIds';

/** What the form shows again after a refusal: never a secret. */
export interface FormDraft {
  name: string;
  instanceUrl: string;
  flow: Flow;
  clientId: string;
  username: string;
  loginUrl: string;
  accountIds: string;
}

export type ParsedConnectForm =
  | { ok: true; connection: ConnectionConfig; draft: FormDraft }
  | { ok: false; errors: Partial<Record<FormField, string>>; draft: FormDraft };

/** Creating a connection, or editing the saved one. */
export type FormMode = { kind: 'create' } | { kind: 'edit'; saved: StoredConnection };

const text = (body: Record<string, unknown>, key: string): string => {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** The connection id the form derives from its name (the store wants a slug). */
export function connectionIdFor(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export function parseAccountIds(value: string): string[] {
  const ids = value
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  return [...new Set(ids)];
}

/** The form as the saved connection fills it in (secrets stay out). */
export function draftOf(connection: StoredConnection): FormDraft {
  const auth = connection.auth;
  return {
    name: connection.name,
    instanceUrl: connection.instanceUrl,
    flow: auth.flow,
    clientId: auth.clientId,
    username: auth.flow === 'jwt' ? auth.username : '',
    loginUrl: auth.flow === 'jwt' ? (auth.loginUrl ?? '') : '',
    accountIds: connection.accountIds.join(', ')
  };
}

function fieldFor(path: PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === 'auth') {
    if (
      second === 'clientSecret' ||
      second === 'privateKey' ||
      second === 'username' ||
      second === 'clientId' ||
      second === 'loginUrl'
    )
      return second;
    return 'flow';
  }
  if (first === 'instanceUrl') return 'instanceUrl';
  if (first === 'accountIds') return 'accountIds';
  return 'name';
}

function messageFor(field: FormField, raw: string, m: Messages): string {
  if (field === 'accountIds') return m.accountsRequired;
  if (raw === '') return m.required;
  if (field === 'instanceUrl' || field === 'loginUrl') return m.invalidUrl;
  if (field === 'privateKey') return m.invalidPem;
  if (field === 'name') return m.invalidName;
  return m.required;
}

export function parseConnectForm(
  body: Record<string, unknown>,
  m: Messages,
  mode: FormMode,
  extraOrigins: readonly string[] = []
): ParsedConnectForm {
  const flowText = text(body, 'flow');
  const flow: Flow = (FLOWS as readonly string[]).includes(flowText) ? (flowText as Flow) : 'client_credentials';
  const draft: FormDraft = {
    name: text(body, 'name'),
    instanceUrl: text(body, 'instanceUrl'),
    flow,
    clientId: text(body, 'clientId'),
    username: text(body, 'username'),
    loginUrl: text(body, 'loginUrl'),
    accountIds: text(body, 'accountIds')
  };
  const id = mode.kind === 'edit' ? mode.saved.id : connectionIdFor(draft.name);
  const errors: Partial<Record<FormField, string>> = {};
  // Only an edit keeps saved secrets, and only for the same destination.
  const saved = mode.kind === 'edit' ? mode.saved : undefined;
  const keeps =
    saved !== undefined &&
    keepsSecretsOf(saved, {
      instanceUrl: draft.instanceUrl,
      auth: { flow, clientId: draft.clientId, username: draft.username, loginUrl: draft.loginUrl || undefined }
    });
  const savedAuth = keeps ? (saved.auth as Record<string, string | undefined>) : {};
  const typedSecret = text(body, 'clientSecret');
  const typedKey = text(body, 'privateKey');
  const clientSecret = typedSecret || savedAuth.clientSecret || '';
  const privateKey = typedKey || savedAuth.privateKey || '';
  if (saved && !keeps) {
    // The destination changed: a blank secret is a missing secret, not "keep the saved one".
    if (flow === 'jwt' && !typedKey) errors.privateKey = m.secretRequiredAgain;
    if (flow === 'client_credentials' && !typedSecret) errors.clientSecret = m.secretRequiredAgain;
    if (flow === 'web_server' && !typedSecret && saved.auth.flow === 'web_server' && saved.auth.clientSecret) {
      errors.clientSecret = m.secretRequiredAgain;
    }
  }
  // A refresh token belongs to the app and user: it stays while they do (a rotated consumer secret included).
  const refreshToken = keeps ? savedAuth.refreshToken : undefined;

  const auth =
    flow === 'jwt'
      ? {
          flow,
          clientId: draft.clientId,
          username: draft.username,
          privateKey,
          ...(draft.loginUrl ? { loginUrl: draft.loginUrl } : {})
        }
      : flow === 'web_server'
        ? {
            flow,
            clientId: draft.clientId,
            ...(clientSecret ? { clientSecret } : {}),
            ...(refreshToken ? { refreshToken } : {})
          }
        : { flow, clientId: draft.clientId, clientSecret };
  const parsed = newConnectionSchema.safeParse({
    id,
    name: draft.name,
    instanceUrl: draft.instanceUrl,
    accountIds: parseAccountIds(draft.accountIds),
    ...(saved ? { apiVersion: saved.apiVersion, namespace: saved.namespace } : {}),
    auth
  });
  if (!parsed.success) return { ok: false, errors: { ...formErrors(parsed.error, body, m), ...errors }, draft };
  const hosts = withSalesforceHosts(parsed.data, extraOrigins);
  if (!hosts.ok) {
    for (const error of hosts.errors)
      errors[error.path === 'auth.loginUrl' ? 'loginUrl' : 'instanceUrl'] = m.notSalesforceHost;
  }
  if (Object.keys(errors).length > 0 || !hosts.ok) return { ok: false, errors, draft };
  return { ok: true, connection: hosts.connection, draft };
}

function formErrors(error: z.ZodError, body: Record<string, unknown>, m: Messages) {
  const errors: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = fieldFor(issue.path);
    errors[field] ??= messageFor(field, text(body, field), m);
  }
  return errors;
}
