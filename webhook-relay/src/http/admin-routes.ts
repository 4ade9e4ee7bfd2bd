/**
 * The admin API (bearer `RELAY_ADMIN_TOKEN`): look up one exchange by its
 * exchangeId with every delivery that carried it, and the org's receipt once confirmed. The token is compared in
 * constant time; without it the answer is a 401 problem, and a client that
 * keeps guessing gets 429 until its window ends (`failed-attempts.ts`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { primaryDelivery, type ExchangeRecord, type OutboxStore } from '../store/outbox-store';
import type { FailedAttempts } from './failed-attempts';
import { sendProblem } from './problem-details';

export const ADMIN_PREFIX = '/admin/v1';

export interface AdminRouteDeps {
  store: OutboxStore;
  /** The current admin token (or every accepted one); undefined refuses every admin call. */
  adminToken: AdminTokens;
  /** Wrong-token throttle shared with the console; none = unthrottled (tests of other things). */
  adminAttempts?: FailedAttempts;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The admin token, or every token accepted during a rotation (see acceptedAdminTokens); undefined: none. */
export type AdminTokens = () => string | readonly string[] | undefined;

/**
 * Constant-time token check: hashing first makes both sides the same length, and every
 * accepted token is compared (no early exit telling which one matched).
 */
export function bearerMatches(
  authorization: string | undefined,
  token: string | readonly string[] | undefined
): boolean {
  const tokens = typeof token === 'string' ? [token] : (token ?? []);
  if (tokens.length === 0 || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  const given = digest(match[1] as string);
  let matched = false;
  for (const candidate of tokens) if (candidate && timingSafeEqual(given, digest(candidate))) matched = true;
  return matched;
}

/** Lets a request through only with the admin token, throttling clients that keep guessing. */
export function requireAdminToken(adminToken: AdminTokens, attempts: FailedAttempts | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const client = req.ip ?? 'unknown';
    const wait = attempts?.retryAfterSeconds(client) ?? 0;
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      sendProblem(res, 'TOO_MANY_REQUESTS', `too many wrong admin tokens from this address; try again in ${wait} s`);
      return;
    }
    if (!bearerMatches(req.get('authorization'), adminToken())) {
      attempts?.recordFailure(client);
      sendProblem(res, 'UNAUTHORIZED', 'send Authorization: Bearer <RELAY_ADMIN_TOKEN>');
      return;
    }
    attempts?.recordSuccess(client);
    next();
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function delivery(record: ExchangeRecord) {
  return {
    webhookId: record.webhookId,
    state: record.state,
    connectionId: record.connectionId,
    attempts: record.attempts,
    lastError: record.lastError,
    eventUuid: record.eventUuid,
    receivedAt: iso(record.receivedAt),
    updatedAt: iso(record.updatedAt),
    publishedAt: iso(record.publishedAt),
    nextAttemptAt: record.state === 'queued' ? iso(record.nextAttemptAt) : null,
    resends: record.resends,
    receiptCheckAt: record.state === 'published' ? iso(record.receiptCheckAt) : null,
    confirmedAt: iso(record.confirmedAt),
    receipt: record.receipt
  };
}

export function createAdminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();

  router.use(ADMIN_PREFIX, requireAdminToken(deps.adminToken, deps.adminAttempts));

  router.get(`${ADMIN_PREFIX}/exchanges/:exchangeId`, async (req, res) => {
    const exchangeId = req.params.exchangeId as string;
    const records = await deps.store.findByExchangeId(exchangeId);
    if (records.length === 0) {
      sendProblem(
        res,
        'NOT_FOUND',
        `no exchange with exchangeId "${exchangeId.slice(0, 100)}" is stored: never received, or published and pruned after the retention period`
      );
      return;
    }
    const primary = primaryDelivery(records);
    res.json({
      exchangeId,
      accountId: primary.accountId,
      state: primary.state,
      attempts: primary.attempts,
      lastError: primary.lastError,
      eventUuid: primary.eventUuid,
      resends: primary.resends,
      confirmedAt: iso(primary.confirmedAt),
      // The org's receipt: what the package did with it (record ids, outcomes, error codes and messages).
      receipt: primary.receipt,
      deliveries: records.map(delivery)
    });
  });

  return router;
}
