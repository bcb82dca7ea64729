/**
 * Readable views of credit-policy documents, pure: the flattened tables the console edits, the
 * rule-by-rule difference between two versions that a checker reviews (AB角), and validation problems
 * located by node, row and column rather than by JSON path.
 */
import type { DiffLine } from '../review/index.js';
import { canonicalJson, type PolicyIssue } from './policy.js';
import type { PolicyDocument, PolicyNode } from './types.js';

export interface FlatColumn {
  id: string;
  name: string;
  /** The input field a cell tests ("applicant.age"), or null when cells are whole expressions. */
  field: string | null;
}

export interface FlatRule {
  id: string;
  description: string | null;
  /** One cell per input and output column id; '' is an empty cell ("any" for an input). */
  cells: Record<string, string>;
}

export interface FlatTable {
  nodeId: string;
  nodeName: string;
  hitPolicy: 'first' | 'collect';
  inputs: FlatColumn[];
  outputs: FlatColumn[];
  rules: FlatRule[];
}

export interface FlatExpressionNode {
  nodeId: string;
  nodeName: string;
  expressions: Array<{ id: string; key: string; value: string }>;
}

export interface FlatPolicy {
  tables: FlatTable[];
  expressions: FlatExpressionNode[];
}

interface TableContent {
  hitPolicy?: 'first' | 'collect';
  inputs?: Array<{ id: string; name?: string; field?: string | null }>;
  outputs?: Array<{ id: string; name?: string; field?: string | null }>;
  rules?: Array<Record<string, string>>;
}

interface ExpressionContentLike {
  expressions?: Array<{ id: string; key: string; value: string }>;
}

interface SwitchContentLike {
  hitPolicy?: string;
  statements?: Array<{ id: string; condition?: string }>;
}

const NODE_TYPE_ZH: Record<string, string> = {
  inputNode: '输入',
  outputNode: '输出',
  decisionTableNode: '决策表',
  expressionNode: '表达式',
  switchNode: '分支',
};

/** Content keys shown as node settings (the rest is columns, rules, expressions or statements). */
const NODE_OPTION_KEYS = ['hitPolicy', 'passThrough', 'inputField', 'outputPath', 'executionMode'] as const;

// ---------- flattening ----------

function columnsOf(cols: TableContent['inputs']): FlatColumn[] {
  return (cols ?? []).map((c) => ({ id: c.id, name: c.name || c.field || c.id, field: c.field ? c.field : null }));
}

function flatTable(node: PolicyNode): FlatTable {
  const c = (node.content ?? {}) as TableContent;
  const inputs = columnsOf(c.inputs);
  const outputs = columnsOf(c.outputs);
  const rules = (c.rules ?? []).map((rule) => {
    const cells: Record<string, string> = {};
    for (const col of [...inputs, ...outputs]) cells[col.id] = typeof rule[col.id] === 'string' ? rule[col.id] : '';
    return { id: rule._id, description: rule._description ? rule._description : null, cells };
  });
  return { nodeId: node.id, nodeName: node.name, hitPolicy: c.hitPolicy === 'collect' ? 'collect' : 'first', inputs, outputs, rules };
}

/** The decision tables and expression nodes of a policy, in document order. */
export function flattenPolicy(doc: PolicyDocument): FlatPolicy {
  const tables: FlatTable[] = [];
  const expressions: FlatExpressionNode[] = [];
  for (const node of doc.nodes) {
    if (node.type === 'decisionTableNode') tables.push(flatTable(node));
    if (node.type === 'expressionNode') {
      const c = (node.content ?? {}) as ExpressionContentLike;
      expressions.push({
        nodeId: node.id,
        nodeName: node.name,
        expressions: (c.expressions ?? []).map((e) => ({ id: e.id, key: e.key, value: e.value })),
      });
    }
  }
  return { tables, expressions };
}

/** A rule as a sentence: "年龄 Age: < 25 → 因子 Factor = "AGE", 分值 Points = 0". */
export function ruleText(table: FlatTable, rule: FlatRule): string {
  const conditions = table.inputs.filter((c) => rule.cells[c.id]?.trim()).map((c) => `${c.name}: ${rule.cells[c.id].trim()}`);
  const results = table.outputs.map((c) => `${c.name} = ${rule.cells[c.id]?.trim() || '—'}`);
  const when = conditions.length > 0 ? conditions.join('；') : '任意 any';
  const head = rule.description ? `【${rule.description}】\n` : '';
  return `${head}${when} → ${results.join('，')}`;
}

// ---------- differences ----------

function nodeLabel(node: PolicyNode): string {
  return `${NODE_TYPE_ZH[node.type] ?? node.type}：${node.name}`;
}

function columnsText(cols: FlatColumn[]): string {
  return cols.map((c) => (c.field ? `${c.name}（${c.field}）` : c.name)).join('、') || '—';
}

function optionText(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

function withoutLayout(node: PolicyNode): unknown {
  const { position: _position, ...rest } = node;
  return rest;
}

/** A rule's content: its description and non-empty cells (a new, empty column changes no rule). */
function ruleKey(rule: FlatRule): string {
  const cells = Object.fromEntries(
    Object.entries(rule.cells)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, v.trim()]),
  );
  return canonicalJson({ description: rule.description, cells });
}

/** Ids in `order` that are also in `other`, in `order`'s order. */
function common(order: string[], other: Set<string>): string[] {
  return order.filter((id) => other.has(id));
}

function tableLines(before: PolicyNode, after: PolicyNode): DiffLine[] {
  const lines: DiffLine[] = [];
  const b = flatTable(before);
  const a = flatTable(after);
  const name = after.name;
  const base = `nodes.${after.id}`;
  if (columnsText(b.inputs) !== columnsText(a.inputs) || canonicalJson(b.inputs) !== canonicalJson(a.inputs)) {
    lines.push({ field: `${base}.inputs`, label: `${name} · 输入列`, before: columnsText(b.inputs), after: columnsText(a.inputs) });
  }
  if (columnsText(b.outputs) !== columnsText(a.outputs) || canonicalJson(b.outputs) !== canonicalJson(a.outputs)) {
    lines.push({ field: `${base}.outputs`, label: `${name} · 输出列`, before: columnsText(b.outputs), after: columnsText(a.outputs) });
  }
  const beforeRules = new Map(b.rules.map((r) => [r.id, r]));
  const afterRules = new Map(a.rules.map((r) => [r.id, r]));
  for (const rule of a.rules) {
    const old = beforeRules.get(rule.id);
    if (!old) {
      lines.push({ field: `${base}.rules.${rule.id}`, label: `${name} · 新增规则 ${rule.id}`, before: null, after: ruleText(a, rule) });
    } else if (ruleKey(old) !== ruleKey(rule)) {
      lines.push({
        field: `${base}.rules.${rule.id}`,
        label: `${name} · 修改规则 ${rule.id}`,
        before: ruleText(b, old),
        after: ruleText(a, rule),
      });
    }
  }
  for (const rule of b.rules) {
    if (!afterRules.has(rule.id)) {
      lines.push({ field: `${base}.rules.${rule.id}`, label: `${name} · 删除规则 ${rule.id}`, before: ruleText(b, rule), after: null });
    }
  }
  // With hit policy "first" the order decides which row applies; with "collect" it orders the results.
  const orderBefore = common(
    b.rules.map((r) => r.id),
    new Set(afterRules.keys()),
  );
  const orderAfter = common(
    a.rules.map((r) => r.id),
    new Set(beforeRules.keys()),
  );
  if (orderBefore.join('\n') !== orderAfter.join('\n')) {
    lines.push({ field: `${base}.order`, label: `${name} · 规则顺序`, before: orderBefore.join(' → '), after: orderAfter.join(' → ') });
  }
  return lines;
}

function expressionLines(before: PolicyNode, after: PolicyNode): DiffLine[] {
  const lines: DiffLine[] = [];
  const b = ((before.content ?? {}) as ExpressionContentLike).expressions ?? [];
  const a = ((after.content ?? {}) as ExpressionContentLike).expressions ?? [];
  const text = (e: { key: string; value: string }) => `${e.key} = ${e.value}`;
  const beforeById = new Map(b.map((e) => [e.id, e]));
  const afterIds = new Set(a.map((e) => e.id));
  const base = `nodes.${after.id}.expressions`;
  for (const e of a) {
    const old = beforeById.get(e.id);
    if (!old) lines.push({ field: `${base}.${e.id}`, label: `${after.name} · 新增表达式 ${e.key}`, before: null, after: text(e) });
    else if (text(old) !== text(e))
      lines.push({ field: `${base}.${e.id}`, label: `${after.name} · 修改表达式 ${e.key}`, before: text(old), after: text(e) });
  }
  for (const e of b) {
    if (!afterIds.has(e.id))
      lines.push({ field: `${base}.${e.id}`, label: `${after.name} · 删除表达式 ${e.key}`, before: text(e), after: null });
  }
  const orderBefore = common(
    b.map((e) => e.id),
    afterIds,
  );
  const orderAfter = common(
    a.map((e) => e.id),
    new Set(beforeById.keys()),
  );
  if (orderBefore.join('\n') !== orderAfter.join('\n')) {
    lines.push({
      field: `${base}.order`,
      label: `${after.name} · 表达式顺序`,
      before: orderBefore.join(' → '),
      after: orderAfter.join(' → '),
    });
  }
  return lines;
}

function switchLines(before: PolicyNode, after: PolicyNode): DiffLine[] {
  const text = (n: PolicyNode) =>
    (((n.content ?? {}) as SwitchContentLike).statements ?? [])
      .map((s) => `${s.id}: ${s.condition?.trim() || '否则 otherwise'}`)
      .join('\n');
  const b = text(before);
  const a = text(after);
  return b === a ? [] : [{ field: `nodes.${after.id}.statements`, label: `${after.name} · 分支条件`, before: b || '—', after: a || '—' }];
}

/** Every rule, expression or statement of a node, as lines of an added (side 'after') or removed node. */
function wholeNodeLines(node: PolicyNode, side: 'before' | 'after'): DiffLine[] {
  const verb = side === 'after' ? '新增' : '删除';
  const line = (field: string, label: string, text: string): DiffLine =>
    side === 'after' ? { field, label, before: null, after: text } : { field, label, before: text, after: null };
  const lines = [line(`nodes.${node.id}`, `${verb}节点 ${node.name}`, nodeLabel(node))];
  if (node.type === 'decisionTableNode') {
    const t = flatTable(node);
    lines.push(line(`nodes.${node.id}.inputs`, `${node.name} · 输入列`, columnsText(t.inputs)));
    lines.push(line(`nodes.${node.id}.outputs`, `${node.name} · 输出列`, columnsText(t.outputs)));
    for (const r of t.rules) lines.push(line(`nodes.${node.id}.rules.${r.id}`, `${node.name} · ${verb}规则 ${r.id}`, ruleText(t, r)));
  } else if (node.type === 'expressionNode') {
    for (const e of ((node.content ?? {}) as ExpressionContentLike).expressions ?? []) {
      lines.push(line(`nodes.${node.id}.expressions.${e.id}`, `${node.name} · ${verb}表达式 ${e.key}`, `${e.key} = ${e.value}`));
    }
  } else if (node.type === 'switchNode') {
    const statements = ((node.content ?? {}) as SwitchContentLike).statements ?? [];
    lines.push(
      line(
        `nodes.${node.id}.statements`,
        `${node.name} · 分支条件`,
        statements.map((s) => `${s.id}: ${s.condition?.trim() || '否则 otherwise'}`).join('\n') || '—',
      ),
    );
  }
  return lines;
}

function nodeLines(before: PolicyNode, after: PolicyNode): DiffLine[] {
  if (canonicalJson(withoutLayout(before)) === canonicalJson(withoutLayout(after))) return [];
  const lines: DiffLine[] = [];
  if (before.type !== after.type || before.name !== after.name) {
    lines.push({ field: `nodes.${after.id}`, label: `节点 ${after.id}`, before: nodeLabel(before), after: nodeLabel(after) });
  }
  if (before.type !== after.type) return [...lines, ...wholeNodeLines(before, 'before'), ...wholeNodeLines(after, 'after')];
  const bc = (before.content ?? {}) as Record<string, unknown>;
  const ac = (after.content ?? {}) as Record<string, unknown>;
  for (const key of NODE_OPTION_KEYS) {
    const b = optionText(bc[key]);
    const a = optionText(ac[key]);
    if (b !== a) lines.push({ field: `nodes.${after.id}.${key}`, label: `${after.name} · ${key}`, before: b, after: a });
  }
  if (after.type === 'decisionTableNode') lines.push(...tableLines(before, after));
  else if (after.type === 'expressionNode') lines.push(...expressionLines(before, after));
  else if (after.type === 'switchNode') lines.push(...switchLines(before, after));
  if (lines.length === 0) {
    // Something outside what the lines above show (a description, an unknown key): still never silent.
    lines.push({
      field: `nodes.${after.id}.other`,
      label: `${after.name} · 其他设置`,
      before: clip(canonicalJson(withoutLayout(before))),
      after: clip(canonicalJson(withoutLayout(after))),
    });
  }
  return lines;
}

function clip(text: string, max = 2000): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function edgeTexts(doc: PolicyDocument, names: Map<string, string>): Set<string> {
  const name = (id: string) => names.get(id) ?? id;
  return new Set(doc.edges.map((e) => `${name(e.sourceId)} → ${name(e.targetId)}${e.sourceHandle ? `（${e.sourceHandle}）` : ''}`));
}

/**
 * What a new policy version changes against the one it replaces, as review diff lines: per decision
 * table the rules added, removed and changed (node name, rule inputs → outputs), column and order
 * changes; per expression node the expressions; nodes added or removed; changed connections. A change
 * that none of these names still gets a line: a checker is never shown "no change" for a change.
 */
export function policyDiff(before: PolicyDocument | null, after: PolicyDocument): DiffLine[] {
  const lines: DiffLine[] = [{ field: 'version', label: '策略版本（被替代 → 新）', before: before?.version ?? null, after: after.version }];
  if (!before) {
    for (const node of after.nodes) lines.push(...wholeNodeLines(node, 'after'));
    return lines;
  }
  const changes: DiffLine[] = [];
  for (const key of ['name', 'description'] as const) {
    if ((before[key] ?? null) !== (after[key] ?? null)) {
      changes.push({ field: key, label: key === 'name' ? '策略名称' : '策略说明', before: before[key] ?? null, after: after[key] ?? null });
    }
  }
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterIds = new Set(after.nodes.map((n) => n.id));
  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    changes.push(...(old ? nodeLines(old, node) : wholeNodeLines(node, 'after')));
  }
  for (const node of before.nodes) if (!afterIds.has(node.id)) changes.push(...wholeNodeLines(node, 'before'));

  const names = new Map([...before.nodes, ...after.nodes].map((n) => [n.id, n.name]));
  const edgesBefore = edgeTexts(before, names);
  const edgesAfter = edgeTexts(after, names);
  const removed = [...edgesBefore].filter((e) => !edgesAfter.has(e));
  const added = [...edgesAfter].filter((e) => !edgesBefore.has(e));
  if (removed.length > 0 || added.length > 0) {
    changes.push({ field: 'edges', label: '节点连接（删除 / 新增）', before: removed.join('\n') || null, after: added.join('\n') || null });
  }
  if (changes.length === 0 && canonicalJson({ ...before, version: '' }) !== canonicalJson({ ...after, version: '' })) {
    changes.push({ field: 'layout', label: '布局', before: '节点位置', after: '节点位置已调整（不影响规则）' });
  }
  if (changes.length === 0) changes.push({ field: 'rules', label: '规则变化', before: null, after: '与被替代版本相同，规则无变化' });
  return [...lines, ...changes];
}

// ---------- validation problems, located ----------

export interface LocatedIssue extends PolicyIssue {
  /** Where in words: "准入拒绝规则 Knock-outs · 第 2 行（knockout.AGE_OUT_OF_RANGE） · 条件 Condition". */
  location: string;
}

const NODE_PATH = /^nodes\[(\d+)\](.*)$/;
const RULE_PATH = /^\.content\.rules\[(\d+)\](?:\.(.+))?$/;
const EXPRESSION_PATH = /^\.content\.expressions\[(\d+)\]/;
const EDGE_PATH = /^edges\[(\d+)\]/;

/** Adds to each problem where it is, by node name, row and column, for people who edit tables. */
export function locateIssues(doc: unknown, issues: PolicyIssue[]): LocatedIssue[] {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { nodes?: unknown; edges?: unknown };
  const nodes = Array.isArray(d.nodes) ? (d.nodes as unknown[]) : [];
  const edges = Array.isArray(d.edges) ? (d.edges as unknown[]) : [];
  return issues.map((issue) => ({ ...issue, location: locate(issue.path, nodes, edges) }));
}

function locate(path: string, nodes: unknown[], edges: unknown[]): string {
  const n = NODE_PATH.exec(path);
  if (n) {
    const node = nodes[Number(n[1])] as { id?: unknown; name?: unknown; content?: TableContent & ExpressionContentLike } | undefined;
    const nodeName =
      typeof node?.name === 'string' && node.name ? node.name : typeof node?.id === 'string' ? node.id : `节点 ${Number(n[1]) + 1}`;
    const rest = n[2];
    const r = RULE_PATH.exec(rest);
    if (r) {
      const index = Number(r[1]);
      const rule = node?.content?.rules?.[index];
      const ruleId = typeof rule?._id === 'string' && rule._id ? `（${rule._id}）` : '';
      const parts = [nodeName, `第 ${index + 1} 行${ruleId}`];
      if (r[2] && r[2] !== '_id') {
        const cols = [...(node?.content?.inputs ?? []), ...(node?.content?.outputs ?? [])];
        const col = cols.find((c) => c?.id === r[2]);
        parts.push(col ? col.name || col.field || col.id : r[2]);
      }
      return parts.join(' · ');
    }
    const e = EXPRESSION_PATH.exec(rest);
    if (e) {
      const ex = node?.content?.expressions?.[Number(e[1])];
      return `${nodeName} · 表达式 ${typeof ex?.key === 'string' && ex.key ? ex.key : Number(e[1]) + 1}`;
    }
    return nodeName;
  }
  const ed = EDGE_PATH.exec(path);
  if (ed) {
    const edge = edges[Number(ed[1])] as { id?: unknown } | undefined;
    return `连接 ${typeof edge?.id === 'string' ? edge.id : Number(ed[1]) + 1}`;
  }
  if (path === 'version') return '版本号';
  return path === '' || path === 'nodes' || path === 'edges' ? '整个策略' : path;
}
