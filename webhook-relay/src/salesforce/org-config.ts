/**
 * What the Salesforce client needs to know about one org: where it is, which
 * API version and namespace to use, and how to authenticate. Validated with zod;
 * the connection store and the relay config keep the same shape (flows
 * `client_credentials`, `jwt`, `web_server`) without importing it.
 */
import { z } from 'zod';

const httpsOrLocalUrl = z
  .string()
  .url()
  .transform((url) => url.replace(/\/+$/, ''));

export const salesforceAuthSchema = z.discriminatedUnion('flow', [
  z.object({
    flow: z.literal('client_credentials'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1)
  }),
  z.object({
    flow: z.literal('jwt'),
    clientId: z.string().min(1),
    username: z.string().min(1),
    /** PEM private key whose certificate is uploaded to the app. */
    privateKey: z.string().min(1),
    /** The JWT `aud`: https://login.salesforce.com (default), https://test.salesforce.com or a site URL. */
    loginUrl: z.string().url().optional()
  }),
  z.object({
    /** The web-server flow: the refresh token it handed over signs the relay in from then on. */
    flow: z.literal('web_server'),
    clientId: z.string().min(1),
    clientSecret: z.string().optional(),
    refreshToken: z.string().min(1).optional()
  })
]);
export type SalesforceAuth = z.infer<typeof salesforceAuthSchema>;

export const salesforceOrgSchema = z.object({
  /** The org's My Domain URL, e.g. https://acme.my.salesforce.com. */
  instanceUrl: httpsOrLocalUrl,
  apiVersion: z
    .string()
    .regex(/^\d+\.0$/, 'API version looks like 62.0')
    .default('62.0'),
  namespace: z.string().default('cardbridge'),
  auth: salesforceAuthSchema,
  /** Per HTTP call; a hung org must not hold a batch forever. */
  timeoutMs: z.number().int().positive().default(30_000),
  /**
   * Origins besides Salesforce's own hosts (salesforce-hosts.ts) this org may be called
   * on: the operator's extra hosts, and for a connection from the relay's configuration
   * its own URLs. Every token endpoint, `instance_url` and REST call is checked.
   */
  allowedOrigins: z.array(z.string()).default([])
});
export type SalesforceOrg = z.infer<typeof salesforceOrgSchema>;
export type SalesforceOrgInput = z.input<typeof salesforceOrgSchema>;
