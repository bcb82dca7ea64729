/**
 * The pure rules of training and exams: a question's options and answer checked, an answer compared with
 * the key (a multiple-choice question counts only when exactly the right options are chosen: no partial
 * points), a paper scored, the score distribution's bands and a percentage with two decimals in integer
 * maths. No I/O, no clock: the service passes the instants in.
 */
import { TRUE_FALSE_OPTIONS, type QuestionKind } from './training.contract.js';

/** The options and the answer (indexes ascending) of a valid question, or the reason it is not one. */
export function checkQuestion(
  kind: QuestionKind,
  options: readonly string[] | undefined,
  answer: readonly number[],
): { ok: true; options: string[]; answer: number[] } | { ok: false; reason: string } {
  const opts = kind === 'TRUE_FALSE' ? [...TRUE_FALSE_OPTIONS] : (options ?? []).map((o) => o.trim());
  if (kind === 'TRUE_FALSE' && options !== undefined && options.length > 0)
    return { ok: false, reason: 'true/false questions take no options' };
  if (opts.length < 2) return { ok: false, reason: 'at least two options' };
  if (new Set(opts).size !== opts.length) return { ok: false, reason: 'options repeat' };
  const key = normalise(answer);
  if (key.length !== answer.length) return { ok: false, reason: 'answer repeats an option' };
  if (key.some((i) => i < 0 || i >= opts.length)) return { ok: false, reason: 'answer names no option' };
  if (kind !== 'MULTIPLE' && key.length !== 1) return { ok: false, reason: 'exactly one correct option' };
  if (kind === 'MULTIPLE' && key.length < 2) return { ok: false, reason: 'a multiple-choice question has at least two correct options' };
  return { ok: true, options: opts, answer: key };
}

/** Distinct indexes, ascending. */
export function normalise(choice: readonly number[]): number[] {
  return [...new Set(choice)].sort((a, b) => a - b);
}

/** Whether a choice is the key: exactly the same options (order and repeats do not matter). */
export function isCorrect(choice: readonly number[] | undefined, key: readonly number[]): boolean {
  if (!choice || choice.length === 0) return false;
  const c = normalise(choice);
  const k = normalise(key);
  return c.length === k.length && c.every((v, i) => v === k[i]);
}

export interface PaperQuestionKey {
  questionId: number;
  points: number;
  answer: number[];
}

/** The score of the answers (question id → choice) on the paper, and how many questions were right. */
export function scorePaper(
  questions: readonly PaperQuestionKey[],
  answers: Readonly<Record<string, number[]>>,
): { score: number; correct: number } {
  let score = 0;
  let correct = 0;
  for (const q of questions) {
    if (isCorrect(answers[String(q.questionId)], q.answer)) {
      score += q.points;
      correct += 1;
    }
  }
  return { score, correct };
}

/** part / whole as a percent string with two decimals, rounded half up ("66.67"); "0.00" when whole is 0. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0.00';
  const hundredths = Math.floor((part * 20000 + whole) / (2 * whole));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** Ten bands of the total score, each with both ends included: 0–9, 10–19, …, 90–100 for a total of 100. */
export function scoreBands(total: number): { from: number; to: number }[] {
  const bands: { from: number; to: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const from = Math.ceil((i * total) / 10);
    const to = i === 9 ? total : Math.ceil(((i + 1) * total) / 10) - 1;
    if (to >= from) bands.push({ from, to });
  }
  return bands;
}

/** The status of a paper for one staff member at an instant. */
export function examStatus(p: {
  now: Date;
  opensAt: Date;
  closesAt: Date;
  attemptsUsed: number;
  maxAttempts: number;
  openAttemptDeadline: Date | null;
}): 'NOT_OPEN' | 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'CLOSED' {
  if (p.openAttemptDeadline && p.now.getTime() <= p.openAttemptDeadline.getTime()) return 'IN_PROGRESS';
  const used = p.attemptsUsed;
  if (used >= p.maxAttempts) return 'DONE';
  if (p.now.getTime() < p.opensAt.getTime()) return 'NOT_OPEN';
  if (p.now.getTime() >= p.closesAt.getTime()) return 'CLOSED';
  return 'OPEN';
}
