/** `huinong audit verify`: the chain check for operators, in Chinese and English. */
import type { Database } from '../../db/client.js';
import { verifyAuditChain, type AuditBreak, type AuditVerifyResult } from './audit.service.js';

const REASONS: Record<AuditBreak, { zh: string; en: string }> = {
  HASH_MISMATCH: { zh: '该条记录内容与其哈希不符（被修改）', en: 'the record does not match its hash (edited)' },
  PREV_HASH_MISMATCH: {
    zh: '该条记录未链接到前一条（前面的记录被删除、调换或重新链接）',
    en: 'the record does not link to the one before it (rows deleted, reordered or relinked)',
  },
  SEQ_GAP: { zh: '该序号的记录缺失（被删除）', en: 'the record with this seq is missing (deleted)' },
  HEAD_MISMATCH: {
    zh: '最后一条记录不是审计链头记下的那一条（末尾被改写）',
    en: 'the last record is not the one the chain head recorded (the end was rewritten)',
  },
  ANCHOR_MISMATCH: {
    zh: '该条记录不是锚定记录所记下的那一条（被改写）',
    en: 'the record is not the one an anchor recorded at this seq (rewritten)',
  },
};

/** The lines printed for a result. */
export function describeVerifyResult(result: AuditVerifyResult): string[] {
  if (result.ok || !result.brokenAt) {
    return [`审计链完整，共 ${result.rows} 条 / audit chain intact: ${result.rows} rows`];
  }
  const { chain, seq, reason } = result.brokenAt;
  return [
    `审计链 ${chain} 在第 ${seq} 条断开 (${reason}) / audit chain ${chain} broken at seq ${seq} (${reason})`,
    `  ${REASONS[reason].zh} / ${REASONS[reason].en}`,
    `  此前 ${result.rows} 条完整 / ${result.rows} rows intact before it`,
  ];
}

/** Verifies the chain, prints the result and returns the exit code: 0 intact, 1 broken. */
export async function runAuditVerifyCli(database: Database, print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const result = await verifyAuditChain(database.db);
  for (const line of describeVerifyResult(result)) print(line);
  return result.ok ? 0 : 1;
}
