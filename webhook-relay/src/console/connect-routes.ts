/**
 * "Connect to Salesforce": the form, saving and testing a new connection, editing a
 * saved one (the form again, then a confirmation listing what changes), and the
 * web-server flow's round trip (Connect -> Salesforce -> /oauth/callback -> back to
 * the form with the outcome). Connect only ever creates: a name in use is refused,
 * never overwritten. Secrets typed here go straight to the encrypted connection
 * store; they are never rendered again nor logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { AuditActor, AuditLog } from '../log/audit-log';
import type { ChangeProblem, ConnectionChanges } from '../publish/connection-changes';
import { lookUpConnection, type ConnectionConfig, type StoredConnection } from '../store/connection-store';
import type { ConnectionChecks } from './connection-checks';
import { connectionOutcomeBanner } from './connection-outcome';
import { draftOf, parseConnectForm, type FormDraft, type FormField, type FormMode } from './connect-form';
import { confirmEditBody, connectPageBody, EMPTY_DRAFT } from './connect-page';
import { OAUTH_CALLBACK_PATH, type ConsoleDeps, type WebServerFlow } from './console-deps';
import { checkCsrf, requestLanguage, requireSignIn, sessionOf } from './console-guard';
import { messagesFor, type Messages } from './console-messages';
import { sameSecret, type Banner, type ConsoleSession, type ConsoleSessions } from './console-sessions';
import { CONSOLE_BASE, renderPage } from './page-layout';
import type { PendingAuthorizations } from './pending-authorizations';
import { html } from './safe-html';

export interface ConnectRouteParts {
  deps: ConsoleDeps;
  sessions: ConsoleSessions;
  pending: PendingAuthorizations;
  webServerFlow: WebServerFlow;
  checks: ConnectionChecks;
  form: express.RequestHandler;
  changes: ConnectionChanges;
  audit: AuditLog;
}

/** How long a reviewed edit waits for its confirmation. */
const CONFIRM_MS = 10 * 60_000;

export function callbackUrlFor(req: Request, deps: ConsoleDeps): string {
  const base = deps.publicUrl?.() ?? `${req.protocol}://${req.get('host')}`;
  return `${base.replace(/\/+$/, '')}${OAUTH_CALLBACK_PATH}`;
}

/** A console session as the audit log names it: a reference that cannot be used to sign in. */
export function sessionReference(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 12);
}

export function consoleActor(req: Request, session: ConsoleSession): AuditActor {
  return { via: 'console', ip: req.ip ?? 'unknown', session: sessionReference(session.id) };
}

interface ConnectView {
  status?: number;
  banner: Banner | null;
  draft?: FormDraft;
  errors?: Partial<Record<FormField, string>>;
  editing?: { id: string; name: string };
}

function renderConnect(
  req: Request,
  res: Response,
  deps: ConsoleDeps,
  session: ConsoleSession,
  view: ConnectView
): void {
  const m = messagesFor(session.language);
  res
    .status(view.status ?? 200)
    .type('html')
    .send(
      renderPage({
        language: session.language,
        title: view.editing ? m.editTitle(view.editing.name) : m.connectTitle,
        signedIn: { csrfToken: session.csrfToken, active: view.editing ? 'connections' : 'connect' },
        banner: view.banner,
        path: view.editing
          ? `${CONSOLE_BASE}/connections/${encodeURIComponent(view.editing.id)}/edit`
          : `${CONSOLE_BASE}/connect`,
        body: connectPageBody(m, {
          csrfToken: session.csrfToken,
          callbackUrl: callbackUrlFor(req, deps),
          draft: view.draft ?? EMPTY_DRAFT,
          errors: view.errors ?? {},
          ...(view.editing ? { editing: view.editing } : {})
        })
      })
    );
}

/** A refused create or edit as a banner, its status and the field to mark. */
function refusalView(
  problem: ChangeProblem,
  m: Messages,
  name: string
): Pick<ConnectView, 'status' | 'banner' | 'errors'> {
  switch (problem.code) {
    case 'exists':
      return {
        status: 409,
        banner: { kind: 'error', title: problem.configured ? m.configuredConnection(name) : m.alreadyExists(name) },
        errors: { name: problem.configured ? m.configuredConnection(name) : m.alreadyExists(name) }
      };
    case 'account_taken':
      return {
        status: 409,
        banner: { kind: 'error', title: m.accountTaken(problem.accountId, problem.connectionName) },
        errors: { accountIds: m.accountTaken(problem.accountId, problem.connectionName) }
      };
    case 'configured':
      return { status: 409, banner: { kind: 'error', title: m.configuredConnection(name) } };
    case 'not_found':
      return { status: 404, banner: { kind: 'error', title: m.confirmExpired } };
    default:
      return { status: 422, banner: { kind: 'error', title: m.formInvalid } };
  }
}

/** Another connection (run-time or configured) serving one of these accounts, before a round trip to Salesforce. */
async function accountOwner(
  deps: ConsoleDeps,
  id: string,
  accountIds: readonly string[]
): Promise<ChangeProblem | null> {
  const [stored, configured] = await Promise.all([deps.connections.list(), deps.connections.configured()]);
  for (const other of [...stored, ...configured]) {
    if (other.id === id) continue;
    const taken = accountIds.find((accountId) => other.accountIds?.includes(accountId));
    if (taken) return { code: 'account_taken', accountId: taken, connectionId: other.id, connectionName: other.name };
  }
  return null;
}

type Applied = { ok: true; banner: Banner } | { ok: false; problem: ChangeProblem };

/** Save (create or edit), hand to the publisher, test: the same steps as `relay connect`. */
async function applyAndTest(
  parts: ConnectRouteParts,
  mode: 'create' | 'edit',
  connection: ConnectionConfig,
  req: Request,
  session: ConsoleSession
): Promise<Applied> {
  const { deps, changes, checks, audit } = parts;
  const m = messagesFor(session.language);
  const outcome =
    mode === 'create' ? await changes.create(connection) : await changes.update(connection.id, connection);
  const action = mode === 'create' ? 'connection.create' : 'connection.update';
  if (!outcome.ok) {
    audit.record({
      action,
      actor: consoleActor(req, session),
      target: connection.id,
      outcome: 'refused',
      details: { reason: outcome.problem.code }
    });
    return outcome;
  }
  const saved = outcome.connection;
  audit.record({
    action,
    actor: consoleActor(req, session),
    target: saved.id,
    details:
      mode === 'create'
        ? { instanceUrl: saved.instanceUrl, flow: saved.auth.flow, accountIds: saved.accountIds }
        : { accountIds: saved.accountIds, unrouted: outcome.unrouted }
  });
  const result = await deps.testConnection(saved);
  checks.record(saved.id, result);
  deps.logger.info(
    { connectionId: saved.id, flow: saved.auth.flow, ok: result.ok, code: result.code },
    `console: connection ${mode === 'create' ? 'saved' : 'changed'} and tested`
  );
  return { ok: true, banner: connectionOutcomeBanner(saved.name, result, m, saved.id) };
}

function startWebServerFlow(
  parts: ConnectRouteParts,
  req: Request,
  res: Response,
  session: ConsoleSession,
  connection: ConnectionConfig,
  mode: 'create' | 'edit'
): void {
  if (connection.auth.flow !== 'web_server') return;
  const redirectUri = callbackUrlFor(req, parts.deps);
  const start = parts.webServerFlow.start({
    loginUrl: connection.instanceUrl,
    clientId: connection.auth.clientId,
    redirectUri
  });
  parts.pending.add(start.state, {
    sessionId: session.id,
    codeVerifier: start.codeVerifier,
    redirectUri,
    connection,
    mode
  });
  parts.deps.logger.info({ connectionId: connection.id, mode }, 'console: web-server flow started');
  res.redirect(303, start.url);
}

export function createConnectRoutes(parts: ConnectRouteParts): { console: Router; callback: Router } {
  const { deps, pending, form, changes } = parts;
  const extra = () => deps.extraSalesforceHosts?.() ?? [];
  const router = Router();

  router.get('/connect', requireSignIn, (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const banner = session.flash;
    session.flash = null;
    renderConnect(req, res, deps, session, { banner });
  });

  router.post('/connect', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseConnectForm(body, m, { kind: 'create' }, extra());
    if (!parsed.ok) {
      renderConnect(req, res, deps, session, {
        status: 422,
        banner: { kind: 'error', title: m.formInvalid },
        draft: parsed.draft,
        errors: parsed.errors
      });
      return;
    }
    const connection = parsed.connection;
    // Connect creates: a name in use is refused before anything is sent anywhere.
    const taken = (await lookUpConnection(deps.connections, connection.id))
      ? ({ code: 'exists', id: connection.id, configured: false } as const)
      : (await deps.connections.configured()).some((c) => c.id === connection.id)
        ? ({ code: 'exists', id: connection.id, configured: true } as const)
        : await accountOwner(deps, connection.id, connection.accountIds);
    if (taken) {
      renderConnect(req, res, deps, session, { ...refusalView(taken, m, connection.name), draft: parsed.draft });
      return;
    }
    if (connection.auth.flow === 'web_server') {
      startWebServerFlow(parts, req, res, session, connection, 'create');
      return;
    }
    let applied: Applied;
    try {
      applied = await applyAndTest(parts, 'create', connection, req, session);
    } catch (error) {
      deps.logger.error({ err: error, connectionId: connection.id }, 'console: saving the connection failed');
      renderConnect(req, res, deps, session, {
        status: 500,
        banner: { kind: 'error', title: m.formInvalid, detail: (error as Error).message },
        draft: parsed.draft
      });
      return;
    }
    if (!applied.ok) {
      renderConnect(req, res, deps, session, {
        ...refusalView(applied.problem, m, connection.name),
        draft: parsed.draft
      });
      return;
    }
    if (applied.banner.kind === 'success') {
      session.flash = applied.banner;
      res.redirect(303, `${CONSOLE_BASE}/connect`);
      return;
    }
    // A failed check keeps the form filled in (secrets excepted) so the admin fixes one field.
    renderConnect(req, res, deps, session, { status: 422, banner: applied.banner, draft: parsed.draft });
  });

  /** The saved connection to edit, or a flash saying why there is none (configured, gone). */
  async function editable(id: string, session: ConsoleSession): Promise<StoredConnection | undefined> {
    const m = messagesFor(session.language);
    const looked = await lookUpConnection(deps.connections, id);
    if (looked && 'found' in looked) return looked.found;
    if (looked) {
      session.flash = { kind: 'error', title: m.secretUnreadable };
      return undefined;
    }
    const configured = (await deps.connections.configured()).find((c) => c.id === id);
    session.flash = { kind: 'error', title: configured ? m.configuredConnection(configured.name) : m.confirmExpired };
    return undefined;
  }

  router.get('/connections/:id/edit', requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const saved = await editable(req.params.id as string, session);
    if (!saved) {
      res.redirect(303, `${CONSOLE_BASE}/connections`);
      return;
    }
    const banner = session.flash;
    session.flash = null;
    renderConnect(req, res, deps, session, {
      banner,
      draft: draftOf(saved),
      editing: { id: saved.id, name: saved.name }
    });
  });

  router.post('/connections/:id/edit', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const saved = await editable(req.params.id as string, session);
    if (!saved) {
      res.redirect(303, `${CONSOLE_BASE}/connections`);
      return;
    }
    const editing = { id: saved.id, name: saved.name };
    const mode: FormMode = { kind: 'edit', saved };
    const parsed = parseConnectForm((req.body ?? {}) as Record<string, unknown>, m, mode, extra());
    if (!parsed.ok) {
      renderConnect(req, res, deps, session, {
        status: 422,
        banner: { kind: 'error', title: m.formInvalid },
        draft: parsed.draft,
        errors: parsed.errors,
        editing
      });
      return;
    }
    const preview = await changes.preview(saved.id, parsed.connection);
    const problem = preview.ok ? await accountOwner(deps, saved.id, parsed.connection.accountIds) : preview.problem;
    if (problem || !preview.ok) {
      renderConnect(req, res, deps, session, {
        ...refusalView(problem ?? { code: 'invalid', errors: [] }, m, saved.name),
        draft: parsed.draft,
        editing
      });
      return;
    }
    if (preview.changes.length === 0) {
      session.flash = { kind: 'info', title: m.nothingChanged };
      res.redirect(303, `${CONSOLE_BASE}/connections`);
      return;
    }
    const token = randomBytes(24).toString('base64url');
    session.pendingEdit = {
      token,
      connectionId: saved.id,
      connection: preview.connection,
      changes: preview.changes,
      basedOn: saved.updatedAt,
      expiresAt: (deps.now ?? Date.now)() + CONFIRM_MS
    };
    res
      .status(200)
      .type('html')
      .send(
        renderPage({
          language: session.language,
          title: m.confirmTitle(saved.name),
          signedIn: { csrfToken: session.csrfToken, active: 'connections' },
          banner: null,
          path: `${CONSOLE_BASE}/connections/${encodeURIComponent(saved.id)}/edit`,
          body: confirmEditBody(m, {
            csrfToken: session.csrfToken,
            id: saved.id,
            name: saved.name,
            token,
            changes: preview.changes
          })
        })
      );
  });

  router.post('/connections/:id/edit/confirm', form, checkCsrf, requireSignIn, async (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const id = req.params.id as string;
    const edit = session.pendingEdit;
    session.pendingEdit = null;
    const given = (req.body as Record<string, unknown>).change;
    const looked = await lookUpConnection(deps.connections, id);
    const saved = looked && 'found' in looked ? looked.found : undefined;
    const valid =
      edit !== null &&
      edit.connectionId === id &&
      sameSecret(typeof given === 'string' ? given : undefined, edit.token) &&
      edit.expiresAt > (deps.now ?? Date.now)() &&
      saved !== undefined &&
      saved.updatedAt === edit.basedOn;
    if (!valid || !edit) {
      session.flash = { kind: 'error', title: m.confirmExpired };
      res.redirect(303, `${CONSOLE_BASE}/connections`);
      return;
    }
    const connection = edit.connection;
    if (connection.auth.flow === 'web_server' && !connection.auth.refreshToken) {
      // A new app, URL or secret for the web-server flow: Salesforce authorizes it again first.
      startWebServerFlow(parts, req, res, session, connection, 'edit');
      return;
    }
    try {
      const applied = await applyAndTest(parts, 'edit', connection, req, session);
      session.flash = applied.ok
        ? applied.banner.kind === 'success'
          ? { kind: 'success', title: m.updated(connection.name), detail: applied.banner.title }
          : applied.banner
        : (refusalView(applied.problem, m, connection.name).banner ?? null);
    } catch (error) {
      deps.logger.error({ err: error, connectionId: id }, 'console: changing the connection failed');
      session.flash = { kind: 'error', title: m.formInvalid, detail: (error as Error).message };
    }
    res.redirect(303, `${CONSOLE_BASE}/connections`);
  });

  const callback = Router();
  callback.get(OAUTH_CALLBACK_PATH, async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const entry = pending.take(state);
    const session = entry ? parts.sessions.get(entry.sessionId) : undefined;
    if (!entry || !session) {
      const language = requestLanguage(req);
      const m = messagesFor(language);
      res
        .status(400)
        .type('html')
        .send(
          renderPage({
            language,
            title: m.connectTitle,
            signedIn: null,
            banner: { kind: 'error', title: m.oauthExpired },
            body: html`<a class="slds-button slds-button_neutral" href="${CONSOLE_BASE}/connect"
              >${m.backToConsole}</a
            >`,
            path: OAUTH_CALLBACK_PATH
          })
        );
      return;
    }
    const m = messagesFor(session.language);
    session.flash = await finishAuthorization(parts, entry, req, session);
    const back = entry.mode === 'edit' ? `${CONSOLE_BASE}/connections` : `${CONSOLE_BASE}/connect`;
    // Answer a page, not a redirect: a redirect would still count as the cross-site navigation
    // from Salesforce, and the browser would withhold the SameSite=Strict session cookie.
    res
      .status(200)
      .type('html')
      .send(
        renderPage({
          language: session.language,
          title: m.oauthFinishing,
          signedIn: null,
          banner: null,
          refreshTo: back,
          body: html`<p>${m.oauthFinishing}</p>
            <a class="slds-button slds-button_brand" href="${back}">${m.continueButton}</a>`,
          path: OAUTH_CALLBACK_PATH
        })
      );
  });

  return { console: router, callback };
}

async function finishAuthorization(
  parts: ConnectRouteParts,
  entry: { codeVerifier: string; redirectUri: string; connection: ConnectionConfig; mode: 'create' | 'edit' },
  req: Request,
  session: ConsoleSession
): Promise<Banner> {
  const { deps, webServerFlow: flow } = parts;
  const m = messagesFor(session.language);
  const { connection } = entry;
  if (connection.auth.flow !== 'web_server') return { kind: 'error', title: m.oauthExpired };
  const denied = typeof req.query.error === 'string' ? req.query.error : undefined;
  const code = typeof req.query.code === 'string' ? req.query.code : undefined;
  if (denied || !code) {
    const reason = typeof req.query.error_description === 'string' ? req.query.error_description : denied;
    return { kind: 'error', title: m.oauthDenied((reason ?? 'no authorization code').slice(0, 300)) };
  }
  const token = await flow.exchangeCode({
    loginUrl: connection.instanceUrl,
    clientId: connection.auth.clientId,
    ...(connection.auth.clientSecret ? { clientSecret: connection.auth.clientSecret } : {}),
    redirectUri: entry.redirectUri,
    code,
    codeVerifier: entry.codeVerifier,
    allowedOrigins: deps.extraSalesforceHosts?.() ?? []
  });
  if (!token.ok) return { kind: 'error', title: m.oauthDenied(`${token.error.code}: ${token.error.message}`) };
  if (!token.token.refreshToken) {
    return { kind: 'error', title: m.oauthDenied('no refresh token'), hint: m.oauthNeedsRefreshScope };
  }
  try {
    const applied = await applyAndTest(
      parts,
      entry.mode,
      { ...connection, auth: { ...connection.auth, refreshToken: token.token.refreshToken } },
      req,
      session
    );
    if (!applied.ok)
      return refusalView(applied.problem, m, connection.name).banner ?? { kind: 'error', title: m.formInvalid };
    return applied.banner;
  } catch (error) {
    deps.logger.error({ err: error, connectionId: connection.id }, 'console: saving the connection failed');
    return { kind: 'error', title: m.formInvalid, detail: (error as Error).message };
  }
}
