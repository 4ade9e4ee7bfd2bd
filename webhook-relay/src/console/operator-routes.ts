/**
 * The operator's pages: connections at a glance (test, remove), one exchange
 * looked up by id, dead letters with their reasons, and replay with progress.
 */
import express, { Router, type Request, type Response } from 'express';
import type { AuditLog } from '../log/audit-log';
import type { ConnectionChanges } from '../publish/connection-changes';
import { lookUpConnection } from '../store/connection-store';
import type { ExchangeRecord } from '../store/outbox-store';
import type { ConnectionChecks } from './connection-checks';
import { connectionOutcomeBanner } from './connection-outcome';
import { connectionsPageBody, type ConnectionRow } from './connections-page';
import type { ConsoleDeps } from './console-deps';
import { consoleActor } from './connect-routes';
import { checkCsrf, requireSignIn, sessionOf } from './console-guard';
import { messagesFor, type Messages } from './console-messages';
import type { ConsoleSession } from './console-sessions';
import { exchangesPageBody, type ReplayProgress } from './exchanges-page';
import { CONSOLE_BASE, renderPage } from './page-layout';

const DEAD_LETTERS_SHOWN = 100;
/** Unconfirmed exchanges listed on the exchanges page, the longest waiting first. */
const UNCONFIRMED_SHOWN = 100;
const MAX_REPLAY = 500;
const PROGRESS_REFRESH_SECONDS = 2;

async function connectionRows(
  deps: ConsoleDeps,
  checks: ConnectionChecks,
  m: Messages
): Promise<{ rows: ConnectionRow[]; unrouted: number }> {
  const [stored, counts] = await Promise.all([deps.connections.list(), deps.store.counts()]);
  const states = new Map(deps.runtime.states().map((status) => [status.id, status]));
  const configured = new Map((deps.configuredConnections?.() ?? []).map((c) => [c.id, c]));
  const rows: ConnectionRow[] = stored.map((connection) => {
    const status = states.get(connection.id);
    states.delete(connection.id);
    // Saved before accounts were required, with none: it serves nothing until edited.
    const needsAccounts = connection.accountIds.length === 0;
    return {
      id: connection.id,
      name: connection.name,
      ...(needsAccounts
        ? { state: 'needs_accounts', lastError: m.needsAccounts }
        : checks.stateFor(connection.id, status, (result) => m.testOutcomes?.[result.code]?.message ?? result.message)),
      accountIds: connection.accountIds,
      queued: counts.queuedByConnection[connection.id] ?? 0,
      lastPublishAt: status?.lastPublishAt ?? null,
      fromConfig: false
    };
  });
  // Saved at run time, but its secrets do not open with this relay's master key: it can only be removed.
  for (const connection of deps.connections.unreadable()) {
    const status = states.get(connection.id);
    states.delete(connection.id);
    rows.push({
      id: connection.id,
      name: connection.name,
      state: 'secret_unreadable',
      accountIds: connection.accountIds,
      queued: counts.queuedByConnection[connection.id] ?? 0,
      lastPublishAt: status?.lastPublishAt ?? null,
      lastError: m.secretUnreadable,
      fromConfig: false,
      unreadable: true
    });
  }
  // What is left runs from config/relay.json (or SF_*): shown, but managed there.
  for (const status of states.values()) {
    rows.push({
      id: status.id,
      name: status.name ?? status.id,
      state: status.state,
      accountIds: configured.get(status.id)?.accountIds ?? null,
      queued: counts.queuedByConnection[status.id] ?? 0,
      lastPublishAt: status.lastPublishAt,
      lastError: status.lastError,
      fromConfig: true
    });
  }
  return { rows, unrouted: counts.byState.unrouted };
}

async function replayProgress(deps: ConsoleDeps, session: ConsoleSession): Promise<ReplayProgress | null> {
  if (!session.replay) return null;
  const records = await Promise.all(session.replay.webhookIds.map((id) => deps.store.getByWebhookId(id)));
  const progress = { total: records.length, published: 0, dead: 0, pending: 0 };
  for (const record of records) {
    if (record?.state === 'published') progress.published += 1;
    else if (record?.state === 'dead') progress.dead += 1;
    else progress.pending += 1;
  }
  // Shown once finished, then forgotten, so the page stops refreshing.
  if (progress.pending === 0) session.replay = null;
  return progress;
}

function formList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.length > 0).slice(0, MAX_REPLAY);
}

export function createOperatorRoutes(
  deps: ConsoleDeps,
  checks: ConnectionChecks,
  form: express.RequestHandler,
  services: { changes: ConnectionChanges; audit: AuditLog }
): Router {
  const router = Router();

  router.get('/connections', requireSignIn, async (_req: Request, res: Response) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const banner = session.flash;
    session.flash = null;
    const model = await connectionRows(deps, checks, m);
    res.type('html').send(
      renderPage({
        language: session.language,
        title: m.connectionsTitle,
        signedIn: { csrfToken: session.csrfToken, active: 'connections' },
        banner,
        path: `${CONSOLE_BASE}/connections`,
        body: connectionsPageBody(m, session.language, { ...model, csrfToken: session.csrfToken })
      })
    );
  });

  router.post('/connections/:id/test', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const looked = await lookUpConnection(deps.connections, req.params.id as string);
    if (looked && 'found' in looked) {
      const connection = looked.found;
      const result = await deps.testConnection(connection);
      checks.record(connection.id, result);
      session.flash = connectionOutcomeBanner(connection.name, result, messagesFor(session.language), connection.id);
    } else if (looked) {
      session.flash = { kind: 'error', title: messagesFor(session.language).secretUnreadable };
    }
    res.redirect(303, `${CONSOLE_BASE}/connections`);
  });

  router.post('/connections/:id/remove', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const outcome = await services.changes.remove(req.params.id as string);
    if (outcome.ok) {
      const { connection, unrouted } = outcome;
      checks.forget(connection.id);
      deps.logger.info({ connectionId: connection.id, unrouted }, 'console: connection removed');
      services.audit.record({
        action: 'connection.delete',
        actor: consoleActor(req, session),
        target: connection.id,
        details: { unrouted }
      });
      session.flash = { kind: 'info', title: m.removed(connection.name, unrouted) };
    } else if (outcome.problem.code === 'configured') {
      session.flash = { kind: 'error', title: m.configuredConnection(req.params.id as string) };
    }
    res.redirect(303, `${CONSOLE_BASE}/connections`);
  });

  router.get('/exchanges', requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const banner = session.flash;
    session.flash = null;
    const exchangeId = typeof req.query.exchangeId === 'string' ? req.query.exchangeId.trim().slice(0, 200) : '';
    const deliveries: ExchangeRecord[] = exchangeId ? await deps.store.findByExchangeId(exchangeId) : [];
    const replay = await replayProgress(deps, session);
    const total = (await deps.store.counts()).byState.dead;
    const lastPage = Math.max(0, Math.ceil(total / DEAD_LETTERS_SHOWN) - 1);
    const requested = Number(req.query.deadPage ?? 0);
    const page = Number.isInteger(requested) && requested > 0 ? Math.min(requested, lastPage) : 0;
    const deadLetters = await deps.store.listDead(DEAD_LETTERS_SHOWN, page * DEAD_LETTERS_SHOWN);
    const unconfirmed = await deps.store.listUnconfirmed(UNCONFIRMED_SHOWN);
    const unconfirmedTotal =
      unconfirmed.length < UNCONFIRMED_SHOWN ? unconfirmed.length : (await deps.store.counts()).byState.unconfirmed;
    res.type('html').send(
      renderPage({
        language: session.language,
        title: m.exchangesTitle,
        signedIn: { csrfToken: session.csrfToken, active: 'exchanges' },
        banner,
        path: `${CONSOLE_BASE}/exchanges`,
        ...(replay && replay.pending > 0 ? { refreshSeconds: PROGRESS_REFRESH_SECONDS } : {}),
        body: exchangesPageBody(m, session.language, {
          csrfToken: session.csrfToken,
          lookup: exchangeId ? { exchangeId, deliveries } : null,
          replay,
          deadLetters,
          deadPage: { page, pageSize: DEAD_LETTERS_SHOWN, total },
          unconfirmed,
          unconfirmedTotal,
          testConnections: (await deps.connections.list()).map((c) => ({ id: c.id, name: c.name }))
        })
      })
    );
  });

  router.post('/dead-letters/replay', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const webhookIds = formList((req.body as Record<string, unknown>).webhookId);
    if (webhookIds.length === 0) {
      session.flash = { kind: 'error', title: m.replayNothingSelected };
    } else {
      const replayed = await deps.store.replayDead(webhookIds);
      deps.runtime.wake();
      deps.logger.info({ requested: webhookIds.length, replayed }, 'console: dead letters replayed');
      services.audit.record({
        action: 'dead_letters.replay',
        actor: consoleActor(req, session),
        target: `${webhookIds.length} listed`,
        details: { replayed, webhookIds: webhookIds.slice(0, 50) }
      });
      session.flash = { kind: 'info', title: m.replayStarted(replayed) };
      session.replay = { webhookIds, startedAt: (deps.now ?? Date.now)() };
    }
    res.redirect(303, `${CONSOLE_BASE}/exchanges`);
  });

  router.post('/unconfirmed/replay', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const webhookIds = formList((req.body as Record<string, unknown>).webhookId);
    if (webhookIds.length === 0) {
      session.flash = { kind: 'error', title: m.unconfirmedNothingSelected };
    } else {
      const replayed = await deps.store.replayUnconfirmed(webhookIds);
      deps.runtime.wake();
      deps.logger.info({ requested: webhookIds.length, replayed }, 'console: unconfirmed exchanges replayed');
      services.audit.record({
        action: 'unconfirmed.replay',
        actor: consoleActor(req, session),
        target: `${webhookIds.length} listed`,
        details: { replayed, webhookIds: webhookIds.slice(0, 50) }
      });
      session.flash = { kind: 'info', title: m.unconfirmedReplayStarted(replayed) };
    }
    res.redirect(303, `${CONSOLE_BASE}/exchanges`);
  });

  return router;
}
