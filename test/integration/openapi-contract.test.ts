/**
 * Every route of the API says what it answers: in the OpenAPI document (/docs/json) each path and
 * method declares a success (2xx) response with a schema, so the web apps and other clients read
 * the shape from the contract instead of guessing it. A 204 declares no content by definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** True when the operation declares a 2xx answer with a body schema, or a 204. */
function declaresSuccess(op: Operation): boolean {
  return Object.entries(op.responses ?? {}).some(([status, answer]) => {
    if (!/^2\d\d$/.test(status)) return false;
    if (status === '204') return true;
    return Object.values(answer.content ?? {}).some((media) => media.schema !== undefined);
  });
}

// The document does not depend on the database engine: PGlite alone builds it.
describe('OpenAPI contract', () => {
  let app: HuinongApp;
  let doc: Document;

  beforeAll(async () => {
    app = await createTestApp('pglite');
    doc = (await app.server.inject({ method: 'GET', url: '/docs/json' })).json() as Document;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists the API', () => {
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/')).length).toBeGreaterThan(50);
  });

  it('declares a 2xx response with a schema on every path and method', () => {
    const offenders: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (METHODS.has(method) && !declaresSuccess(op)) offenders.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(offenders, `routes without a declared 2xx response schema:\n${offenders.join('\n')}`).toEqual([]);
  });
});
