/**
 * `POST /admin/v1/exchanges/:exchangeId/receipt` (bearer admin token): someone waits for this
 * exchange (`relay send-test --wait`), so read its receipt from the org now rather than at its
 * next scheduled check, and answer where it is, with the org's receipt and the connection's name
 * and instance URL (to link to the record). One API call per request while it is published.
 */
import { Router } from 'express';
import { primaryDelivery, type ExchangeRecord } from '../store/outbox-store';
import { ADMIN_PREFIX, requireAdminToken, type AdminTokens } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';
import { sendProblem } from './problem-details';

export interface AdminReceiptRouteDeps {
  adminToken: AdminTokens;
  adminAttempts?: FailedAttempts;
  findByExchangeId(exchangeId: string): Promise<ExchangeRecord[]>;
  confirmNow(exchangeId: string): Promise<void>;
  /** The org behind a connection id, for the record link. */
  orgOf(connectionId: string): Promise<{ name: string; instanceUrl: string } | undefined>;
}

export function createAdminReceiptRoutes(deps: AdminReceiptRouteDeps): Router {
  const router = Router();
  router.post(
    `${ADMIN_PREFIX}/exchanges/:exchangeId/receipt`,
    requireAdminToken(deps.adminToken, deps.adminAttempts),
    async (req, res) => {
      const exchangeId = req.params.exchangeId as string;
      const before = await deps.findByExchangeId(exchangeId);
      if (before.length === 0) {
        sendProblem(res, 'NOT_FOUND', `no exchange with exchangeId "${exchangeId.slice(0, 100)}" is stored`);
        return;
      }
      if (before.some((r) => r.state === 'published')) await deps.confirmNow(exchangeId);
      const row = primaryDelivery(await deps.findByExchangeId(exchangeId));
      const org = row.connectionId ? await deps.orgOf(row.connectionId) : undefined;
      res.json({
        exchangeId,
        state: row.state,
        lastError: row.lastError,
        resends: row.resends,
        receipt: row.receipt,
        org: org ?? null
      });
    }
  );
  return router;
}
