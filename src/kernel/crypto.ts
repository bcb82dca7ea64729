/**
 * Field encryption for personal data (AES-256-GCM) and a keyed lookup hash (HMAC-SHA256) for search
 * and de-duplication. The master key comes from HUINONG_SECRET_KEY (64 hex chars or base64 of 32 bytes)
 * or from a key file created in the data folder on first start (never committed).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const VERSION = 'v1';

export interface FieldCrypto {
  /** Ciphertext as text: v1:<base64 iv(12)|tag(16)|ciphertext>. */
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash for equality search; reveals nothing without the key. */
  lookupHash(value: string): string;
}

export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new Error('HUINONG_SECRET_KEY must be 32 bytes: 64 hex characters or base64');
  }
  return key;
}

export const KEY_FILE_NAME = 'secret.key';

/**
 * Key from the environment, else from <dataDir>/secret.key, created with mode 0600 on first start
 * (and set to 0600 when found looser).
 * Without either (in-memory test databases) a random key for this process is used.
 */
export async function loadOrCreateMasterKey(opts: { envKey?: string; dataDir?: string }): Promise<Buffer> {
  if (opts.envKey) return parseMasterKey(opts.envKey);
  if (!opts.dataDir) return randomBytes(32);
  const file = path.join(opts.dataDir, KEY_FILE_NAME);
  try {
    const key = parseMasterKey(await readFile(file, 'utf8'));
    // a key file others can read (copied in, or made by hand) is made the owner's alone
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

const IV_BYTES = 12;
/** IVs drawn from the CSPRNG per block: one call per 1,024 encryptions instead of one each (a call costs ~10 µs). */
const IV_BLOCK_BYTES = IV_BYTES * 1024;

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'huinong:field-encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'huinong:lookup-hash', 32));
  // Each IV is a fresh slice of random bytes, used once: a new block is drawn when one runs out, never reused.
  let ivBlock = Buffer.alloc(0);
  let ivAt = 0;
  const nextIv = (): Buffer => {
    if (ivAt + IV_BYTES > ivBlock.length) {
      ivBlock = randomFillSync(Buffer.allocUnsafe(IV_BLOCK_BYTES));
      ivAt = 0;
    }
    ivAt += IV_BYTES;
    return ivBlock.subarray(ivAt - IV_BYTES, ivAt);
  };
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
    },
    decrypt(token) {
      const [version, body] = token.split(':', 2);
      if (version !== VERSION || !body) throw new Error('unknown ciphertext format');
      const raw = Buffer.from(body, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    lookupHash(value) {
      return createHmac('sha256', macKey).update(value.trim().toUpperCase(), 'utf8').digest('hex');
    },
  };
}
