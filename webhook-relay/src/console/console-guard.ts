/**
 * What stands in front of every console page: security headers, the session
 * cookie (HTTP-only, SameSite=Strict, Path=/console), the language switch, the
 * sign-in requirement and the CSRF check on every POST.
 */
import type { NextFunction, Request, Response } from 'express';
import { isLanguage, languageFromHeader, messagesFor } from './console-messages';
import { sameSecret, type ConsoleSession, type ConsoleSessions } from './console-sessions';
import { CONSOLE_BASE, renderPage } from './page-layout';
import { refusedPageBody } from './sign-in-page';

export const SESSION_COOKIE = 'cardbridge_console';

/** `form-action` is left out on purpose: the web-server flow's Connect must redirect to Salesforce. */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': CSP,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // same-origin, not no-referrer: with no-referrer browsers post forms with `Origin: null`,
    // which the CSRF check must refuse. Other sites still never see a console URL.
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store'
  });
  next();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function setSessionCookie(res: Response, session: ConsoleSession, secure: boolean): void {
  res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', path: CONSOLE_BASE, secure });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: CONSOLE_BASE, secure });
}

/** The request's session, when it has a live one. */
export function sessionOf(res: Response): ConsoleSession | undefined {
  return res.locals.consoleSession as ConsoleSession | undefined;
}

/** Loads the session named by the cookie and applies `?lang=` to it. */
export function loadSession(sessions: ConsoleSessions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = sessions.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
    const lang = req.query.lang;
    if (session && isLanguage(lang)) session.language = lang;
    res.locals.consoleSession = session;
    res.locals.hadCookie = cookieValue(req.headers.cookie, SESSION_COOKIE) !== undefined;
    next();
  };
}

/** The language for a visitor who has no session yet. */
export function requestLanguage(req: Request) {
  return isLanguage(req.query.lang) ? req.query.lang : languageFromHeader(req.get('accept-language'));
}

export function refuse(req: Request, res: Response, status: number): void {
  const language = sessionOf(res)?.language ?? requestLanguage(req);
  const m = messagesFor(language);
  res
    .status(status)
    .type('html')
    .send(
      renderPage({
        language,
        title: m.csrfRefusedTitle,
        signedIn: null,
        banner: { kind: 'error', title: m.csrfRefusedTitle },
        body: refusedPageBody(m),
        path: `${CONSOLE_BASE}/sign-in`
      })
    );
}

/** A POST passes only with the session's CSRF token in its form, from a page of this origin. */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  const session = sessionOf(res);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const given = typeof body.csrf === 'string' ? body.csrf : undefined;
  const origin = req.get('origin');
  // Browsers send Origin on every POST; a form posted from another site names that site (or "null").
  const sameOrigin = origin === undefined || sameHost(origin, req);
  if (!session || !sameOrigin || !sameSecret(given, session.csrfToken)) {
    refuse(req, res, 403);
    return;
  }
  next();
}

function sameHost(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** Pages behind sign-in: a visitor without a signed-in session goes to the sign-in form. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (sessionOf(res)?.signedIn) {
    next();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    refuse(req, res, 403);
    return;
  }
  const ended = res.locals.hadCookie === true ? '?ended=1' : '';
  res.redirect(303, `${CONSOLE_BASE}/sign-in${ended}`);
}
