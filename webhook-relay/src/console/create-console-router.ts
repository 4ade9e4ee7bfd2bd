/**
 * The relay console: server-rendered pages under /console for the people who
 * connect an org and the operators who watch it, signed in with the admin
 * token, plus the OAuth callback at /oauth/callback. Mount the returned router
 * at the app's root (`startRelay({ routes })` does).
 */
import path from 'node:path';
import express, { Router } from 'express';
import { FailedAttempts } from '../http/failed-attempts';
import { noAudit } from '../log/audit-log';
import { createConnectionChanges } from '../publish/connection-changes';
import { exchangeAuthorizationCode, startAuthorization } from '../salesforce/web-server-flow';
import { ConnectionChecks } from './connection-checks';
import { consoleActor, createConnectRoutes } from './connect-routes';
import { OAUTH_CALLBACK_PATH, type ConsoleDeps, type WebServerFlow } from './console-deps';
import {
  checkCsrf,
  clearSessionCookie,
  loadSession,
  requestLanguage,
  securityHeaders,
  sessionOf,
  setSessionCookie
} from './console-guard';
import { messagesFor } from './console-messages';
import { ConsoleSessions, sameSecret, type Banner, type ConsoleSession } from './console-sessions';
import { createOperatorRoutes } from './operator-routes';
import { CONSOLE_BASE, renderPage } from './page-layout';
import { PendingAuthorizations } from './pending-authorizations';
import { signInPageBody } from './sign-in-page';
import { createTestExchangeRoutes } from './test-exchange-routes';

export type { ConsoleDeps } from './console-deps';

const SLDS_ASSETS = path.join(path.dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets');
const CONSOLE_SCRIPT = path.join(__dirname, 'browser', 'console.js');

const defaultWebServerFlow: WebServerFlow = { start: startAuthorization, exchangeCode: exchangeAuthorizationCode };

export function createConsoleRouter(deps: ConsoleDeps): Router {
  const now = deps.now ?? Date.now;
  const sessions = new ConsoleSessions({ now, ...(deps.sessionIdleMs ? { idleMs: deps.sessionIdleMs } : {}) });
  const pending = new PendingAuthorizations(now);
  const checks = new ConnectionChecks(now);
  const attempts = deps.adminAttempts ?? new FailedAttempts({ now });
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 1_000 });
  const audit = deps.audit ?? noAudit;
  const changes =
    deps.changes ??
    createConnectionChanges({
      connections: deps.connections,
      outbox: deps.store,
      runtime: deps.runtime,
      extraOrigins: deps.extraSalesforceHosts
    });
  // Behind a TLS-terminating proxy req.secure is false; an https public URL says the browser uses https.
  const secure = (req: express.Request) =>
    deps.secureCookies ?? (deps.publicUrl?.()?.startsWith('https://') || req.secure);

  const inner = Router();
  inner.use('/assets', express.static(SLDS_ASSETS, { index: false, maxAge: '1d', fallthrough: true }));
  inner.get('/console.js', (_req, res) => {
    res.type('application/javascript').sendFile(CONSOLE_SCRIPT);
  });
  inner.use(securityHeaders, loadSession(sessions));

  inner.get('/', (_req, res) => res.redirect(303, `${CONSOLE_BASE}/connections`));

  inner.get('/sign-in', (req, res) => {
    let session = sessionOf(res);
    if (session?.signedIn) {
      res.redirect(303, `${CONSOLE_BASE}/connections`);
      return;
    }
    if (!session) {
      session = sessions.createAnonymous(requestLanguage(req));
      setSessionCookie(res, session, secure(req));
    }
    const m = messagesFor(session.language);
    const banner: Banner | null = !deps.adminToken()
      ? { kind: 'error', title: m.consoleDisabled }
      : req.query.signedOut !== undefined
        ? { kind: 'info', title: m.signedOut }
        : req.query.ended !== undefined
          ? { kind: 'info', title: m.sessionEnded }
          : null;
    sendSignIn(res, session, banner, 200, !deps.adminToken());
  });

  inner.post('/sign-in', form, checkCsrf, (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    const m = messagesFor(session.language);
    const token = (req.body as Record<string, unknown>).token;
    const client = req.ip ?? 'unknown';
    const wait = attempts.retryAfterSeconds(client);
    if (wait > 0) {
      deps.logger.warn({ ip: req.ip }, 'console: sign-in throttled after too many wrong tokens');
      audit.record({
        action: 'console.sign_in_refused',
        actor: consoleActor(req, session),
        outcome: 'refused',
        details: { reason: 'throttled' }
      });
      res.set('Retry-After', String(wait));
      sendSignIn(res, session, { kind: 'error', title: m.signInThrottled(Math.ceil(wait / 60)) }, 429, false);
      return;
    }
    if (!sameSecret(typeof token === 'string' ? token : undefined, deps.adminToken())) {
      attempts.recordFailure(client);
      deps.logger.warn({ ip: req.ip }, 'console: sign-in refused');
      audit.record({
        action: 'console.sign_in_refused',
        actor: consoleActor(req, session),
        outcome: 'refused',
        details: { reason: 'wrong token' }
      });
      sendSignIn(res, session, { kind: 'error', title: m.signInFailed }, 401, !deps.adminToken());
      return;
    }
    attempts.recordSuccess(client);
    const signedIn = sessions.signIn(session);
    setSessionCookie(res, signedIn, secure(req));
    deps.logger.info({ ip: req.ip }, 'console: signed in');
    audit.record({ action: 'console.sign_in', actor: consoleActor(req, signedIn) });
    res.redirect(303, `${CONSOLE_BASE}/connections`);
  });

  inner.post('/sign-out', form, checkCsrf, (req, res) => {
    const session = sessionOf(res) as ConsoleSession;
    if (session.signedIn) audit.record({ action: 'console.sign_out', actor: consoleActor(req, session) });
    sessions.destroy(session.id);
    clearSessionCookie(res, secure(req));
    res.redirect(303, `${CONSOLE_BASE}/sign-in?signedOut=1`);
  });

  const connect = createConnectRoutes({
    deps,
    sessions,
    pending,
    webServerFlow: deps.webServerFlow ?? defaultWebServerFlow,
    checks,
    form,
    changes,
    audit
  });
  inner.use(connect.console);
  inner.use(createOperatorRoutes(deps, checks, form, { changes, audit }));
  inner.use(createTestExchangeRoutes(deps, form));

  const outer = Router();
  outer.use(CONSOLE_BASE, inner);
  outer.get(OAUTH_CALLBACK_PATH, securityHeaders);
  outer.use(connect.callback);
  return outer;
}

function sendSignIn(
  res: express.Response,
  session: ConsoleSession,
  banner: Banner | null,
  status: number,
  disabled: boolean
): void {
  const m = messagesFor(session.language);
  res
    .status(status)
    .type('html')
    .send(
      renderPage({
        language: session.language,
        title: m.signInTitle,
        signedIn: null,
        banner,
        path: `${CONSOLE_BASE}/sign-in`,
        body: signInPageBody(m, session.csrfToken, disabled)
      })
    );
}
