/**
 * The attacker's host in SSRF tests: a listener on 127.0.0.1 that records every
 * request it gets (and would happily answer like a token endpoint). A test points a
 * connection, a token answer's `instance_url` or a redirect at it, and asserts it
 * received nothing: no consumer secret, refresh token, JWT assertion or access token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface AttackerHost {
  url: string;
  received: ReceivedRequest[];
  stop(): Promise<void>;
}

export async function startAttackerHost(): Promise<AttackerHost> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ access_token: 'stolen', instance_url: 'http://127.0.0.1:1', internal: 'secret-admin-page' })
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
