/** The password rule the server enforces (PASSWORD_TOO_WEAK): at least 10 characters, letters and digits. */
import type { FormRule } from 'antd';
import type { MessageKey } from '../i18n';

export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(pw: string): 'password.tooShort' | 'password.needMix' | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return 'password.needMix';
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

/** A random password that meets the rule, without look-alike characters (0/O, 1/l/I). */
export function generatePassword(length = 12): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = new Uint32Array(length);
  for (;;) {
    crypto.getRandomValues(bytes);
    const pw = Array.from(bytes, (b) => all[b % all.length]).join('');
    if (passwordProblem(pw) === null) return pw;
  }
}
