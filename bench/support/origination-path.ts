/**
 * The path one arrival of the origination benchmark takes, shared by the benchmark process and its API
 * worker processes (`--processes`): a fresh applicant's application, then a drawdown on the line it
 * opened, through the HTTP layer in-process (`server.inject`).
 */
import type { FastifyInstance } from 'fastify';

export interface Applicant {
  index: number;
  payload: Record<string, unknown>;
  requestedYuan: number;
}

export interface ArrivalResult {
  ok: boolean;
  /** Why it failed, e.g. "application 201 DECLINED" or "drawdown 409 CREDIT_LINE_NOT_ACTIVE". */
  failure?: string;
  applicationId?: number;
  applicationMs: number;
  drawdownMs: number;
}

export async function arrival(server: FastifyInstance, token: string, a: Applicant, runTag: string): Promise<ArrivalResult> {
  const headers = { authorization: `Bearer ${token}` };
  const t0 = performance.now();
  const res = await server.inject({ method: 'POST', url: '/api/v1/applications', payload: a.payload, headers });
  const t1 = performance.now();
  const body = res.json() as { id?: number; status?: string; code?: string; creditLineId?: number | null; decision?: { limit: string } };
  if (res.statusCode !== 201 || body.status !== 'APPROVED' || !body.creditLineId) {
    return {
      ok: false,
      failure: `application ${res.statusCode} ${body.status ?? body.code ?? ''}`.trim(),
      applicationId: body.id,
      applicationMs: t1 - t0,
      drawdownMs: 0,
    };
  }
  const dd = await drawdown(server, token, a, runTag, body.creditLineId, body.decision?.limit);
  const t2 = performance.now();
  if (dd.statusCode !== 201) {
    const code = (dd.json() as { code?: string }).code ?? '';
    return {
      ok: false,
      failure: `drawdown ${dd.statusCode} ${code}`.trim(),
      applicationId: body.id,
      applicationMs: t1 - t0,
      drawdownMs: t2 - t1,
    };
  }
  return { ok: true, applicationId: body.id, applicationMs: t1 - t0, drawdownMs: t2 - t1 };
}

/** The arrival's drawdown on its new line: what it asked for, at most the approved limit, 12 months. */
export function drawdown(
  server: FastifyInstance,
  token: string,
  a: Applicant,
  runTag: string,
  creditLineId: number,
  limit: string | undefined,
) {
  const amount = Math.min(a.requestedYuan, Math.floor(Number(limit ?? 0)));
  return server.inject({
    method: 'POST',
    url: `/api/v1/credit-lines/${creditLineId}/drawdowns`,
    payload: { amount: `${amount}.00`, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${runTag}-${a.index}` },
  });
}
