/**
 * The one place that says which hosts are Salesforce's: a connection added at run
 * time (admin API, console, CLI `connect`) may only send credentials to these, and
 * every URL the relay calls for it (token endpoint, the `instance_url` of a token
 * answer, the REST API) must pass the same rule. Connections in the relay's own
 * configuration are trusted with their own URLs; an operator may add origins with
 * `extraSalesforceHosts` / `RELAY_EXTRA_SALESFORCE_HOSTS`, which nothing reachable
 * through the admin API or the console can change.
 *
 * Where the list comes from:
 * - My Domain login hostnames, with enhanced domains (enforced since Winter '24), all
 *   end in `.my.salesforce.com`: production and Developer Edition
 *   `MyDomainName.my.salesforce.com`, sandboxes `MyDomainName--SandboxName.sandbox.my.salesforce.com`,
 *   and the partitioned domains of scratch, demo, Developer Edition, free and patch orgs
 *   and Trailhead playgrounds (`MyDomainName.scratch.my.salesforce.com`,
 *   `MyDomainName.develop.my.salesforce.com`, ...). Salesforce Help, "My Domain URL Formats"
 *   and "Partitioned Domains" (https://help.salesforce.com/s/articleView?id=products.domain_name_app_url_changes.htm&type=5,
 *   https://help.salesforce.com/s/articleView?id=products.domain_name_partitioned_domains.htm&type=5);
 *   Metadata API, MyDomainSettings.domainPartition
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_mydomainsettings.htm).
 * - The generic login hostnames `login.salesforce.com` (production) and `test.salesforce.com`
 *   (sandboxes), which are also the JWT bearer flow's audiences: Salesforce Help, "OAuth 2.0
 *   JWT Bearer Flow for Server-to-Server Integration"
 *   (https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_jwt_flow_ca.htm)
 *   and "Set the My Domain Login Policy"
 *   (https://help.salesforce.com/s/articleView?id=xcloud.domain_name_setting_login_policy.htm&type=5).
 * - Government Cloud Plus orgs' My Domains end in `.my.salesforce.mil` (Salesforce CLI,
 *   forcedotcom/sfdx-core `src/util/sfdcUrl.ts`, which maps `.my.salesforce.mil` to
 *   `.lightning.crmforce.mil`); Government Cloud orgs use `.my.salesforce.com`.
 */

/** Hostnames that are Salesforce's when they end with one of these (after a dot). */
export const SALESFORCE_HOST_SUFFIXES: readonly string[] = ['my.salesforce.com', 'my.salesforce.mil'];

/** Hostnames that are Salesforce's exactly. */
export const SALESFORCE_LOGIN_HOSTS: readonly string[] = ['login.salesforce.com', 'test.salesforce.com'];

/** What an operator is told an acceptable URL looks like. */
export const SALESFORCE_URL_HINT =
  'an https URL of a Salesforce host with nothing after it: https://<your-domain>.my.salesforce.com (sandboxes ' +
  '…--<sandbox>.sandbox.my.salesforce.com, scratch orgs ….scratch.my.salesforce.com), https://login.salesforce.com, ' +
  'https://test.salesforce.com or a Government Cloud Plus My Domain (….my.salesforce.mil)';

export type HostCheck = { ok: true; origin: string } | { ok: false; reason: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function isSalesforceHostname(hostname: string): boolean {
  if (SALESFORCE_LOGIN_HOSTS.includes(hostname)) return true;
  return SALESFORCE_HOST_SUFFIXES.some((suffix) => {
    if (!hostname.endsWith(`.${suffix}`)) return false;
    const prefix = hostname.slice(0, -(suffix.length + 1));
    return prefix.split('.').every((label) => LABEL.test(label));
  });
}

/** `scheme://host[:port]` of an operator's extra host (a bare host name means https). */
export function originOf(value: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether the relay may send a connection's credentials or tokens to `value`: an https
 * Salesforce host with no path, query, fragment, credentials or port, or exactly one of
 * `allowedOrigins` (the operator's extra hosts; for a configured connection, its own URLs).
 * Answers the origin to use, so what is stored and called is what was checked.
 */
export function checkSalesforceUrl(value: string, allowedOrigins: readonly string[] = []): HostCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'it carries a user name or password' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'it has a path, query or fragment' };
  }
  if (allowedOrigins.includes(url.origin)) return { ok: true, origin: url.origin };
  if (url.protocol !== 'https:') return { ok: false, reason: 'not https' };
  if (url.port !== '') return { ok: false, reason: 'it names a port' };
  if (!isSalesforceHostname(url.hostname)) return { ok: false, reason: 'not a Salesforce host' };
  return { ok: true, origin: url.origin };
}

/** True when a URL the relay is about to call (any path) is on an allowed origin. */
export function mayCall(url: string, allowedOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (allowedOrigins.includes(parsed.origin)) return true;
  return parsed.protocol === 'https:' && parsed.port === '' && isSalesforceHostname(parsed.hostname);
}

/** A readable problem for an operator, or null when the URL is acceptable. */
export function salesforceUrlProblem(value: string, allowedOrigins: readonly string[] = []): string | null {
  const check = checkSalesforceUrl(value, allowedOrigins);
  return check.ok ? null : `refused (${check.reason}): expected ${SALESFORCE_URL_HINT}`;
}
