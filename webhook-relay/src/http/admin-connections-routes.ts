/**
 * Admin API for org connections and dead letters (bearer `RELAY_ADMIN_TOKEN`):
 * list, create (`POST`, 409 for an id in use), edit (`PUT /connections/:id`), test
 * and remove connections; list and replay dead letters. Connections added here reach
 * Salesforce hosts only and name the accounts they serve, each account one
 * connection's. Every change leaves an audit line. It knows HTTP only: storage,
 * publishing and the Salesforce check come in as deps.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { FieldError } from '../ingest/ingest-errors';
import { noAudit, type AuditActor, type AuditLog } from '../log/audit-log';
import {
  createConnectionChanges,
  describeChanges as describeChangedFields,
  type ChangeProblem,
  type ConnectionChanges
} from '../publish/connection-changes';
import type { ConnectionTestResult } from '../salesforce/test-connection';
import {
  lookUpConnection,
  summarizeConnection,
  type ConnectionConfig,
  type ConnectionStore
} from '../store/connection-store';
import type { ExchangeRecord, OutboxStore } from '../store/outbox-store';
import { ADMIN_PREFIX, requireAdminToken } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';
import { sendProblem } from './problem-details';

export interface ConnectionRuntime {
  addConnection(connection: ConnectionConfig): Promise<void>;
  removeConnection(id: string): Promise<void>;
  states(): { id: string; state: string; lastError: string | null; lastPublishAt: number | null }[];
  /** Look at the queues now (after a replay). */
  wake(): void;
}

export interface AdminConnectionRouteDeps {
  connections: ConnectionStore;
  store: OutboxStore;
  publisher: ConnectionRuntime;
  testConnection: (connection: ConnectionConfig) => Promise<ConnectionTestResult>;
  adminToken: () => string | readonly string[] | undefined;
  /** Wrong-token throttle shared with the admin API and the console. */
  adminAttempts?: FailedAttempts;
  /** The operator's extra Salesforce hosts (configuration only); default none. */
  extraSalesforceHosts?: () => readonly string[];
  /** How connections are created, edited and removed; default built from the deps above. */
  changes?: ConnectionChanges;
  audit?: AuditLog;
}

/** A refused change as problem+json: 400 for a bad field, 404, or 409 naming what it collides with. */
export function sendChangeProblem(res: Response, problem: ChangeProblem): void {
  switch (problem.code) {
    case 'invalid':
      sendProblem(res, 'BAD_REQUEST', 'the connection is not valid', problem.errors);
      return;
    case 'secret_required':
      sendProblem(
        res,
        'BAD_REQUEST',
        'send the secret again: the saved one stays only with the same URL, consumer key and user',
        problem.errors
      );
      return;
    case 'exists':
      sendProblem(
        res,
        'CONFLICT',
        problem.configured
          ? `connection "${problem.id}" belongs to the relay's configuration; choose another id`
          : `connection "${problem.id}" exists; change it with PUT ${ADMIN_PREFIX}/connections/${problem.id}`
      );
      return;
    case 'configured':
      sendProblem(res, 'CONFLICT', `connection "${problem.id}" belongs to the relay's configuration: change it there`);
      return;
    case 'not_found':
      sendProblem(res, 'NOT_FOUND', `no connection "${problem.id.slice(0, 100)}"`);
      return;
    case 'account_taken':
      sendProblem(
        res,
        'CONFLICT',
        `account ${problem.accountId} is served by connection “${problem.connectionName}” (${problem.connectionId}); each account goes to one org`,
        [{ path: 'accountIds', message: `${problem.accountId} is served by connection "${problem.connectionId}"` }]
      );
  }
}

function actorOf(req: Request): AuditActor {
  return { via: 'admin-api', ip: req.ip ?? 'unknown' };
}

const replaySchema = z.object({ webhookIds: z.array(z.string().min(1)).max(10_000).optional() }).strict();
const MAX_PAGE = 500;

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function deadLetter(record: ExchangeRecord) {
  return {
    webhookId: record.webhookId,
    exchangeId: record.exchangeId,
    accountId: record.accountId,
    connectionId: record.connectionId,
    attempts: record.attempts,
    lastError: record.lastError,
    receivedAt: iso(record.receivedAt),
    deadAt: iso(record.updatedAt)
  };
}

function unconfirmedExchange(record: ExchangeRecord) {
  return {
    webhookId: record.webhookId,
    exchangeId: record.exchangeId,
    accountId: record.accountId,
    connectionId: record.connectionId,
    attempts: record.attempts,
    resends: record.resends,
    lastError: record.lastError,
    receivedAt: iso(record.receivedAt),
    publishedAt: iso(record.publishedAt),
    unconfirmedAt: iso(record.updatedAt)
  };
}

function pageParam(value: unknown, fallback: number, max: number): number | null {
  if (value === undefined) return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 && number <= max ? number : null;
}

export function createAdminConnectionRoutes(deps: AdminConnectionRouteDeps): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  const audit = deps.audit ?? noAudit;
  const changes =
    deps.changes ??
    createConnectionChanges({
      connections: deps.connections,
      outbox: deps.store,
      runtime: deps.publisher,
      extraOrigins: deps.extraSalesforceHosts
    });
  const answer = (connection: Parameters<typeof summarizeConnection>[0]) => ({
    ...summarizeConnection(connection),
    createdAt: iso(connection.createdAt),
    updatedAt: iso(connection.updatedAt)
  });

  router.use(ADMIN_PREFIX, requireAdminToken(deps.adminToken, deps.adminAttempts));

  router.get(`${ADMIN_PREFIX}/connections`, async (_req, res) => {
    const states = new Map(deps.publisher.states().map((s) => [s.id, s]));
    const connections = (await deps.connections.list()).map((connection) => {
      const status = states.get(connection.id);
      return {
        ...summarizeConnection(connection),
        createdAt: iso(connection.createdAt),
        updatedAt: iso(connection.updatedAt),
        state: status?.state ?? 'stopped',
        lastError: status?.lastError ?? null,
        lastPublishAt: iso(status?.lastPublishAt ?? null)
      };
    });
    // Its secrets do not open with this relay's master keys: listed, so it can be removed or saved again whole.
    const unreadable = deps.connections.unreadable().map((connection) => {
      const status = states.get(connection.id);
      return {
        id: connection.id,
        name: connection.name,
        instanceUrl: connection.instanceUrl,
        accountIds: connection.accountIds,
        unreadable: true,
        keyId: connection.keyId,
        state: status?.state ?? 'stopped',
        lastError: status?.lastError ?? `SECRET_UNREADABLE: ${connection.reason}`,
        lastPublishAt: null
      };
    });
    res.json({ connections: [...connections, ...unreadable] });
  });

  router.post(`${ADMIN_PREFIX}/connections`, json, async (req, res) => {
    const id =
      typeof (req.body as { id?: unknown } | undefined)?.id === 'string' ? (req.body as { id: string }).id : undefined;
    const outcome = await changes.create(req.body);
    if (!outcome.ok) {
      audit.record({
        action: 'connection.create',
        actor: actorOf(req),
        target: id?.slice(0, 100),
        outcome: 'refused',
        details: { reason: outcome.problem.code }
      });
      sendChangeProblem(res, outcome.problem);
      return;
    }
    audit.record({
      action: 'connection.create',
      actor: actorOf(req),
      target: outcome.connection.id,
      details: {
        instanceUrl: outcome.connection.instanceUrl,
        flow: outcome.connection.auth.flow,
        accountIds: outcome.connection.accountIds
      }
    });
    res.status(201).json({ connection: answer(outcome.connection) });
  });

  router.put(`${ADMIN_PREFIX}/connections/:id`, json, async (req, res) => {
    const id = req.params.id as string;
    const outcome = await changes.update(id, req.body);
    if (!outcome.ok) {
      audit.record({
        action: 'connection.update',
        actor: actorOf(req),
        target: id.slice(0, 100),
        outcome: 'refused',
        details: { reason: outcome.problem.code }
      });
      sendChangeProblem(res, outcome.problem);
      return;
    }
    audit.record({
      action: 'connection.update',
      actor: actorOf(req),
      target: id,
      details: {
        changed: outcome.previous ? describeChangedFields(outcome.previous, outcome.connection) : [],
        accountIds: outcome.connection.accountIds,
        unrouted: outcome.unrouted
      }
    });
    res.json({ connection: answer(outcome.connection), unrouted: outcome.unrouted });
  });

  router.delete(`${ADMIN_PREFIX}/connections/:id`, async (req, res) => {
    const id = req.params.id as string;
    const outcome = await changes.remove(id);
    if (!outcome.ok) {
      sendChangeProblem(res, outcome.problem);
      return;
    }
    audit.record({
      action: 'connection.delete',
      actor: actorOf(req),
      target: id,
      details: { unrouted: outcome.unrouted }
    });
    // What it had queued went back to unrouted: nothing acknowledged is dropped with it.
    res.json({ removed: id, unrouted: outcome.unrouted });
  });

  router.post(`${ADMIN_PREFIX}/connections/:id/test`, async (req, res) => {
    const id = req.params.id as string;
    const looked = await lookUpConnection(deps.connections, id);
    if (!looked) {
      sendProblem(res, 'NOT_FOUND', `no connection "${id.slice(0, 100)}"`);
      return;
    }
    if (!('found' in looked)) {
      sendProblem(
        res,
        'CONFLICT',
        `connection "${id}" cannot be tested: its secrets do not open with this relay's master keys (SECRET_UNREADABLE); ` +
          `start the relay with the key that sealed them, or save it again with every secret (PUT ${ADMIN_PREFIX}/connections/${id})`
      );
      return;
    }
    res.json(await deps.testConnection(looked.found));
  });

  /**
   * Exchanges that wait for an operator, listed a page at a time and replayed (all, or the
   * webhook ids given): dead letters, and unconfirmed exchanges (published, re-sent, and
   * still no receipt from the org).
   */
  const waitingForReplay = (kind: {
    path: string;
    listKey: string;
    noun: string;
    action: 'dead_letters.replay' | 'unconfirmed.replay';
    list: (limit: number, offset: number) => Promise<ExchangeRecord[]>;
    show: (record: ExchangeRecord) => unknown;
    replay: (webhookIds: string[] | undefined) => Promise<number>;
  }) => {
    router.get(`${ADMIN_PREFIX}/${kind.path}`, async (req, res) => {
      const limit = pageParam(req.query.limit, 50, MAX_PAGE);
      const offset = pageParam(req.query.offset, 0, Number.MAX_SAFE_INTEGER);
      if (limit === null || offset === null) {
        sendProblem(res, 'BAD_REQUEST', `limit must be 0..${MAX_PAGE} and offset a whole number`);
        return;
      }
      const records = await kind.list(limit, offset);
      res.json({ [kind.listKey]: records.map(kind.show), limit, offset });
    });

    router.post(`${ADMIN_PREFIX}/${kind.path}/replay`, json, async (req, res) => {
      const parsed = replaySchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        sendProblem(
          res,
          'BAD_REQUEST',
          `send {} to replay every ${kind.noun} or {"webhookIds": [...]}`,
          fieldErrors(parsed.error)
        );
        return;
      }
      const replayed = await kind.replay(parsed.data.webhookIds);
      deps.publisher.wake();
      audit.record({
        action: kind.action,
        actor: actorOf(req),
        target: parsed.data.webhookIds ? `${parsed.data.webhookIds.length} listed` : 'all',
        details: { replayed, ...(parsed.data.webhookIds ? { webhookIds: parsed.data.webhookIds.slice(0, 50) } : {}) }
      });
      res.json({ replayed });
    });
  };

  waitingForReplay({
    path: 'dead-letters',
    listKey: 'deadLetters',
    noun: 'dead letter',
    action: 'dead_letters.replay',
    list: (limit, offset) => deps.store.listDead(limit, offset),
    show: deadLetter,
    replay: (webhookIds) => deps.store.replayDead(webhookIds)
  });
  waitingForReplay({
    path: 'unconfirmed',
    listKey: 'unconfirmed',
    noun: 'unconfirmed exchange',
    action: 'unconfirmed.replay',
    list: (limit, offset) => deps.store.listUnconfirmed(limit, offset),
    show: unconfirmedExchange,
    replay: (webhookIds) => deps.store.replayUnconfirmed(webhookIds)
  });

  return router;
}
