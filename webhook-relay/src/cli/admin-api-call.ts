/**
 * One admin API call from a CLI verb: resolves the relay URL and admin token
 * like the other verbs, sends JSON, and returns the parsed answer or a
 * sentence for the operator.
 */
import type { CliIo } from './cli-command';
import { relayClient } from './relay-client';

export type AdminAnswer = { ok: true; status: number; body: unknown } | { ok: false; message: string };

export async function callAdminApi(
  args: string[],
  io: CliIo,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown
): Promise<AdminAnswer> {
  const resolved = relayClient(args, io);
  if (!resolved.ok) return { ok: false, message: resolved.error };
  const { baseUrl, adminToken } = resolved.client;
  if (!adminToken) {
    return { ok: false, message: 'no admin token: set RELAY_ADMIN_TOKEN or start the relay once so it generates one' };
  }
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (error) {
    return { ok: false, message: `cannot reach the relay at ${baseUrl}: ${(error as Error).message}` };
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text.
  }
  return { ok: true, status: response.status, body: parsed };
}

/** A problem+json answer as one or more readable lines. */
export function problemLines(body: unknown): string[] {
  const problem = body as { title?: string; detail?: string; errors?: { path: string; message: string }[] } | null;
  if (!problem || typeof problem !== 'object') return [String(body)];
  const lines = [`${problem.title ?? 'error'}: ${problem.detail ?? ''}`];
  for (const error of problem.errors ?? []) lines.push(`  ${error.path}: ${error.message}`);
  return lines;
}

/** Value of `--name value` flags. */
export function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}
