/**
 * A console on an express app in memory, wired like the relay wires it: real
 * SQLite outbox and connection store, a real publisher and connection test,
 * all pointed at the Salesforce API double. `signIn` drives the real forms.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createConsoleRouter } from '../../webhook-relay/src/console/create-console-router';
import type { ConsoleDeps } from '../../webhook-relay/src/console/console-deps';
import type { AuditEvent } from '../../webhook-relay/src/log/audit-log';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { connectionRuntimeFor, testOrgConnection } from '../../webhook-relay/src/publish/org-connection-bridge';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { FAST, memoryStore } from '../publish/publish-fixtures';

export const ADMIN_TOKEN = 'console-admin-token-0123456789';

export type TestAgent = ReturnType<typeof request.agent>;

export interface LoggedLine {
  level: string;
  details: object;
  message: string;
}

export interface ConsoleFixture {
  app: express.Express;
  store: SqliteOutboxStore;
  connections: SqliteConnectionStore;
  publisher: Publisher;
  logged: LoggedLine[];
  /** The audit log's events, in order. */
  audited: AuditEvent[];
  clock: { now: number };
  close(): Promise<void>;
}

export async function startConsole(overrides: Partial<ConsoleDeps> = {}): Promise<ConsoleFixture> {
  const store = memoryStore();
  const connections = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
  const publisher = createPublisher({ store, ...FAST });
  await publisher.start();
  // Hosts the operator allowed besides Salesforce's (tests allow the double on 127.0.0.1).
  const trust = { configured: false, extraOrigins: overrides.extraSalesforceHosts?.() ?? [] };
  const logged: LoggedLine[] = [];
  const audited: AuditEvent[] = [];
  const log = (level: string) => (details: object, message: string) => logged.push({ level, details, message });
  const clock = { now: Date.now() };
  const app = express();
  app.use(
    createConsoleRouter({
      adminToken: () => ADMIN_TOKEN,
      store,
      connections,
      runtime: connectionRuntimeFor(publisher, trust),
      testConnection: (connection) => testOrgConnection(connection, 2_000, { trust }),
      logger: { info: log('info'), warn: log('warn'), error: log('error') },
      audit: { record: (event) => audited.push(event) },
      now: () => clock.now,
      ...overrides
    })
  );
  return {
    app,
    store,
    connections,
    publisher,
    logged,
    audited,
    clock,
    async close() {
      await publisher.stop();
      await connections.close();
      await store.close();
    }
  };
}

/** The CSRF token of the form on this page. */
export function csrfOf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('the page has no form with a CSRF token');
  return match[1] as string;
}

/** The banner's heading text, or null when the page has none. */
export function bannerOf(page: string): { kind: string; text: string } | null {
  const match = /data-banner="(\w+)"[\s\S]*?<\/div>\s*<\/div>/.exec(page);
  if (!match) return null;
  const text = match[0]
    .replace(/<[^>]+>/g, ' ')
    .replace(/^[^>]*>/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { kind: match[1] as string, text: decode(text) };
}

export function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function signedInAgent(app: express.Express, token = ADMIN_TOKEN): Promise<TestAgent> {
  const agent = request.agent(app);
  const form = await agent.get('/console/sign-in');
  const answer = await agent
    .post('/console/sign-in')
    .type('form')
    .send({ token, csrf: csrfOf(form.text) });
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}`);
  return agent;
}

/** Fetches `page` and posts `fields` to `action` with that page's CSRF token. */
export async function submit(
  agent: TestAgent,
  page: string,
  action: string,
  fields: Record<string, string | string[]>
): Promise<request.Response> {
  const form = await agent.get(page);
  // Encoded by hand, like a browser: a repeated field is a repeated name, not name[0].
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  body.append('csrf', csrfOf(form.text));
  return agent.post(action).type('form').send(body.toString());
}
