/**
 * Credit-policy documents (GoRules JDM graphs): the bundled default policy and the structural check run
 * on every edit the parameter manager submits, before it goes to review.
 */
import { evaluateExpressionSync, evaluateUnaryExpressionSync } from '@gorules/zen-engine';
import { AppError } from '../../kernel/errors.js';
import defaultPolicyJson from './policies/default-policy.json' with { type: 'json' };
import { isReasonCode } from './reasons.js';
import type { PolicyDocument, PolicyNodeType } from './types.js';
import { zen, zenErrorInfo } from './zen.js';

/** Keys the final graph output must carry: the engine wrapper reads exactly these. */
export const REQUIRED_OUTPUT_KEYS = [
  'decision.outcome',
  'decision.score',
  'decision.grade',
  'decision.limitYuan',
  'decision.annualRatePct',
  'decision.reasonCodes',
] as const;

export interface PolicyIssue {
  /** Where, as a JSON path: "nodes[3].content.rules[2]". */
  path: string;
  message: string;
}

const ALLOWED_NODE_TYPES: ReadonlySet<string> = new Set<PolicyNodeType>([
  'inputNode',
  'outputNode',
  'decisionTableNode',
  'expressionNode',
  'switchNode',
]);
// Function nodes run JavaScript, decision nodes load other graphs, custom nodes call host code: none of
// them can be reviewed as a table of rules, so a credit policy may not contain them.
const FORBIDDEN_NODE_TYPES: ReadonlySet<string> = new Set(['functionNode', 'decisionNode', 'customNode']);

const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_NODES = 200;
const MAX_EDGES = 1000;
const MAX_RULES = 2000;

/**
 * Checks a policy document's structure and returns it typed; throws AppError('VALIDATION_FAILED',
 * { errors: PolicyIssue[] }) listing every problem found. Checks: version, node types, unique ids, one
 * input node, edges between existing nodes, an acyclic graph in which every node lies on a path from the
 * input to an output, table and expression contents (including the syntax of every cell), the required
 * output keys, and that every reason code a table emits has a bilingual text in reasons.ts.
 */
export function validatePolicyDocument(json: unknown): PolicyDocument {
  const errors = policyIssues(json);
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
  return json as PolicyDocument;
}

/** The problems validatePolicyDocument would report, without throwing (for the editor). */
export function policyIssues(json: unknown): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < 200) issues.push({ path, message });
  };
  if (!isObject(json)) {
    add('', 'the policy must be a JSON object with version, nodes and edges');
    return issues;
  }
  if (typeof json.version !== 'string' || !VERSION_RE.test(json.version)) {
    add('version', 'version must be 1–64 letters, digits, ".", "_" or "-", e.g. "default-v2"');
  }
  if (!Array.isArray(json.nodes) || json.nodes.length === 0) {
    add('nodes', 'nodes must be a non-empty array');
    return issues;
  }
  if (json.nodes.length > MAX_NODES) add('nodes', `at most ${MAX_NODES} nodes`);
  if (!Array.isArray(json.edges)) {
    add('edges', 'edges must be an array');
    return issues;
  }
  if (json.edges.length > MAX_EDGES) add('edges', `at most ${MAX_EDGES} edges`);

  const nodes = new Map<string, { type: string; index: number; content: unknown }>();
  json.nodes.forEach((node, i) => checkNode(node, `nodes[${i}]`, i, nodes, add));
  const structureOk = issues.length === 0;

  const inputs = [...nodes].filter(([, n]) => n.type === 'inputNode');
  const outputs = [...nodes].filter(([, n]) => n.type === 'outputNode');
  if (inputs.length !== 1) add('nodes', `exactly one inputNode is required (found ${inputs.length})`);
  if (outputs.length === 0) add('nodes', 'at least one outputNode is required');

  const adjacency = checkEdges(json.edges, nodes, add);
  if (inputs.length === 1 && adjacency) checkGraphShape(inputs[0][0], nodes, adjacency, add);

  checkRequiredOutputs(json.nodes, add);
  if (issues.length > 0 || !structureOk) return issues;

  try {
    zen.createDecision(json).validate();
  } catch (e) {
    const info = zenErrorInfo(e);
    add('', `the rules engine rejects the graph: ${info.type}${info.source ? `: ${info.source}` : ''}`);
  }
  return issues;
}

let defaultPolicy: PolicyDocument | undefined;

/** The demo bank's default policy (version "default-v1"), validated and deeply frozen. */
export function loadDefaultPolicy(): PolicyDocument {
  if (!defaultPolicy) defaultPolicy = deepFreeze(validatePolicyDocument(structuredClone(defaultPolicyJson as unknown)));
  return defaultPolicy;
}

/** JSON with object keys sorted, so two equal documents give the same text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// ---------- node checks ----------

type Add = (path: string, message: string) => void;

function checkNode(
  node: unknown,
  path: string,
  index: number,
  nodes: Map<string, { type: string; index: number; content: unknown }>,
  add: Add,
): void {
  if (!isObject(node)) return add(path, 'a node must be an object');
  const { id, name, type } = node;
  if (typeof id !== 'string' || id === '') return add(`${path}.id`, 'id must be a non-empty string');
  if (nodes.has(id)) return add(`${path}.id`, `duplicate node id "${id}"`);
  if (typeof name !== 'string' || name === '') add(`${path}.name`, 'name must be a non-empty string');
  if (typeof type !== 'string' || !ALLOWED_NODE_TYPES.has(type)) {
    const why =
      typeof type === 'string' && FORBIDDEN_NODE_TYPES.has(type)
        ? `${type} is not allowed in a credit policy (it runs code or loads other graphs that cannot be reviewed as rules)`
        : `type must be one of ${[...ALLOWED_NODE_TYPES].join(', ')}`;
    add(`${path}.type`, why);
    return;
  }
  nodes.set(id, { type, index, content: node.content });
  if (type === 'decisionTableNode') checkTable(node.content, `${path}.content`, add);
  else if (type === 'expressionNode') checkExpressions(node.content, `${path}.content`, add);
  else if (type === 'switchNode') checkSwitch(node.content, `${path}.content`, add);
}

function checkTable(content: unknown, path: string, add: Add): void {
  if (!isObject(content)) return add(path, 'a decision table needs content');
  if (content.hitPolicy !== 'first' && content.hitPolicy !== 'collect') {
    add(`${path}.hitPolicy`, 'hitPolicy must be "first" or "collect"');
  }
  checkNodeOptions(content, path, add);
  const inputs = columns(content.inputs, `${path}.inputs`, false, add);
  const outputs = columns(content.outputs, `${path}.outputs`, true, add);
  if (outputs.size === 0) add(`${path}.outputs`, 'a decision table needs at least one output column');
  if (!Array.isArray(content.rules)) return add(`${path}.rules`, 'rules must be an array');
  if (content.rules.length > MAX_RULES) add(`${path}.rules`, `at most ${MAX_RULES} rules`);
  const ruleIds = new Set<string>();
  content.rules.forEach((rule, r) => {
    const rp = `${path}.rules[${r}]`;
    if (!isObject(rule)) return add(rp, 'a rule must be an object');
    if (typeof rule._id !== 'string' || rule._id === '') add(`${rp}._id`, 'every rule needs an _id');
    else if (ruleIds.has(rule._id)) add(`${rp}._id`, `duplicate rule id "${rule._id}"`);
    else ruleIds.add(rule._id);
    for (const [key, cell] of Object.entries(rule)) {
      if (key.startsWith('_')) continue; // _id, _description and other editor metadata
      const input = inputs.get(key);
      const output = outputs.get(key);
      if (!input && !output) {
        add(`${rp}.${key}`, `"${key}" is not a column of this table`);
        continue;
      }
      if (typeof cell !== 'string') {
        add(`${rp}.${key}`, 'cells must be strings (expressions)');
        continue;
      }
      if (cell.trim() === '') continue;
      const error = input ? syntaxError(input.field ? 'unary' : 'expression', cell) : syntaxError('expression', cell);
      if (error) add(`${rp}.${key}`, `syntax error in "${cell}": ${error}`);
      if (output?.field === 'code') checkReasonCodeLiteral(cell, `${rp}.${key}`, add);
    }
  });
}

function checkExpressions(content: unknown, path: string, add: Add): void {
  if (!isObject(content)) return add(path, 'an expression node needs content');
  checkNodeOptions(content, path, add);
  if (!Array.isArray(content.expressions) || content.expressions.length === 0) {
    return add(`${path}.expressions`, 'expressions must be a non-empty array');
  }
  const keys = new Set<string>();
  content.expressions.forEach((ex, i) => {
    const ep = `${path}.expressions[${i}]`;
    if (!isObject(ex)) return add(ep, 'an expression must be an object');
    if (typeof ex.id !== 'string' || ex.id === '') add(`${ep}.id`, 'id must be a non-empty string');
    if (typeof ex.key !== 'string' || ex.key.trim() === '') return add(`${ep}.key`, 'key must be a non-empty string');
    if (keys.has(ex.key)) add(`${ep}.key`, `duplicate key "${ex.key}"`);
    keys.add(ex.key);
    if (typeof ex.value !== 'string' || ex.value.trim() === '') return add(`${ep}.value`, 'value must be a non-empty expression');
    const error = syntaxError('expression', ex.value);
    if (error) add(`${ep}.value`, `syntax error in "${ex.value}": ${error}`);
  });
}

function checkSwitch(content: unknown, path: string, add: Add): void {
  if (!isObject(content) || !Array.isArray(content.statements)) return add(`${path}.statements`, 'a switch needs statements');
  content.statements.forEach((st, i) => {
    const sp = `${path}.statements[${i}]`;
    if (!isObject(st) || typeof st.id !== 'string' || st.id === '') return add(sp, 'a statement needs an id');
    if (st.condition !== undefined && typeof st.condition !== 'string') return add(`${sp}.condition`, 'condition must be a string');
    if (typeof st.condition === 'string' && st.condition.trim() !== '') {
      const error = syntaxError('expression', st.condition);
      if (error) add(`${sp}.condition`, `syntax error in "${st.condition}": ${error}`);
    }
  });
}

function checkNodeOptions(content: Record<string, unknown>, path: string, add: Add): void {
  for (const key of ['inputField', 'outputPath'] as const) {
    const v = content[key];
    if (v !== undefined && v !== null && typeof v !== 'string') add(`${path}.${key}`, `${key} must be a string or null`);
  }
  if (content.executionMode !== undefined && content.executionMode !== 'single' && content.executionMode !== 'loop') {
    add(`${path}.executionMode`, 'executionMode must be "single" or "loop"');
  }
  if (content.passThrough !== undefined && typeof content.passThrough !== 'boolean') {
    add(`${path}.passThrough`, 'passThrough must be true or false');
  }
}

function columns(value: unknown, path: string, needField: boolean, add: Add): Map<string, { field?: string }> {
  const out = new Map<string, { field?: string }>();
  if (!Array.isArray(value)) {
    add(path, 'columns must be an array');
    return out;
  }
  value.forEach((col, i) => {
    const cp = `${path}[${i}]`;
    if (!isObject(col) || typeof col.id !== 'string' || col.id === '') return add(cp, 'a column needs an id');
    if (out.has(col.id)) return add(`${cp}.id`, `duplicate column id "${col.id}"`);
    const field = typeof col.field === 'string' && col.field.trim() !== '' ? col.field : undefined;
    if (col.field !== undefined && col.field !== null && typeof col.field !== 'string') add(`${cp}.field`, 'field must be a string');
    if (needField && !field) add(`${cp}.field`, 'an output column needs a field name');
    out.set(col.id, { field });
  });
  return out;
}

/** A literal reason code ("\"OUT_OF_REGION\"") must have a bilingual text; computed codes are checked at run time. */
function checkReasonCodeLiteral(cell: string, path: string, add: Add): void {
  const m = /^\s*"([^"]*)"\s*$/.exec(cell) ?? /^\s*'([^']*)'\s*$/.exec(cell);
  if (m && !isReasonCode(m[1])) add(path, `reason code "${m[1]}" has no text in the reason table (reasons.ts)`);
}

/** The parse error of a cell or expression, or null when it parses (runtime type errors do not count). */
function syntaxError(kind: 'unary' | 'expression', source: string): string | null {
  try {
    if (kind === 'unary') evaluateUnaryExpressionSync(source, { $: null });
    else evaluateExpressionSync(source, {});
    return null;
  } catch (e) {
    const info = zenErrorInfo(e);
    return info.type === 'vmError' ? null : `${info.type}: ${info.source}`;
  }
}

// ---------- edges and graph ----------

function checkEdges(
  edges: unknown[],
  nodes: Map<string, { type: string; index: number; content: unknown }>,
  add: Add,
): Map<string, string[]> | null {
  const adjacency = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  const ids = new Set<string>();
  let ok = true;
  edges.forEach((edge, i) => {
    const ep = `edges[${i}]`;
    if (!isObject(edge)) {
      ok = false;
      return add(ep, 'an edge must be an object');
    }
    const { id, sourceId, targetId, sourceHandle } = edge;
    if (typeof id !== 'string' || id === '') add(`${ep}.id`, 'id must be a non-empty string');
    else if (ids.has(id)) add(`${ep}.id`, `duplicate edge id "${id}"`);
    else ids.add(id);
    const source = typeof sourceId === 'string' ? nodes.get(sourceId) : undefined;
    const target = typeof targetId === 'string' ? nodes.get(targetId) : undefined;
    if (!source) add(`${ep}.sourceId`, `no node "${String(sourceId)}"`);
    if (!target) add(`${ep}.targetId`, `no node "${String(targetId)}"`);
    if (!source || !target) {
      ok = false;
      return;
    }
    if (sourceId === targetId) add(ep, 'an edge cannot connect a node to itself');
    if (source.type === 'outputNode') add(`${ep}.sourceId`, 'an output node has no outgoing edges');
    if (target.type === 'inputNode') add(`${ep}.targetId`, 'the input node has no incoming edges');
    if (sourceHandle !== undefined && sourceHandle !== null) {
      const statements = isObject(source.content) && Array.isArray(source.content.statements) ? source.content.statements : [];
      const known = source.type === 'switchNode' && statements.some((s) => isObject(s) && s.id === sourceHandle);
      if (!known) add(`${ep}.sourceHandle`, `"${String(sourceHandle)}" is not a statement of a switch node`);
    }
    adjacency.get(sourceId as string)!.push(targetId as string);
  });
  return ok ? adjacency : null;
}

function checkGraphShape(
  inputId: string,
  nodes: Map<string, { type: string; index: number; content: unknown }>,
  adjacency: Map<string, string[]>,
  add: Add,
): void {
  // Kahn's algorithm: whatever is left with incoming edges lies on a cycle.
  const indegree = new Map<string, number>([...nodes.keys()].map((id) => [id, 0]));
  for (const targets of adjacency.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  let visited = 0;
  while (queue.length > 0) {
    const id = queue.pop()!;
    visited += 1;
    for (const t of adjacency.get(id)!) {
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }
  if (visited < nodes.size) {
    const onCycle = [...indegree].filter(([, d]) => d > 0).map(([id]) => id);
    add('edges', `the graph has a cycle through ${onCycle.join(', ')}`);
    return;
  }
  const reachable = walk([inputId], adjacency);
  const reverse = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const [s, targets] of adjacency) for (const t of targets) reverse.get(t)!.push(s);
  const reachesOutput = walk(
    [...nodes].filter(([, n]) => n.type === 'outputNode').map(([id]) => id),
    reverse,
  );
  for (const [id, n] of nodes) {
    if (!reachable.has(id)) add(`nodes[${n.index}]`, `node "${id}" cannot be reached from the input node`);
    else if (!reachesOutput.has(id)) add(`nodes[${n.index}]`, `node "${id}" does not lead to an output node`);
  }
}

function walk(starts: string[], adjacency: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const stack = [...starts];
  while (stack.length > 0) {
    for (const next of adjacency.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

function checkRequiredOutputs(nodes: unknown[], add: Add): void {
  const produced = new Set<string>();
  for (const node of nodes) {
    if (!isObject(node) || !isObject(node.content)) continue;
    const prefix = typeof node.content.outputPath === 'string' && node.content.outputPath ? `${node.content.outputPath}.` : '';
    if (node.type === 'expressionNode' && Array.isArray(node.content.expressions)) {
      for (const ex of node.content.expressions) if (isObject(ex) && typeof ex.key === 'string') produced.add(prefix + ex.key);
    }
    if (node.type === 'decisionTableNode' && node.content.hitPolicy === 'first' && Array.isArray(node.content.outputs)) {
      for (const col of node.content.outputs) if (isObject(col) && typeof col.field === 'string') produced.add(prefix + col.field);
    }
  }
  const missing = REQUIRED_OUTPUT_KEYS.filter((k) => !produced.has(k));
  if (missing.length > 0) add('nodes', `no node produces the required output ${missing.join(', ')}`);
}

// ---------- helpers ----------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
