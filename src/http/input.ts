/**
 * What the HTTP shell accepts as input, for every route at once:
 *
 * - Request bodies are strict. A key the body schema does not name is refused with 400
 *   VALIDATION_FAILED naming it, instead of being silently dropped — a body such as
 *   {"x":"garbage"} must never pass as an empty command. `strictInput` turns a route's body
 *   schema into the same schema with every object (also nested, in arrays, unions, optionals…)
 *   strict; an object the schema itself declares open (passthrough/loose/catchall) stays open.
 * - No string carries control characters. NUL and the other C0 controls (U+0000–U+001F) and DEL
 *   (U+007F) are refused in path parameters and the query string, and in object keys anywhere.
 *   In body strings the three whitespace controls TAB, LF and CR are allowed — comments, notes
 *   and addresses are typed into multi-line text areas — every other C0 control and DEL is
 *   refused. Per-field schemas (codes, names, dates, amounts) are narrower still.
 */
import { z } from 'zod';

type AnySchema = z.core.$ZodType;

const strictCache = new WeakMap<AnySchema, AnySchema>();

/** The schema with every object in it strict (unknown keys refused), except objects declared open. */
export function strictInput<T extends AnySchema>(schema: T): T {
  return strict(schema) as T;
}

function strict(schema: AnySchema): AnySchema {
  if (!schema || typeof schema !== 'object' || !('_zod' in schema)) return schema;
  const cached = strictCache.get(schema);
  if (cached) return cached;
  const out = rebuild(schema);
  strictCache.set(schema, out);
  return out;
}

function rebuild(schema: AnySchema): AnySchema {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const { clone, mergeDefs } = z.core.util;
  const withDef = (patch: Record<string, unknown>) => clone(schema, mergeDefs(def, patch) as never);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const newShape: Record<string, AnySchema> = {};
      for (const [k, v] of Object.entries(shape)) newShape[k] = strict(v);
      // catchall undefined = "strip" (the default): make it strict; an explicit catchall stays.
      const catchall = def.catchall === undefined ? z.never() : strict(def.catchall as AnySchema);
      return withDef({ shape: newShape, catchall });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return withDef({ innerType: strict(def.innerType as AnySchema) });
    case 'array':
      return withDef({ element: strict(def.element as AnySchema) });
    case 'set':
      return withDef({ valueType: strict(def.valueType as AnySchema) });
    case 'record':
    case 'map':
      return withDef({ valueType: strict(def.valueType as AnySchema) });
    case 'tuple':
      return withDef({
        items: (def.items as AnySchema[]).map(strict),
        rest: def.rest ? strict(def.rest as AnySchema) : def.rest,
      });
    case 'union':
      return withDef({ options: (def.options as AnySchema[]).map(strict) });
    case 'intersection':
      // zod reports an unknown key of an intersection only when both sides refuse it
      return withDef({ left: strict(def.left as AnySchema), right: strict(def.right as AnySchema) });
    case 'pipe': {
      // the input side sees the request; after a preprocessing transform the output side does too
      const inner = def.in as AnySchema;
      const preprocess = (inner._zod.def as { type: string }).type === 'transform';
      return withDef({ in: strict(inner), out: preprocess ? strict(def.out as AnySchema) : def.out });
    }
    default:
      return schema;
  }
}

/** A control character a string of this part may not carry, or null. */
// eslint-disable-next-line no-control-regex
const CONTROL_STRICT = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface InputProblem {
  field: string;
  message: string;
}

function describe(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first string (or key) in `value` holding a forbidden control character, as a problem naming
 * the field (`body.items.0.name`, `params.id`, `querystring.q`); null when there is none.
 * Byte payloads (uploads) are not text and are not looked into.
 */
export function controlCharacterProblem(part: 'body' | 'params' | 'querystring', value: unknown): InputProblem | null {
  const forValues = part === 'body' ? CONTROL_TEXT : CONTROL_STRICT;
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string[]): InputProblem | null => {
    if (typeof v === 'string') {
      const m = forValues.exec(v);
      return m
        ? { field: [part, ...path].join('.'), message: `contains a control character (${describe(m[0])}), which is not allowed` }
        : null;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v) || ArrayBuffer.isView(v) || seen.has(v)) return null;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], [...path, String(i)]);
        if (p) return p;
      }
      return null;
    }
    for (const [k, item] of Object.entries(v)) {
      const m = CONTROL_STRICT.exec(k);
      if (m) {
        return {
          field: [part, ...path, JSON.stringify(k).slice(1, -1)].join('.'),
          message: `the field name contains a control character (${describe(m[0])}), which is not allowed`,
        };
      }
      const p = walk(item, [...path, k]);
      if (p) return p;
    }
    return null;
  };
  return walk(value, []);
}
