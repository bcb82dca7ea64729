/** Password rules and argon2id hashing. */
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../kernel/errors.js';

/** At least 10 characters with both letters and digits. */
export function checkPasswordStrength(password: string): void {
  if (password.length < 10 || password.length > 128 || !/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    throw new AppError('PASSWORD_TOO_WEAK');
  }
}

// argon2id (the library's default algorithm), OWASP-recommended cost: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/** Verifies; with no stored hash it still spends the same work, so timing does not reveal usernames. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('dummy-password-0');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** A readable temporary password that satisfies the rules, e.g. for an administrator's reset. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let out = '';
  for (let i = 0; i < 12; i++) out += (i % 3 === 2 ? digits : letters)[bytes[i] % (i % 3 === 2 ? digits.length : letters.length)];
  return out;
}
