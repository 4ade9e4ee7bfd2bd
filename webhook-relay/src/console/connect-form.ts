/**
 * The "Connect to Salesforce" form as data: what the browser posted turned into
 * a connection the store accepts (validated by the store's own zod schema), or
 * a message per form field in the visitor's language. Secrets left blank keep
 * the ones already saved for the same connection and flow.
 */
import type { z } from 'zod';
import { newConnectionSchema, type ConnectionConfig, type StoredConnection } from '../store/connection-store';
import type { Messages } from './console-messages';

export const FLOWS = ['client_credentials', 'jwt', 'web_server'] as const;
export type Flow = (typeof FLOWS)[number];

export type FormField = 'name' | 'instanceUrl' | 'flow' | 'clientId' | 'clientSecret' | 'privateKey' | 'username';

/** What the form shows again after a refusal: never a secret. */
export interface FormDraft {
  name: string;
  instanceUrl: string;
  flow: Flow;
  clientId: string;
  username: string;
  accountIds: string;
}

export type ParsedConnectForm =
  | { ok: true; connection: ConnectionConfig; draft: FormDraft }
  | { ok: false; errors: Partial<Record<FormField, string>>; draft: FormDraft };

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

export function parseAccountIds(value: string): string[] | null {
  const ids = value
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  return ids.length > 0 ? [...new Set(ids)] : null;
}

function fieldFor(path: PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === 'auth') {
    if (second === 'clientSecret' || second === 'privateKey' || second === 'username' || second === 'clientId')
      return second;
    return 'flow';
  }
  if (first === 'instanceUrl') return 'instanceUrl';
  return 'name';
}

function messageFor(field: FormField, raw: string, m: Messages): string {
  if (raw === '') return m.required;
  if (field === 'instanceUrl') return m.invalidUrl;
  if (field === 'privateKey') return m.invalidPem;
  if (field === 'name') return m.invalidName;
  return m.required;
}

export function parseConnectForm(
  body: Record<string, unknown>,
  m: Messages,
  existing: (id: string) => StoredConnection | undefined
): ParsedConnectForm {
  const flowText = text(body, 'flow');
  const flow: Flow = (FLOWS as readonly string[]).includes(flowText) ? (flowText as Flow) : 'client_credentials';
  const draft: FormDraft = {
    name: text(body, 'name'),
    instanceUrl: text(body, 'instanceUrl'),
    flow,
    clientId: text(body, 'clientId'),
    username: text(body, 'username'),
    accountIds: text(body, 'accountIds')
  };
  const id = connectionIdFor(draft.name);
  const saved = existing(id);
  const savedAuth = saved?.auth.flow === flow ? saved.auth : undefined;
  const clientSecret =
    text(body, 'clientSecret') || (savedAuth && 'clientSecret' in savedAuth ? savedAuth.clientSecret : '');
  const privateKey = text(body, 'privateKey') || (savedAuth?.flow === 'jwt' ? savedAuth.privateKey : '');

  const auth =
    flow === 'jwt'
      ? { flow, clientId: draft.clientId, username: draft.username, privateKey }
      : flow === 'web_server'
        ? { flow, clientId: draft.clientId, ...(clientSecret ? { clientSecret } : {}) }
        : { flow, clientId: draft.clientId, clientSecret };
  const parsed = newConnectionSchema.safeParse({
    id,
    name: draft.name,
    instanceUrl: draft.instanceUrl,
    accountIds: parseAccountIds(draft.accountIds),
    auth
  });
  if (parsed.success) return { ok: true, connection: parsed.data, draft };
  return { ok: false, errors: formErrors(parsed.error, body, m), draft };
}

function formErrors(error: z.ZodError, body: Record<string, unknown>, m: Messages) {
  const errors: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = fieldFor(issue.path);
    errors[field] ??= messageFor(field, text(body, field), m);
  }
  return errors;
}
