/**
 * Salesforce's authorize page for the browser tests, in front of the API
 * double: `/services/oauth2/authorize` approves at once (as an admin clicking
 * Allow would) and sends the browser back to the callback URL with a code the
 * double will accept; every other request is passed on to the double as is.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SalesforceApiDouble } from '../../support/salesforce-api-double/salesforce-api-double';

export interface SalesforceLoginPage {
  url: string;
  /** Authorize requests seen, for assertions. */
  approved: URLSearchParams[];
  close(): Promise<void>;
}

export async function startSalesforceLoginPage(double: SalesforceApiDouble): Promise<SalesforceLoginPage> {
  const target = new URL(double.url);
  const approved: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://login.invalid');
    if (req.method === 'GET' && url.pathname === '/services/oauth2/authorize') {
      const asked = url.searchParams;
      approved.push(asked);
      const code = double.issueAuthorizationCode({
        clientId: asked.get('client_id') ?? '',
        redirectUri: asked.get('redirect_uri') ?? '',
        codeChallenge: asked.get('code_challenge') ?? ''
      });
      const back = new URL(asked.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code, state: asked.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    approved,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
