/**
 * The password rule as far as the browser can tell it: the length. Everything else (not containing
 * the username, not the current one, not common or easy to guess — rated by the zxcvbn-ts strength
 * estimator) is decided by the server, which answers PASSWORD_TOO_WEAK, PASSWORD_CONTAINS_USERNAME
 * or PASSWORD_REUSED with a message the form shows.
 */
import type { FormRule } from 'antd';
import type { MessageKey } from '../i18n';

export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(pw: string): 'password.tooShort' | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  return null;
}

export function passwordRules(t: (key: MessageKey) => string, requiredText: string): FormRule[] {
  return [
    { required: true, message: requiredText },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || value === '') return;
        const problem = passwordProblem(value);
        if (problem) throw new Error(t(problem));
      },
    },
  ];
}

/** A random password (letters and digits, without look-alike characters 0/O, 1/l/I) that rates strong. */
export function generatePassword(length = 14): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = new Uint32Array(length);
  for (;;) {
    crypto.getRandomValues(bytes);
    const pw = Array.from(bytes, (b) => all[b % all.length]).join('');
    if (passwordProblem(pw) === null && /[A-Za-z]/.test(pw) && /\d/.test(pw)) return pw;
  }
}
