/**
 * Refresh token turns, the same on SQLite and PostgreSQL: one row per connection in
 * the connection store holds the newest refresh token (sealed with the master key),
 * a version for compare-and-set, and a lease. A relay that wants to refresh takes the
 * lease (or waits while another relay holds it), reads the newest token, calls
 * Salesforce, and saves the rotated token only if the row is still the version it
 * read and the lease still its own. With refresh token rotation every refresh
 * invalidates the token it used, so two relays refreshing at once with one token
 * would sign each other out; taking turns makes the second use the first's new token.
 */
import { createHash, randomUUID } from 'node:crypto';
import { openSecret, sealSecret } from './connection-secrets';

export interface RefreshRow {
  seedDigest: string | null;
  tokenSealed: string | null;
  version: number;
}

/** The SQL each store runs for a turn. */
export interface RefreshRowOps {
  /** Takes the lease when free (or expired); answers the row, or null while another holder has it. */
  claim(connectionId: string, owner: string, now: number, until: number): Promise<RefreshRow | null>;
  /** Compare-and-set: writes the new token only if `version` and the lease are still ours; true when written. */
  save(
    connectionId: string,
    owner: string,
    version: number,
    seedDigest: string,
    tokenSealed: string,
    now: number
  ): Promise<boolean>;
  release(connectionId: string, owner: string): Promise<void>;
}

export interface RefreshTurnOptions {
  key: Buffer;
  leaseMs?: number;
  pollMs?: number;
  now?: () => number;
  /** Told when a rotated token could not be saved (the lease was lost, or the write failed). */
  onLost?: (connectionId: string, reason: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Which authorization a saved token descends from, without keeping that token in the clear.
 * Not keyed with the master key, so a key rotation never orphans a saved token; a refresh
 * token is far too random to be found from its hash.
 */
export function seedDigest(_key: Buffer, connectionId: string, seed: string): string {
  return createHash('sha256').update(`refresh-seed\0${connectionId}\0${seed}`).digest('hex');
}

/** What a saved refresh token is sealed to (associated data). */
export const refreshTokenAad = (connectionId: string) => `refresh-token:${connectionId}`;
const aad = refreshTokenAad;

export async function refreshInTurn<R>(
  ops: RefreshRowOps,
  connectionId: string,
  seed: string,
  exchange: (refreshToken: string) => Promise<R>,
  rotated: (result: R) => string | null,
  options: RefreshTurnOptions
): Promise<R> {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const owner = `refresh-${randomUUID()}`;
  const digest = seedDigest(options.key, connectionId, seed);
  // Wait at most one lease: by then a holder that died has lost it.
  const deadline = Date.now() + leaseMs + pollMs;
  let row = await ops.claim(connectionId, owner, now(), now() + leaseMs);
  while (!row) {
    if (Date.now() > deadline) throw new Error(`the refresh of connection ${connectionId} is held by another relay`);
    await sleep(pollMs);
    row = await ops.claim(connectionId, owner, now(), now() + leaseMs);
  }
  let released = false;
  try {
    // A row saved for another seed belongs to an older authorization: the seed is newer.
    const newest =
      row.seedDigest === digest && row.tokenSealed ? openSecret(options.key, row.tokenSealed, aad(connectionId)) : seed;
    const result = await exchange(newest);
    const next = rotated(result);
    if (next && next !== newest) {
      let saved = false;
      try {
        saved = await ops.save(
          connectionId,
          owner,
          row.version,
          digest,
          sealSecret(options.key, next, aad(connectionId)),
          now()
        );
      } catch (error) {
        options.onLost?.(connectionId, `saving the rotated refresh token failed: ${(error as Error).message}`);
      }
      if (!saved) options.onLost?.(connectionId, 'the refresh lease was taken over before the rotated token was saved');
      released = saved;
    }
    return result;
  } finally {
    if (!released) await ops.release(connectionId, owner).catch(() => undefined);
  }
}
