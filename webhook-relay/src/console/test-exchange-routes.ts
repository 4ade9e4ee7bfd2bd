/**
 * "Send a test exchange": John Doe, stored for one org connection as the card platform's
 * webhook would have him, published, and followed until the org's receipt says what became
 * of him — "John Doe was created as a Lead (00Q…) in Acme — open it in Salesforce", or what
 * went wrong in the org (the log's error code and message), in the same banner as Connect.
 *
 * The page refreshes itself every second while it waits (bounded by `testExchangeWaitMs`,
 * default 60 s) and, once the event is published, asks the org for the receipt at each look
 * instead of waiting for the next scheduled check: one API call a second, while someone watches.
 */
import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { cardExchangeEnvelopeSchema } from '../contract/card-exchange-envelope';
import { sampleCardExchange } from '../contract/sample-card-exchange';
import { storedExchangeOf } from '../ingest/stored-exchange';
import { lookUpConnection } from '../store/connection-store';
import { primaryDelivery, type ExchangeRecord, type StoredReceipt } from '../store/outbox-store';
import type { ConsoleDeps } from './console-deps';
import { checkCsrf, requireSignIn, sessionOf } from './console-guard';
import { messagesFor, type Messages } from './console-messages';
import type { Banner, ConsoleSession } from './console-sessions';
import { CONSOLE_BASE, renderPage } from './page-layout';
import { html } from './safe-html';

export const DEFAULT_TEST_EXCHANGE_WAIT_MS = 60_000;
const REFRESH_SECONDS = 1;

export interface TestExchangeRun {
  exchangeId: string;
  connectionId: string;
  orgName: string;
  instanceUrl: string;
  startedAt: number;
}

type Session = ConsoleSession & { testExchange?: TestExchangeRun | null };

/** The record the org's receipt names, as a Lightning link on the org's own instance. */
export function recordLink(instanceUrl: string, object: string, recordId: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}/lightning/r/${encodeURIComponent(object)}/${encodeURIComponent(recordId)}/view`;
}

/** The banner for a test exchange the org confirmed, or null while it is still on its way. */
export function receiptBanner(
  m: Messages,
  run: TestExchangeRun,
  record: ExchangeRecord
): { banner: Banner; link: { href: string; label: string } | null } | null {
  if (record.state === 'dead' || record.state === 'unconfirmed') {
    return {
      banner: { kind: 'error', title: m.testNotDelivered(run.orgName), detail: record.lastError ?? '' },
      link: null
    };
  }
  if (record.state !== 'confirmed' || !record.receipt) return null;
  const receipt: StoredReceipt = record.receipt;
  if (receipt.status !== 'Processed') {
    const detail = [receipt.errorCode, receipt.errorMessage].filter((part) => part).join(': ');
    return { banner: { kind: 'error', title: m.testHeld(run.orgName), detail, hint: m.testHeldHint }, link: null };
  }
  const failed = receipt.logs.find((log) => log.status === 'Failed');
  if (failed) {
    const detail = [failed.errorCode, failed.errorMessage].filter((part) => part).join(': ');
    return { banner: { kind: 'error', title: m.testFailed(run.orgName), detail, hint: m.testFailedHint }, link: null };
  }
  const made = receipt.logs.find((log) => log.recordId && log.targetObject);
  if (made) {
    const object = made.targetObject as string;
    const id = made.recordId as string;
    return {
      banner: { kind: 'success', title: m.testCreated(made.status ?? 'Created', object, id, run.orgName) },
      link: { href: recordLink(run.instanceUrl, object, id), label: m.openInSalesforce }
    };
  }
  const outcome = receipt.logs.map((log) => log.status).join(', ');
  return {
    banner: { kind: 'info', title: m.testNoRecord(run.orgName), detail: outcome || m.testNoIntegration },
    link: null
  };
}

export function createTestExchangeRoutes(deps: ConsoleDeps, form: express.RequestHandler): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const waitMs = deps.testExchangeWaitMs ?? DEFAULT_TEST_EXCHANGE_WAIT_MS;

  router.post('/test-exchange', form, checkCsrf, requireSignIn, async (req: Request, res: Response) => {
    const session = sessionOf(res) as Session;
    const m = messagesFor(session.language);
    const connectionId = String((req.body as Record<string, unknown>).connectionId ?? '');
    const looked = connectionId ? await lookUpConnection(deps.connections, connectionId) : null;
    const connection = looked && 'found' in looked ? looked.found : undefined;
    if (!connection) {
      session.flash = { kind: 'error', title: m.testNoConnection };
      res.redirect(303, `${CONSOLE_BASE}/exchanges`);
      return;
    }
    const envelope = cardExchangeEnvelopeSchema.parse(
      sampleCardExchange({ accountId: connection.accountIds?.[0] ?? 'acc_console_test', test: true })
    );
    await deps.store.insert(
      storedExchangeOf({
        webhookId: `console_test_${randomUUID()}`,
        envelope,
        body: JSON.stringify(envelope),
        receivedAt: now(),
        connectionId: connection.id
      })
    );
    deps.runtime.wake();
    deps.logger.info(
      { connectionId: connection.id, exchangeId: envelope.data.exchangeId },
      'console: test exchange sent'
    );
    session.testExchange = {
      exchangeId: envelope.data.exchangeId,
      connectionId: connection.id,
      orgName: connection.name,
      instanceUrl: connection.instanceUrl,
      startedAt: now()
    };
    res.redirect(303, `${CONSOLE_BASE}/test-exchange`);
  });

  router.get('/test-exchange', requireSignIn, async (_req: Request, res: Response) => {
    const session = sessionOf(res) as Session;
    const m = messagesFor(session.language);
    const run = session.testExchange;
    if (!run) {
      res.redirect(303, `${CONSOLE_BASE}/exchanges`);
      return;
    }
    const current = async () => {
      const rows = await deps.store.findByExchangeId(run.exchangeId);
      return rows.length > 0 ? primaryDelivery(rows) : undefined;
    };
    let record = await current();
    if (record?.state === 'published') {
      await deps.confirmReceipt?.(run.exchangeId).catch(() => undefined);
      record = await current();
    }
    const settled = record ? receiptBanner(m, run, record) : null;
    const elapsed = now() - run.startedAt;
    const timedOut = !settled && elapsed > waitMs;
    const banner: Banner | null = settled
      ? settled.banner
      : timedOut
        ? {
            kind: 'error',
            title: m.testNoReceiptYet(run.orgName, Math.round(waitMs / 1000)),
            hint: m.testNoReceiptHint
          }
        : null;
    const steps = [
      { label: m.testStepStored, done: record !== undefined },
      { label: m.testStepPublished, done: ['published', 'confirmed'].includes(record?.state ?? '') },
      { label: m.testStepConfirmed(run.orgName), done: record?.state === 'confirmed' }
    ];
    const body = html`<section
      class="slds-card slds-p-around_medium"
      aria-labelledby="test-heading"
      data-test-exchange="${run.exchangeId}"
    >
      <h2 id="test-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.testExchangeTitle}</h2>
      ${
        settled?.link
          ? html`<p class="slds-m-bottom_small">
              <a
                class="slds-button slds-button_brand"
                href="${settled.link.href}"
                target="_blank"
                rel="noopener"
                data-record-link
              >
                ${settled.link.label}
              </a>
            </p>`
          : ''
      }
      <ol class="slds-list_ordered" aria-label="${m.testExchangeTitle}">
        ${steps.map(
          (step) => html`<li data-step-done="${step.done ? 'yes' : 'no'}">${step.done ? '✓ ' : '… '}${step.label}</li>`
        )}
      </ol>
      <p class="slds-m-top_small slds-text-color_weak">${m.testExchangeIdIs(run.exchangeId)}</p>
      <p class="slds-m-top_small">
        <a href="${CONSOLE_BASE}/exchanges?exchangeId=${encodeURIComponent(run.exchangeId)}">${m.testSeeDetails}</a>
      </p>
    </section>`;
    res.type('html').send(
      renderPage({
        language: session.language,
        title: m.testExchangeTitle,
        signedIn: { csrfToken: session.csrfToken, active: 'exchanges' },
        banner,
        path: `${CONSOLE_BASE}/test-exchange`,
        ...(settled || timedOut ? {} : { refreshSeconds: REFRESH_SECONDS }),
        body
      })
    );
  });

  return router;
}
