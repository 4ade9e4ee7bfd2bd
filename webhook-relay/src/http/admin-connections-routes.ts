/**
 * Admin API for org connections and dead letters (bearer `RELAY_ADMIN_TOKEN`):
 * list, add, test and remove connections; list and replay dead letters. It
 * knows HTTP only: storage, publishing and the Salesforce check come in as deps.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { FieldError } from '../ingest/ingest-errors';
import type { ConnectionTestResult } from '../salesforce/test-connection';
import {
  newConnectionSchema,
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
  adminToken: () => string | undefined;
  /** Wrong-token throttle shared with the admin API and the console. */
  adminAttempts?: FailedAttempts;
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

function pageParam(value: unknown, fallback: number, max: number): number | null {
  if (value === undefined) return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 && number <= max ? number : null;
}

export function createAdminConnectionRoutes(deps: AdminConnectionRouteDeps): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });

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
    res.json({ connections });
  });

  router.post(`${ADMIN_PREFIX}/connections`, json, async (req, res) => {
    const parsed = newConnectionSchema.safeParse(req.body);
    if (!parsed.success) {
      sendProblem(res, 'BAD_REQUEST', 'the connection is not valid', fieldErrors(parsed.error));
      return;
    }
    const saved = await deps.connections.save(parsed.data);
    await deps.publisher.addConnection(saved);
    res.status(201).json({
      connection: { ...summarizeConnection(saved), createdAt: iso(saved.createdAt), updatedAt: iso(saved.updatedAt) }
    });
  });

  router.delete(`${ADMIN_PREFIX}/connections/:id`, async (req, res) => {
    const id = req.params.id as string;
    await deps.publisher.removeConnection(id);
    if (!(await deps.connections.remove(id))) {
      sendProblem(res, 'NOT_FOUND', `no connection "${id.slice(0, 100)}"`);
      return;
    }
    res.status(204).end();
  });

  router.post(`${ADMIN_PREFIX}/connections/:id/test`, async (req, res) => {
    const id = req.params.id as string;
    const connection = await deps.connections.get(id);
    if (!connection) {
      sendProblem(res, 'NOT_FOUND', `no connection "${id.slice(0, 100)}"`);
      return;
    }
    res.json(await deps.testConnection(connection));
  });

  router.get(`${ADMIN_PREFIX}/dead-letters`, async (req, res) => {
    const limit = pageParam(req.query.limit, 50, MAX_PAGE);
    const offset = pageParam(req.query.offset, 0, Number.MAX_SAFE_INTEGER);
    if (limit === null || offset === null) {
      sendProblem(res, 'BAD_REQUEST', `limit must be 0..${MAX_PAGE} and offset a whole number`);
      return;
    }
    const records = await deps.store.listDead(limit, offset);
    res.json({ deadLetters: records.map(deadLetter), limit, offset });
  });

  router.post(`${ADMIN_PREFIX}/dead-letters/replay`, json, async (req, res) => {
    const parsed = replaySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProblem(
        res,
        'BAD_REQUEST',
        'send {} to replay every dead letter or {"webhookIds": [...]}',
        fieldErrors(parsed.error)
      );
      return;
    }
    const replayed = await deps.store.replayDead(parsed.data.webhookIds);
    deps.publisher.wake();
    res.json({ replayed });
  });

  return router;
}
