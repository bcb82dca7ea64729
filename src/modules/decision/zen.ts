/** The one GoRules ZEN engine of the process, and a reader for its error messages. */
import { ZenEngine } from '@gorules/zen-engine';

export const zen = new ZenEngine();

export interface ZenErrorInfo {
  /** e.g. "parserError", "lexerError", "vmError", "cyclicGraph". */
  type: string;
  source: string;
}

/** ZEN errors carry a JSON object on their first line, then a native stack trace we drop. */
export function zenErrorInfo(e: unknown): ZenErrorInfo {
  const message = e instanceof Error ? e.message : String(e);
  const firstLine = message.split('\n')[0].trim();
  try {
    const parsed = JSON.parse(firstLine) as { type?: unknown; source?: unknown };
    return {
      type: typeof parsed.type === 'string' ? parsed.type : 'unknown',
      source: typeof parsed.source === 'string' ? parsed.source : typeof parsed.source === 'undefined' ? '' : JSON.stringify(parsed.source),
    };
  } catch {
    return { type: 'unknown', source: firstLine.slice(0, 300) };
  }
}
