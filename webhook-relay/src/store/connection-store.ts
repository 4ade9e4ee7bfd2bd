/**
 * Org connections added at run time (admin API, CLI): where each org is, how
 * the relay signs in, and which card-platform accounts it serves. This module
 * owns the contract and its zod schema; `sqlite-connection-store.ts` keeps the
 * connections with their secrets encrypted at rest. It knows nothing of HTTP or
 * Salesforce; the shape matches what the publisher hands to salesforce/.
 */
import { DEFAULT_API_VERSION, DEFAULT_NAMESPACE } from '../config/relay-config';
import { z } from 'zod';

const url = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://acme.my.salesforce.com' })
  .transform((value) => value.replace(/\/+$/, ''));

export const connectionAuthSchema = z.discriminatedUnion('flow', [
  z.object({
    flow: z.literal('client_credentials'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1)
  }),
  z.object({
    flow: z.literal('jwt'),
    clientId: z.string().min(1),
    username: z.string().min(1),
    privateKey: z.string().includes('PRIVATE KEY', { error: 'expected a PEM private key' }),
    /** The JWT audience: https://login.salesforce.com unless a sandbox or site. */
    loginUrl: z.url({ protocol: /^https?$/ }).optional()
  }),
  z.object({
    flow: z.literal('web_server'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional()
  })
]);
export type ConnectionAuth = z.infer<typeof connectionAuthSchema>;

export const newConnectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'lower-case letters, digits, - and _, at most 63' }),
  name: z.string().trim().min(1).max(120),
  /** The org's My Domain URL. */
  instanceUrl: url,
  apiVersion: z
    .string()
    .regex(/^\d+\.0$/, { error: `expected an API version such as ${DEFAULT_API_VERSION}` })
    .default(DEFAULT_API_VERSION),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9]*$/)
    .default(DEFAULT_NAMESPACE),
  /** Card-platform account ids this org serves; null or empty: every account. */
  accountIds: z.array(z.string().min(1)).nullable().default(null),
  auth: connectionAuthSchema
});
export type NewConnection = z.input<typeof newConnectionSchema>;
export type ConnectionConfig = z.infer<typeof newConnectionSchema>;

export interface StoredConnection extends ConnectionConfig {
  createdAt: number;
  updatedAt: number;
}

/** What may be shown to an operator: no secret, private key or token. */
export interface ConnectionSummary {
  id: string;
  name: string;
  instanceUrl: string;
  apiVersion: string;
  namespace: string;
  accountIds: string[] | null;
  flow: ConnectionAuth['flow'];
  clientId: string;
  username: string | null;
  createdAt: number;
  updatedAt: number;
}

export function summarizeConnection(connection: StoredConnection): ConnectionSummary {
  return {
    id: connection.id,
    name: connection.name,
    instanceUrl: connection.instanceUrl,
    apiVersion: connection.apiVersion,
    namespace: connection.namespace,
    accountIds: connection.accountIds,
    flow: connection.auth.flow,
    clientId: connection.auth.clientId,
    username: connection.auth.flow === 'jwt' ? connection.auth.username : null,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt
  };
}

export interface ConnectionStore {
  list(): Promise<StoredConnection[]>;
  get(id: string): Promise<StoredConnection | undefined>;
  /** Adds or replaces the connection with this id (validated). */
  save(connection: NewConnection): Promise<StoredConnection>;
  /** True when a connection was removed. */
  remove(id: string): Promise<boolean>;
  close(): Promise<void>;
}
