/**
 * `relay connect`: adds an org connection on the running relay (`--replace` changes
 * an existing one instead, explicitly), then tests it and prints what to do next.
 * The org must be a Salesforce host and the connection must name the card-platform
 * accounts it serves. Secrets come from the environment (`SF_CLIENT_SECRET`) or a key
 * file, never from the command line where shell history and `ps` would keep them.
 */
import { readFileSync } from 'node:fs';
import type { CliCommand, CliIo } from '../cli-command';
import { callAdminApi, flag, problemLines } from '../admin-api-call';

function authFrom(
  args: string[],
  io: CliIo
): { ok: true; auth: Record<string, string> } | { ok: false; error: string } {
  const clientId = flag(args, '--client-id') ?? io.env.SF_CLIENT_ID;
  if (!clientId) return { ok: false, error: "missing --client-id (or SF_CLIENT_ID): the app's consumer key" };
  const keyFile = flag(args, '--jwt-key-file');
  if (keyFile) {
    const username = flag(args, '--jwt-username');
    if (!username) return { ok: false, error: 'the JWT flow needs --jwt-username <integration user>' };
    const loginUrl = flag(args, '--jwt-login-url');
    try {
      const privateKey = readFileSync(keyFile, 'utf8');
      return { ok: true, auth: { flow: 'jwt', clientId, username, privateKey, ...(loginUrl ? { loginUrl } : {}) } };
    } catch (error) {
      return { ok: false, error: `cannot read ${keyFile}: ${(error as Error).message}` };
    }
  }
  const clientSecret = io.env.SF_CLIENT_SECRET;
  if (!clientSecret)
    return {
      ok: false,
      error: "set SF_CLIENT_SECRET to the app's consumer secret (not a flag, to keep it out of shell history)"
    };
  return { ok: true, auth: { flow: 'client_credentials', clientId, clientSecret } };
}

async function runTest(args: string[], io: CliIo, id: string): Promise<number> {
  const tested = await callAdminApi(args, io, 'POST', `/admin/v1/connections/${encodeURIComponent(id)}/test`);
  if (!tested.ok) {
    io.err(tested.message);
    return 1;
  }
  if (tested.status !== 200) {
    problemLines(tested.body).forEach((line) => io.err(line));
    return 1;
  }
  const result = tested.body as { ok: boolean; step: string; message: string; hint: string | null };
  (result.ok ? io.out : io.err)(`${result.ok ? 'OK' : `FAILED at ${result.step}`}: ${result.message}`);
  if (result.hint) io.out(`next: ${result.hint}`);
  return result.ok ? 0 : 1;
}

export const connectCommand: CliCommand = {
  usage:
    'connect --id <id> --name <name> --instance-url <My Domain URL> --accounts a,b [--replace] | connect --test <id>',
  summary: 'add (or, with --replace, change) an org connection (secret from SF_CLIENT_SECRET) and test it',
  async run(args, io) {
    const testOnly = flag(args, '--test');
    if (testOnly) return runTest(args, io, testOnly);
    const id = flag(args, '--id');
    const instanceUrl = flag(args, '--instance-url') ?? io.env.SF_INSTANCE_URL;
    if (!id || !instanceUrl) {
      io.err(`usage: relay ${this.usage}`);
      return 2;
    }
    const auth = authFrom(args, io);
    if (!auth.ok) {
      io.err(auth.error);
      return 2;
    }
    const accounts = flag(args, '--accounts');
    if (!accounts) {
      io.err('missing --accounts a,b: the card-platform account ids this org serves (each account goes to one org)');
      return 2;
    }
    const replace = args.includes('--replace');
    const body = {
      id,
      name: flag(args, '--name') ?? id,
      instanceUrl,
      apiVersion: flag(args, '--api-version') ?? io.env.SF_API_VERSION,
      namespace: flag(args, '--namespace') ?? io.env.SF_NAMESPACE,
      accountIds: accounts
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      auth: auth.auth
    };
    const added = replace
      ? await callAdminApi(args, io, 'PUT', `/admin/v1/connections/${encodeURIComponent(id)}`, body)
      : await callAdminApi(args, io, 'POST', '/admin/v1/connections', body);
    if (!added.ok) {
      io.err(added.message);
      return 1;
    }
    if (added.status !== (replace ? 200 : 201)) {
      problemLines(added.body).forEach((line) => io.err(line));
      if (added.status === 409 && !replace) io.err(`to change connection "${id}", run connect again with --replace`);
      return 1;
    }
    io.out(`connection "${id}" ${replace ? 'changed' : 'saved'}; testing it...`);
    return runTest(args, io, id);
  }
};
