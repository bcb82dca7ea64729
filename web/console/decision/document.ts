/**
 * The editor's model: the flattened decision tables of a version, edited in place, and the JSON
 * document they make when written back into a copy of the version's graph.
 */
import type { FlatRule, FlatTable, PolicyDocument } from './api';

export function cloneTables(tables: FlatTable[]): FlatTable[] {
  return tables.map((t) => ({ ...t, rules: t.rules.map((r) => ({ ...r, cells: { ...r.cells } })) }));
}

/** A rule id not yet used in the table: "<node>.new-1", "<node>.new-2", … */
export function newRuleId(table: FlatTable): string {
  const taken = new Set(table.rules.map((r) => r.id));
  let n = 1;
  while (taken.has(`${table.nodeId}.new-${n}`)) n += 1;
  return `${table.nodeId}.new-${n}`;
}

export function emptyRule(table: FlatTable): FlatRule {
  const cells: Record<string, string> = {};
  for (const c of [...table.inputs, ...table.outputs]) cells[c.id] = '';
  return { id: newRuleId(table), description: null, cells };
}

/**
 * A copy of `base` with version `version` and the rules of every decision table replaced by the edited
 * ones (order kept; other keys of an existing rule, such as editor metadata, are preserved).
 */
export function buildDocument(base: PolicyDocument, tables: FlatTable[], version: string): PolicyDocument {
  const doc = JSON.parse(JSON.stringify(base)) as PolicyDocument;
  doc.version = version;
  const byNode = new Map(tables.map((t) => [t.nodeId, t]));
  for (const node of doc.nodes) {
    const table = byNode.get(node.id);
    if (!table || node.type !== 'decisionTableNode') continue;
    const content = node.content as { rules?: Array<Record<string, string>> };
    const old = new Map((content.rules ?? []).map((r) => [r._id, r]));
    content.rules = table.rules.map((rule) => {
      const out: Record<string, string> = { ...(old.get(rule.id) ?? {}), _id: rule.id };
      if (rule.description && rule.description.trim()) out._description = rule.description.trim();
      else delete out._description;
      for (const [col, cell] of Object.entries(rule.cells)) out[col] = cell.trim();
      return out;
    });
  }
  return doc;
}

/** Number of rules whose content differs from the version's (added, removed or changed). */
export function changedRuleCount(original: FlatTable[], edited: FlatTable[]): number {
  let n = 0;
  const key = (r: FlatRule) =>
    JSON.stringify([
      r.description ?? '',
      Object.entries(r.cells)
        .filter(([, v]) => v.trim())
        .sort(),
    ]);
  for (const table of edited) {
    const before = new Map((original.find((t) => t.nodeId === table.nodeId)?.rules ?? []).map((r) => [r.id, key(r)]));
    const ids = new Set(table.rules.map((r) => r.id));
    for (const r of table.rules) if (before.get(r.id) !== key(r)) n += 1;
    for (const id of before.keys()) if (!ids.has(id)) n += 1;
  }
  return n;
}
