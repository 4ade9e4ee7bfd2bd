/**
 * "Connect to Salesforce": the form, saving and testing a connection, and the
 * web-server flow's round trip (Connect -> Salesforce -> /oauth/callback ->
 * back to the form with the outcome). Secrets typed here go straight to the
 * encrypted connection store; they are never rendered again nor logged.
 */
import express, { Router, type Request, type Response } from 'express';
import type { ConnectionConfig } from '../store/connection-store';
import type { ConnectionChecks } from './connection-checks';
import { connectionOutcomeBanner } from './connection-outcome';
import { connectionIdFor, parseConnectForm, type FormDraft, type FormField } from './connect-form';
import { connectPageBody, EMPTY_DRAFT } from './connect-page';
import { OAUTH_CALLBACK_PATH, type ConsoleDeps, type WebServerFlow } from './console-deps';
import { checkCsrf, requestLanguage, requireSignIn, sessionOf } from './console-guard';
import { messagesFor } from './console-messages';
import type { Banner, ConsoleSession, ConsoleSessions } from './console-sessions';
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
}

export function callbackUrlFor(req: Request, deps: ConsoleDeps): string {
  const base = deps.publicUrl?.() ?? `${req.protocol}://${req.get('host')}`;
  return `${base.replace(/\/+$/, '')}${OAUTH_CALLBACK_PATH}`;
}

function renderConnect(
  req: Request,
  res: Response,
  deps: ConsoleDeps,
  session: ConsoleSession,
  view: { status?: number; banner: Banner | null; draft?: FormDraft; errors?: Partial<Record<FormField, string>> }
): void {
  const m = messagesFor(session.language);
  res
    .status(view.status ?? 200)
    .type('html')
    .send(
      renderPage({
        language: session.language,
        title: m.connectTitle,
        signedIn: { csrfToken: session.csrfToken, active: 'connect' },
        banner: view.banner,
        path: `${CONSOLE_BASE}/connect`,
        body: connectPageBody(m, {
          csrfToken: session.csrfToken,
          callbackUrl: callbackUrlFor(req, deps),
          draft: view.draft ?? EMPTY_DRAFT,
          errors: view.errors ?? {}
        })
      })
    );
}

/** Save, hand to the publisher, test: the same steps as `relay connect`. */
async function saveAndTest(
  deps: ConsoleDeps,
  checks: ConnectionChecks,
  connection: ConnectionConfig,
  session: ConsoleSession
): Promise<Banner> {
  const m = messagesFor(session.language);
  const saved = await deps.connections.save(connection);
  await deps.runtime.addConnection(saved);
  const result = await deps.testConnection(saved);
  checks.record(saved.id, result);
  deps.logger.info(
    { connectionId: saved.id, flow: saved.auth.flow, ok: result.ok, code: result.code },
    'console: connection saved and tested'
  );
  return connectionOutcomeBanner(saved.name, result, m);
}

export function createConnectRoutes(parts: ConnectRouteParts): { console: Router; callback: Router } {
  const { deps, sessions, pending, webServerFlow, checks, form } = parts;
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
    const id = connectionIdFor(typeof body.name === 'string' ? body.name : '');
    const existing = id ? await deps.connections.get(id) : undefined;
    const parsed = parseConnectForm(body, m, () => existing);
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
    if (connection.auth.flow === 'web_server') {
      const redirectUri = callbackUrlFor(req, deps);
      const start = webServerFlow.start({
        loginUrl: connection.instanceUrl,
        clientId: connection.auth.clientId,
        redirectUri
      });
      pending.add(start.state, { sessionId: session.id, codeVerifier: start.codeVerifier, redirectUri, connection });
      deps.logger.info({ connectionId: connection.id }, 'console: web-server flow started');
      res.redirect(303, start.url);
      return;
    }
    try {
      session.flash = await saveAndTest(deps, checks, connection, session);
    } catch (error) {
      deps.logger.error({ err: error, connectionId: connection.id }, 'console: saving the connection failed');
      renderConnect(req, res, deps, session, {
        status: 500,
        banner: { kind: 'error', title: m.formInvalid, detail: (error as Error).message },
        draft: parsed.draft
      });
      return;
    }
    if (session.flash.kind === 'success') {
      res.redirect(303, `${CONSOLE_BASE}/connect`);
      return;
    }
    // A failed check keeps the form filled in (secrets excepted) so the admin fixes one field.
    const banner = session.flash;
    session.flash = null;
    renderConnect(req, res, deps, session, { status: 422, banner, draft: parsed.draft });
  });

  const callback = Router();
  callback.get(OAUTH_CALLBACK_PATH, async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const entry = pending.take(state);
    const session = entry ? sessions.get(entry.sessionId) : undefined;
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
          refreshTo: `${CONSOLE_BASE}/connect`,
          body: html`<p>${m.oauthFinishing}</p>
            <a class="slds-button slds-button_brand" href="${CONSOLE_BASE}/connect">${m.continueButton}</a>`,
          path: OAUTH_CALLBACK_PATH
        })
      );
  });

  return { console: router, callback };
}

async function finishAuthorization(
  { deps, webServerFlow: flow, checks }: ConnectRouteParts,
  entry: { codeVerifier: string; redirectUri: string; connection: ConnectionConfig },
  req: Request,
  session: ConsoleSession
): Promise<Banner> {
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
    codeVerifier: entry.codeVerifier
  });
  if (!token.ok) return { kind: 'error', title: m.oauthDenied(`${token.error.code}: ${token.error.message}`) };
  if (!token.token.refreshToken) {
    return { kind: 'error', title: m.oauthDenied('no refresh token'), hint: m.oauthNeedsRefreshScope };
  }
  try {
    return await saveAndTest(
      deps,
      checks,
      { ...connection, auth: { ...connection.auth, refreshToken: token.token.refreshToken } },
      session
    );
  } catch (error) {
    deps.logger.error({ err: error, connectionId: connection.id }, 'console: saving the connection failed');
    return { kind: 'error', title: m.formInvalid, detail: (error as Error).message };
  }
}
