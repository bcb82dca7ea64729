/** Password rules (a maintained strength estimator, zxcvbn-ts) and argon2id hashing. */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { AppError } from '../../kernel/errors.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn score 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const PASSWORD_MIN_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
function strength(): ZxcvbnFactory {
  // Built once, on first use: loading the dictionaries takes a moment.
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return estimator;
}

export interface PasswordOwner {
  username?: string | null;
  name?: string | null;
}

/**
 * Rejects a password that is too short or long, contains the username, or that the strength
 * estimator rates below PASSWORD_MIN_SCORE (common, patterned, dictionary words, or built from the
 * owner's own username and name).
 */
export function checkPasswordStrength(password: string, owner: PasswordOwner = {}): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError('PASSWORD_TOO_WEAK', { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
  }
  const username = owner.username?.trim().toLowerCase();
  if (username && password.toLowerCase().includes(username)) throw new AppError('PASSWORD_CONTAINS_USERNAME');
  const inputs = [username, owner.name?.trim()].filter((x): x is string => !!x);
  const result = strength().check(password, inputs);
  if (result.score < PASSWORD_MIN_SCORE) {
    throw new AppError('PASSWORD_TOO_WEAK', {
      score: result.score,
      minScore: PASSWORD_MIN_SCORE,
      ...(result.feedback.warning ? { warning: result.feedback.warning } : {}),
    });
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

/**
 * A one-time temporary password for a reset, sent by SMS only: four groups of four random digits
 * (about 53 bits). Digits only, so that the SMS outbox outside demo mode hides it like a code; it
 * opens a session that can do nothing but set a new password.
 */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let i = 0; i < 4; i++) groups.push(String(randomInt(0, 10_000)).padStart(4, '0'));
  return groups.join('-');
}
