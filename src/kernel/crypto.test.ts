import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KEY_FILE_NAME, createFieldCrypto, loadOrCreateMasterKey, parseMasterKey } from './crypto.js';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

describe('createFieldCrypto: encryption', () => {
  const fc = createFieldCrypto(KEY_A);

  it.each(['370812199001011232', '13812345678', '张三丰', '', 'x'.repeat(10_000)])('round-trips %j', (plain) => {
    expect(fc.decrypt(fc.encrypt(plain))).toBe(plain);
  });

  it('produces a versioned text token that does not contain the plain value', () => {
    const token = fc.encrypt('370812199001011232');
    expect(token).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(token).not.toContain('370812199001011232');
  });

  it('encrypts the same value differently each time (random IV)', () => {
    const a = fc.encrypt('13812345678');
    const b = fc.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(fc.decrypt(a)).toBe(fc.decrypt(b));
  });

  it('never repeats an IV across blocks of random bytes (more encryptions than one block holds)', () => {
    const tokens = Array.from({ length: 2500 }, (_, i) => fc.encrypt(String(i)));
    const ivs = new Set(tokens.map((t) => Buffer.from(t.slice(3), 'base64').subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(tokens.length);
    tokens.forEach((t, i) => expect(fc.decrypt(t)).toBe(String(i)));
  });

  it('refuses a tampered ciphertext', () => {
    const token = fc.encrypt('13812345678');
    const raw = Buffer.from(token.slice(3), 'base64');
    raw[raw.length - 1] ^= 0x01; // flip one bit of the ciphertext
    expect(() => fc.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });

  it('refuses a tampered IV or authentication tag', () => {
    const token = fc.encrypt('13812345678');
    for (const index of [0, 12]) {
      const raw = Buffer.from(token.slice(3), 'base64');
      raw[index] ^= 0x80;
      expect(() => fc.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    }
  });

  it('refuses a truncated token', () => {
    const token = fc.encrypt('13812345678');
    expect(() => fc.decrypt(token.slice(0, 20))).toThrow();
  });

  it('refuses a token made with another key', () => {
    const token = createFieldCrypto(KEY_B).encrypt('13812345678');
    expect(() => fc.decrypt(token)).toThrow();
  });

  it('refuses an unknown format or version', () => {
    expect(() => fc.decrypt('13812345678')).toThrow('unknown ciphertext format');
    expect(() => fc.decrypt('v2:AAAA')).toThrow('unknown ciphertext format');
    expect(() => fc.decrypt('v1:')).toThrow('unknown ciphertext format');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => createFieldCrypto(Buffer.alloc(16))).toThrow();
    expect(() => createFieldCrypto(Buffer.alloc(33))).toThrow();
  });
});

describe('createFieldCrypto: lookupHash', () => {
  const fc = createFieldCrypto(KEY_A);

  it('is deterministic for one key', () => {
    expect(fc.lookupHash('370812199001011232')).toBe(fc.lookupHash('370812199001011232'));
    expect(createFieldCrypto(KEY_A).lookupHash('13812345678')).toBe(fc.lookupHash('13812345678'));
  });

  it('differs between keys', () => {
    expect(createFieldCrypto(KEY_B).lookupHash('13812345678')).not.toBe(fc.lookupHash('13812345678'));
  });

  it('differs between values', () => {
    expect(fc.lookupHash('13812345678')).not.toBe(fc.lookupHash('13812345679'));
  });

  it('is 64 hex characters and does not contain the plain value', () => {
    const h = fc.lookupHash('13812345678');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain('13812345678');
    expect(h).not.toContain('12345678');
  });

  it('ignores surrounding spaces and letter case, so 11010519491231002x finds 11010519491231002X', () => {
    expect(fc.lookupHash(' 11010519491231002x ')).toBe(fc.lookupHash('11010519491231002X'));
  });

  it('differs from the encryption of the same value', () => {
    expect(fc.encrypt('13812345678')).not.toContain(fc.lookupHash('13812345678'));
  });
});

describe('parseMasterKey', () => {
  const key = randomBytes(32);

  it('accepts 64 hex characters, in either case and with surrounding whitespace', () => {
    expect(parseMasterKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseMasterKey(`  ${key.toString('hex')}\n`).equals(key)).toBe(true);
  });

  it('accepts base64 of 32 bytes', () => {
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['63 hex characters', 'a'.repeat(63)],
    ['66 hex characters', 'a'.repeat(66)],
    ['base64 of 16 bytes', Buffer.alloc(16, 7).toString('base64')],
    ['base64 of 48 bytes', Buffer.alloc(48, 7).toString('base64')],
    ['a short passphrase', 'correct horse battery staple'],
  ])('rejects %s', (_label, text) => {
    expect(() => parseMasterKey(text)).toThrow('32 bytes');
  });
});

describe('loadOrCreateMasterKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'huinong-key-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key file with mode 0600 on first call and returns the same key on the second', async () => {
    const dataDir = path.join(dir, 'data'); // does not exist yet
    const first = await loadOrCreateMasterKey({ dataDir });
    expect(first).toHaveLength(32);
    const file = path.join(dataDir, KEY_FILE_NAME);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('hex'));
    const second = await loadOrCreateMasterKey({ dataDir });
    expect(second.equals(first)).toBe(true);
  });

  it('prefers the key from the environment and writes no file', async () => {
    const envKey = randomBytes(32).toString('hex');
    const key = await loadOrCreateMasterKey({ envKey, dataDir: dir });
    expect(key.toString('hex')).toBe(envKey);
    await expect(stat(path.join(dir, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a malformed key from the environment', async () => {
    await expect(loadOrCreateMasterKey({ envKey: 'not-a-key' })).rejects.toThrow('32 bytes');
  });

  it('reads an existing key file', async () => {
    const key = randomBytes(32);
    await writeFile(path.join(dir, KEY_FILE_NAME), key.toString('base64'));
    expect((await loadOrCreateMasterKey({ dataDir: dir })).equals(key)).toBe(true);
  });

  it('fails loudly on a corrupt key file instead of replacing it', async () => {
    const file = path.join(dir, KEY_FILE_NAME);
    await writeFile(file, 'garbage');
    await expect(loadOrCreateMasterKey({ dataDir: dir })).rejects.toThrow('32 bytes');
    expect(await readFile(file, 'utf8')).toBe('garbage');
  });

  it('uses a random per-process key without a data folder or environment key', async () => {
    const a = await loadOrCreateMasterKey({});
    const b = await loadOrCreateMasterKey({});
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
  });
});
