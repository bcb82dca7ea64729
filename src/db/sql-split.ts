/**
 * Splitting a migration script into statements, for Citus: the coordinator forwards the text of a DDL
 * statement on a distributed or reference table to every worker, and a string holding several
 * statements is refused there ("cannot insert multiple commands into a prepared statement"); an
 * ALTER TABLE that adds a constraint must carry that one subcommand only ("cannot execute ADD
 * CONSTRAINT command with other subcommands"). Pure text work: quotes, dollar quotes, comments and
 * parentheses are respected; nothing is parsed beyond what the split needs.
 */

/**
 * Calls onTopLevel for every character outside strings, quoted identifiers, comments and dollar
 * quotes, except the parentheses themselves, with the parenthesis depth it stands at.
 */
function scan(text: string, onTopLevel: (ch: string, i: number, depth: number) => void): void {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let nest = 1;
      i += 2;
      while (i < text.length && nest > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          nest++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          nest--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      // '' and "" inside stay inside; E'\'' escapes are handled by the backslash rule below.
      const escapes = ch === "'" && i > 0 && /[eE]/.test(text[i - 1]!) && !/[\w$]/.test(text[i - 2] ?? ' ');
      i++;
      while (i < text.length) {
        if (escapes && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text[i] === ch) {
          if (text[i + 1] === ch) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (ch === '$' && !/[\w$]/.test(text[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? text.length : end + tag[0].length;
        continue;
      }
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else onTopLevel(ch, i, depth);
    i++;
  }
}

/** Whether a piece of SQL holds anything but white space and comments. */
function hasCode(text: string): boolean {
  let code = false;
  scan(text, (ch) => {
    if (!/\s/.test(ch)) code = true;
  });
  return code;
}

/** The statements of a script, in order, without their terminating semicolons; empty ones dropped. */
export function splitStatements(script: string): string[] {
  const cuts: number[] = [];
  scan(script, (ch, i, depth) => {
    if (ch === ';' && depth === 0) cuts.push(i);
  });
  const out: string[] = [];
  let start = 0;
  for (const cut of [...cuts, script.length]) {
    const piece = script.slice(start, cut);
    if (hasCode(piece)) out.push(piece.trim());
    start = cut + 1;
  }
  return out;
}

const ALTER_TABLE = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:"[^"]+"|[\w.]+)(?:\s*\*)?)\s+/i;

/**
 * One statement per subcommand for an `ALTER TABLE name sub1, sub2, …` (the subcommands are the
 * top-level comma-separated parts); any other statement comes back alone. Within one transaction the
 * subcommands in sequence have the effect of the one statement.
 */
export function splitAlterTable(statement: string): string[] {
  const head = ALTER_TABLE.exec(statement);
  if (!head) return [statement];
  const rest = statement.slice(head[0].length);
  if (/^(RENAME|SET\s+SCHEMA|ATTACH|DETACH)\b/i.test(rest)) return [statement];
  const commas: number[] = [];
  scan(rest, (ch, i, depth) => {
    if (ch === ',' && depth === 0) commas.push(i);
  });
  if (commas.length === 0) return [statement];
  const parts: string[] = [];
  let start = 0;
  for (const cut of [...commas, rest.length]) {
    parts.push(rest.slice(start, cut).trim());
    start = cut + 1;
  }
  return parts.map((part) => `${head[1]} ${part}`);
}
