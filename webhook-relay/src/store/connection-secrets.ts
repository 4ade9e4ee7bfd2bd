/**
 * Encryption at rest for org connection secrets: AES-256-GCM with the relay's
 * master key (`RELAY_MASTER_KEY`, 32 bytes as base64 or hex). Without one, a key
 * is generated once into `<data dir>/master-key` (mode 0600); the log says so,
 * never the key itself.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_FILE = 'master-key';
const FORMAT = 'v1';

export class MasterKeyError extends Error {
  readonly code = 'MASTER_KEY_INVALID';
}

/** Accepts 64 hex characters or base64 of 32 bytes. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new MasterKeyError(`${source} must be 32 bytes as base64 or 64 hex characters (got ${key.length} bytes)`);
  }
  return key;
}

export function loadMasterKey(options: {
  /** The relay config's `masterKey` (file or env), when set; wins over `env`. */
  configured?: string;
  env?: NodeJS.ProcessEnv;
  dataDir: string;
  logger?: { warn(details: object, message: string): void; info(details: object, message: string): void };
}): Buffer {
  if (options.configured) return parseMasterKey(options.configured, 'masterKey (RELAY_MASTER_KEY)');
  const fromEnv = (options.env ?? process.env).RELAY_MASTER_KEY;
  if (fromEnv) return parseMasterKey(fromEnv, 'RELAY_MASTER_KEY');
  const file = path.join(options.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'), file);
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process wrote meanwhile.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  options.logger?.warn(
    { file },
    'RELAY_MASTER_KEY is not set: generated a master key for connection secrets; back up this file or set RELAY_MASTER_KEY'
  );
  return key;
}

/** `aad` binds the ciphertext to its row, so a secret copied to another connection fails to open. */
export function sealSecret(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function openSecret(key: Buffer, sealed: string, aad: string): string {
  const [format, data] = sealed.split(':');
  if (format !== FORMAT || !data) throw new MasterKeyError('unknown secret format');
  const raw = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new MasterKeyError(
      'cannot decrypt a connection secret: the master key differs from the one it was saved with'
    );
  }
}
