/**
 * Encryption at rest for org connection secrets: AES-256-GCM with the relay's master
 * keys, each known by an id. The current key (`RELAY_MASTER_KEY`, `[id:]key`, the
 * key as base64 of 32 bytes or 64 hex characters) seals; it and the previous keys
 * (`RELAY_MASTER_KEYS_OLD`, comma-separated `[id:]key`) open, so the key can be
 * rotated: a sealed secret records the id of the key that sealed it
 * (`v2:<keyId>:<base64>`), and `resealed` turns a secret sealed with an old key into
 * one sealed with the current key. A key given without an id is known by one derived
 * from its fingerprint. Secrets sealed before key ids existed (`v1:`) open with
 * whichever key fits.
 *
 * The key the stores receive is a Buffer of the current key; the relay's other keys
 * travel with it (`keysOf`), so a store seals and opens with one argument.
 *
 * Without a configured key, a relay on SQLite uses `RELAY_MASTER_KEY_FILE`, or a key
 * generated once into `~/.config/cardbridge/master-key` (`$XDG_CONFIG_HOME`; mode
 * 0600): outside the data directory, so a copy of the data (a backup, a stolen
 * volume) does not carry the key that opens it. A data directory that still holds
 * the `master-key` an older relay generated keeps working, with a warning to move
 * it. On PostgreSQL the key is required: every relay on the database must hold it.
 * The log names files, never a key.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The file an older relay generated inside its data directory. */
export const MASTER_KEY_FILE = 'master-key';
const LEGACY_FORMAT = 'v1';
const FORMAT = 'v2';
const KEY_ID = /^[A-Za-z0-9._-]{1,40}$/;

export class MasterKeyError extends Error {
  readonly code: string = 'MASTER_KEY_INVALID';
}

/** A sealed secret none of the relay's keys opens (sealed with a key it was not given, or damaged). */
export class SecretUnreadableError extends MasterKeyError {
  override readonly code = 'SECRET_UNREADABLE';
  constructor(readonly keyId: string | null) {
    super(
      keyId === null
        ? 'cannot decrypt a connection secret with RELAY_MASTER_KEY or RELAY_MASTER_KEYS_OLD: none of them is the key it was sealed with'
        : `cannot decrypt a connection secret sealed with master key "${keyId}": neither RELAY_MASTER_KEY nor RELAY_MASTER_KEYS_OLD holds that key (or the secret is damaged)`
    );
  }
}

export interface MasterKeyEntry {
  id: string;
  key: Buffer;
  /** A one-way digest that tells keys apart without revealing them (kept in the database). */
  fingerprint: string;
}

export interface MasterKeyRing {
  /** Seals. */
  current: MasterKeyEntry;
  /** The current key first, then the previous ones: all of them open. */
  all: readonly MasterKeyEntry[];
}

/** The digest a database keeps of a key: HMAC-SHA256 of a fixed label, keyed with the key. */
export function fingerprintOf(key: Buffer): string {
  return createHmac('sha256', key).update('cardbridge master key fingerprint v1').digest('hex');
}

/** The id a key given without one is known by: derived from its fingerprint, so the same key gets the same id everywhere. */
export function derivedKeyId(key: Buffer): string {
  return `fp-${fingerprintOf(key).slice(0, 12)}`;
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

/** `[id:]key` -> a key with its id. */
export function parseKeySpec(text: string, source: string): MasterKeyEntry {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const id = colon >= 0 ? trimmed.slice(0, colon) : undefined;
  if (id !== undefined && !KEY_ID.test(id)) {
    throw new MasterKeyError(
      `${source}: a key id is 1-40 letters, digits, ".", "_" or "-" before the ":" (got "${id.slice(0, 40)}")`
    );
  }
  const key = parseMasterKey(colon >= 0 ? trimmed.slice(colon + 1) : trimmed, source);
  return { id: id ?? derivedKeyId(key), key, fingerprint: fingerprintOf(key) };
}

const rings = new WeakMap<Buffer, MasterKeyRing>();

/** The Buffer the stores seal with (the current key), carrying the ring it belongs to. */
export function masterKeyOf(ring: MasterKeyRing): Buffer {
  const key = Buffer.from(ring.current.key);
  rings.set(key, ring);
  return key;
}

/** The ring a key belongs to: the relay's, or a ring of that one key (a raw Buffer, as tests pass). */
export function ringOf(key: Buffer): MasterKeyRing {
  const known = rings.get(key);
  if (known) return known;
  const current = { id: derivedKeyId(key), key, fingerprint: fingerprintOf(key) };
  return { current, all: [current] };
}

/** Every key that opens, current first. */
export function keysOf(key: Buffer): Buffer[] {
  return ringOf(key).all.map((entry) => entry.key);
}

export function ringFrom(current: MasterKeyEntry, previous: readonly MasterKeyEntry[]): MasterKeyRing {
  const ids = new Set([current.id]);
  for (const entry of previous) {
    if (ids.has(entry.id)) throw new MasterKeyError(`RELAY_MASTER_KEYS_OLD: key id "${entry.id}" is given twice`);
    ids.add(entry.id);
  }
  return { current, all: [current, ...previous] };
}

export interface LoadMasterKeysOptions {
  /** The relay config's `masterKey` (`RELAY_MASTER_KEY`), `[id:]key`; wins over `env`. */
  configured?: string;
  /** `previousMasterKeys` (`RELAY_MASTER_KEYS_OLD`): keys that still open, `[id:]key` each. */
  previous?: readonly string[];
  /** `masterKeyFile` (`RELAY_MASTER_KEY_FILE`): where the current key is read (or, on SQLite, generated). */
  keyFile?: string;
  dataDir: string;
  /** On a shared database (PostgreSQL) the key is never generated: every relay needs the same one. */
  shared?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/** Where a generated key goes: the user's configuration directory, never the data directory. */
export function defaultMasterKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'cardbridge', MASTER_KEY_FILE);
}

function readKeyFile(file: string): MasterKeyEntry {
  return parseKeySpec(readFileSync(file, 'utf8'), file);
}

function generateKeyFile(file: string): MasterKeyEntry {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    // 'wx': never overwrite a key another process wrote meanwhile.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return { id: derivedKeyId(key), key, fingerprint: fingerprintOf(key) };
}

/** The relay's master keys, as the Buffer the stores take (see `masterKeyOf`). */
export function loadMasterKeys(options: LoadMasterKeysOptions): Buffer {
  const env = options.env ?? process.env;
  const previous = (options.previous ?? []).map((spec, i) => parseKeySpec(spec, `RELAY_MASTER_KEYS_OLD[${i}]`));
  const configured = options.configured ?? env.RELAY_MASTER_KEY;
  if (configured) return masterKeyOf(ringFrom(parseKeySpec(configured, 'RELAY_MASTER_KEY'), previous));
  if (options.keyFile !== undefined) {
    if (existsSync(options.keyFile)) return masterKeyOf(ringFrom(readKeyFile(options.keyFile), previous));
    if (options.shared) {
      throw new MasterKeyError(
        `RELAY_MASTER_KEY_FILE ${options.keyFile} does not exist: on a shared database every relay needs the same key`
      );
    }
    const generated = generateKeyFile(options.keyFile);
    options.logger?.warn(
      { file: options.keyFile },
      'generated a master key for connection secrets into this file: back it up apart from the data'
    );
    return masterKeyOf(ringFrom(generated, previous));
  }
  if (options.shared) {
    throw new MasterKeyError(
      'RELAY_MASTER_KEY is required with RELAY_DATABASE_URL: every relay sharing the database must seal and open connections with the same key'
    );
  }
  const legacy = path.join(options.dataDir, MASTER_KEY_FILE);
  if (existsSync(legacy)) {
    options.logger?.warn(
      { file: legacy },
      'the master key sits in the data directory it protects: move it elsewhere (RELAY_MASTER_KEY_FILE) or set RELAY_MASTER_KEY, then delete this file'
    );
    return masterKeyOf(ringFrom(readKeyFile(legacy), previous));
  }
  const file = defaultMasterKeyFile(env);
  if (existsSync(file)) return masterKeyOf(ringFrom(readKeyFile(file), previous));
  const generated = generateKeyFile(file);
  options.logger?.warn(
    { file },
    'RELAY_MASTER_KEY is not set: generated a master key for connection secrets outside the data directory; back it up apart from the data, or set RELAY_MASTER_KEY'
  );
  return masterKeyOf(ringFrom(generated, previous));
}

/** The id of the key that sealed this secret, or null for one sealed before key ids existed. */
export function sealedKeyId(sealed: string): string | null {
  if (!sealed.startsWith(`${FORMAT}:`)) return null;
  const end = sealed.indexOf(':', FORMAT.length + 1);
  return end > 0 ? sealed.slice(FORMAT.length + 1, end) : null;
}

/** `aad` binds the ciphertext to its row, so a secret copied to another connection fails to open. */
export function sealSecret(key: Buffer, plaintext: string, aad: string): string {
  const { current } = ringOf(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${FORMAT}:${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function tryOpen(key: Buffer, raw: Buffer, aad: string): string | null {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Opens with the key the secret names (then any other: the same key under another id), or throws SecretUnreadableError. */
export function openSecret(key: Buffer, sealed: string, aad: string): string {
  const ring = ringOf(key);
  const keyId = sealedKeyId(sealed);
  let data: string | undefined;
  if (keyId !== null) data = sealed.slice(FORMAT.length + keyId.length + 2);
  else if (sealed.startsWith(`${LEGACY_FORMAT}:`)) data = sealed.slice(LEGACY_FORMAT.length + 1);
  if (!data) throw new MasterKeyError('unknown secret format');
  const raw = Buffer.from(data, 'base64');
  if (raw.length < 28) throw new SecretUnreadableError(keyId);
  const named = ring.all.filter((entry) => entry.id === keyId);
  for (const entry of [...named, ...ring.all.filter((e) => e.id !== keyId)]) {
    const plaintext = tryOpen(entry.key, raw, aad);
    if (plaintext !== null) return plaintext;
  }
  throw new SecretUnreadableError(keyId);
}

/**
 * The same secret sealed with the current key, or null when it already is. Throws
 * SecretUnreadableError when no key of the relay opens it.
 */
export function resealed(key: Buffer, sealed: string, aad: string): string | null {
  if (sealedKeyId(sealed) === ringOf(key).current.id) return null;
  return sealSecret(key, openSecret(key, sealed, aad), aad);
}

/** The name older callers use. */
export const loadMasterKey = loadMasterKeys;
