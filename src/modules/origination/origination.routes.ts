/** HTTP routes of origination: thin — schema, permission, one command call. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { commandContext, CUSTOMER_COOKIE, requireCustomer } from '../../http/server.js';
import { AppError } from '../../kernel/errors.js';
import { outstandingPrincipalForLine } from '../loans/index.js';
import {
  decideReferral,
  getApplication,
  listApplications,
  requestManualReview,
  submitApplication,
  type ApplicationInput,
} from './applications.service.js';
import { describeEntry, issuePreCreditCard, listPreCreditCards, officerQr } from './codes.service.js';
import { CONSENT_KINDS, CONSENT_TEXTS } from './consents.js';
import { listServiceEvents, recordOfficerEvent } from './events.service.js';
import { drawdown, getCreditLine, listCreditLines, releasePledge, requestUnfreeze, setLineFrozen, type DrawdownInput } from './lines.service.js';
import {
  closeCustomerSession,
  confirmGuaranteeWithOtp,
  guaranteeInvitation,
  openCustomerSession,
  portalCertificates,
  portalOverview,
  requestGuarantorOtp,
  requestIdentityOtp,
} from './portal.service.js';
import { identityRateLimit, OTP_PER_IDENTITY_PER_HOUR, SESSIONS_PER_IDENTITY_PER_HOUR } from './portal.limits.js';

const METHODS = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'] as const;
const CHANNELS = ['SELF_SERVICE', 'OFFICER_ASSISTED', 'OFFICER_QR', 'PRE_CREDIT_CARD', 'REFERRAL'] as const;
const idParam = z.object({ id: z.coerce.number().int().positive() });
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const identity = z.object({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(1).max(30),
  mobile: z.string().trim().min(1).max(20),
});
const yuanString = z.string().trim().min(1).max(24);

export async function originationRoutes(app: FastifyInstance) {
  const ctx = app.hn;

  // ----- customer identity (mobile page) -----
  app.get(
    '/api/v1/portal/consents',
    { config: { permission: 'public' }, schema: { tags: ['portal'], summary: '授权书文本 (consent texts)' } },
    async (req) => ({
      items: CONSENT_KINDS.map((k) => ({
        kind: k,
        version: CONSENT_TEXTS[k].version,
        title: req.lang === 'en' ? CONSENT_TEXTS[k].titleEn : CONSENT_TEXTS[k].titleZh,
        text: CONSENT_TEXTS[k].textZh,
      })),
    }),
  );

  app.get(
    '/api/v1/portal/entry',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['portal'],
        summary: '扫码/链接入口信息 (what a QR code or link says)',
        querystring: z.object({ officer: z.string().max(40).optional(), ref: z.string().max(40).optional(), card: z.string().max(40).optional() }),
      },
    },
    async (req) => describeEntry(ctx, req.query as { officer?: string; ref?: string; card?: string }),
  );

  app.post(
    '/api/v1/portal/otp',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      preHandler: identityRateLimit(app, OTP_PER_IDENTITY_PER_HOUR),
      schema: { tags: ['portal'], summary: '获取短信验证码 (one-time code)', body: identity },
    },
    async (req) => requestIdentityOtp(ctx, commandContext(req), req.body as z.infer<typeof identity>),
  );

  app.post(
    '/api/v1/portal/sessions',
    {
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      preHandler: identityRateLimit(app, SESSIONS_PER_IDENTITY_PER_HOUR),
      schema: {
        tags: ['portal'],
        summary: '验证身份并登录 (identify with the one-time code)',
        body: identity.extend({
          challengeId: z.string().min(1).max(100),
          code: z.string().trim().regex(/^\d{6}$/, '6 digits'),
          officerCode: z.string().max(40).nullish(),
          referralCode: z.string().max(40).nullish(),
          cardCode: z.string().max(40).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const r = await openCustomerSession(ctx, commandContext(req), req.body as Parameters<typeof openCustomerSession>[2]);
      reply.setCookie(CUSTOMER_COOKIE, r.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        expires: r.expiresAt,
      });
      return { token: r.token, expiresAt: r.expiresAt.toISOString(), customer: r.customer };
    },
  );

  app.get('/api/v1/portal/me', { config: { permission: 'customer' }, schema: { tags: ['portal'] } }, async (req) =>
    portalOverview(ctx, requireCustomer(req).customerId),
  );

  app.post('/api/v1/portal/logout', { config: { permission: 'customer' }, schema: { tags: ['portal'] } }, async (req, reply) => {
    const h = req.headers.authorization;
    const token = h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : (req.cookies?.[CUSTOMER_COOKIE] ?? null);
    await closeCustomerSession(ctx.db, token);
    reply.clearCookie(CUSTOMER_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/portal/certificates', { config: { permission: 'customer' }, schema: { tags: ['portal'] } }, async (req) =>
    portalCertificates(ctx, requireCustomer(req).customerId),
  );

  const tokenParam = z.object({ token: z.string().min(10).max(100) });
  app.get(
    '/api/v1/portal/guarantees/:token',
    { config: { permission: 'public' }, schema: { tags: ['portal'], summary: '担保邀请 (guarantee invitation)', params: tokenParam } },
    async (req) => guaranteeInvitation(ctx, (req.params as { token: string }).token),
  );
  app.post(
    '/api/v1/portal/guarantees/:token/otp',
    { config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { tags: ['portal'], params: tokenParam, body: identity } },
    async (req) => requestGuarantorOtp(ctx, commandContext(req), (req.params as { token: string }).token, req.body as z.infer<typeof identity>),
  );
  app.post(
    '/api/v1/portal/guarantees/:token/confirm',
    {
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: '担保人确认连带责任保证 (guarantor confirms)',
        params: tokenParam,
        body: z.object({
          challengeId: z.string().min(1).max(100),
          code: z.string().trim().regex(/^\d{6}$/),
          idNumber: z.string().trim().min(1).max(30),
          agree: z.boolean(),
        }),
      },
    },
    async (req) =>
      confirmGuaranteeWithOtp(ctx, commandContext(req), (req.params as { token: string }).token, req.body as Parameters<typeof confirmGuaranteeWithOtp>[3]),
  );

  // ----- applications -----
  app.post(
    '/api/v1/applications',
    {
      config: { permission: 'application:create', customerAccess: true },
      schema: {
        tags: ['origination'],
        summary: '提交贷款申请并自动决策 (apply; automated decision)',
        body: z.object({
          productCode: z.string().min(1).max(40),
          channel: z.enum(CHANNELS),
          applicant: identity
            .extend({ occupation: z.string().max(40).nullish(), monthlyIncome: yuanString.nullish() })
            .optional(),
          requestedAmount: yuanString,
          termMonths: z.number().int(),
          repaymentMethod: z.enum(METHODS),
          consents: z.object({
            creditInquiry: z.boolean().default(false),
            automatedDecision: z.boolean().default(false),
            personalInformation: z.boolean().default(false),
          }).default({ creditInquiry: false, automatedDecision: false, personalInformation: false }),
          guarantor: identity.nullish(),
          pledgeCdNos: z.array(z.string().max(40)).max(20).nullish(),
          officerCode: z.string().max(40).nullish(),
          referralCode: z.string().max(40).nullish(),
          cardCode: z.string().max(40).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const r = await submitApplication(ctx, commandContext(req), req.body as ApplicationInput);
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/applications',
    {
      config: { permission: 'application:read' },
      schema: {
        tags: ['origination'],
        querystring: z.object({ ...page, status: z.string().max(30).optional(), productCode: z.string().max(40).optional() }),
      },
    },
    async (req) => listApplications(ctx.db, commandContext(req), req.query as Parameters<typeof listApplications>[2]),
  );

  app.get(
    '/api/v1/applications/:id',
    { config: { permission: 'application:read', customerAccess: true }, schema: { tags: ['origination'], params: idParam } },
    async (req) => getApplication(ctx.db, commandContext(req), (req.params as { id: number }).id),
  );

  app.get(
    '/api/v1/referrals',
    {
      config: { permission: 'application:decide' },
      schema: { tags: ['origination'], summary: '人工审批队列 (referral queue)', querystring: z.object(page) },
    },
    async (req) => listApplications(ctx.db, commandContext(req), { ...(req.query as { page: number; pageSize: number }), referralsOnly: true }),
  );

  app.post(
    '/api/v1/applications/:id/decision',
    {
      config: { permission: 'application:decide' },
      schema: {
        tags: ['origination'],
        summary: '人工审批 (approver decides a referred case)',
        params: idParam,
        body: z.object({
          outcome: z.enum(['APPROVE', 'DECLINE']),
          limit: yuanString.nullish(),
          annualRatePct: z.string().max(12).nullish(),
          comment: z.string().max(500),
        }),
      },
    },
    async (req) => decideReferral(ctx, commandContext(req), (req.params as { id: number }).id, req.body as Parameters<typeof decideReferral>[3]),
  );

  app.post(
    '/api/v1/applications/:id/manual-review',
    {
      config: { permission: 'application:create', customerAccess: true },
      schema: { tags: ['origination'], summary: '申请人工复核 (ask a person to look again)', params: idParam, body: z.object({ reason: z.string().max(500).default('') }) },
    },
    async (req) => requestManualReview(ctx, commandContext(req), (req.params as { id: number }).id, (req.body as { reason: string }).reason),
  );

  // ----- credit lines and drawdowns -----
  app.get(
    '/api/v1/credit-lines',
    {
      config: { permission: 'credit-line:read' },
      schema: {
        tags: ['origination'],
        querystring: z.object({ ...page, customerId: z.coerce.number().int().positive().optional(), status: z.string().max(20).optional() }),
      },
    },
    async (req) => listCreditLines(ctx.db, commandContext(req), req.query as Parameters<typeof listCreditLines>[2]),
  );

  app.get(
    '/api/v1/credit-lines/:id',
    { config: { permission: 'credit-line:read', customerAccess: true }, schema: { tags: ['origination'], params: idParam } },
    async (req) => getCreditLine(ctx.db, commandContext(req), (req.params as { id: number }).id),
  );

  const reasonBody = z.object({ reason: z.string().trim().min(1).max(300) });
  app.post(
    '/api/v1/credit-lines/:id/freeze',
    {
      config: { permission: 'credit-line:manage' },
      schema: { tags: ['origination'], summary: '冻结授信额度（立即生效）(freeze a line at once)', params: idParam, body: reasonBody },
    },
    async (req) => setLineFrozen(ctx, commandContext(req), (req.params as { id: number }).id, true, (req.body as { reason: string }).reason),
  );
  app.post(
    '/api/v1/credit-lines/:id/unfreeze',
    {
      config: { permission: 'credit-line:manage' },
      schema: {
        tags: ['origination'],
        summary: '申请解冻授信额度（另一人复核后生效）(ask for a line to be unfrozen; a second person applies it)',
        params: idParam,
        body: reasonBody,
      },
    },
    async (req, reply) =>
      reply.status(202).send(await requestUnfreeze(ctx, commandContext(req), (req.params as { id: number }).id, (req.body as { reason: string }).reason)),
  );

  app.post(
    '/api/v1/credit-lines/:id/release-pledge',
    { config: { permission: 'credit-line:manage' }, schema: { tags: ['origination'], summary: '解除存单质押 (release pledged CDs)', params: idParam } },
    async (req) => releasePledge(ctx, commandContext(req), (req.params as { id: number }).id, outstandingPrincipalForLine),
  );

  app.post(
    '/api/v1/credit-lines/:id/drawdowns',
    {
      config: { permission: 'drawdown:create', customerAccess: true },
      schema: {
        tags: ['origination'],
        summary: '用信放款（须 Idempotency-Key） (draw and disburse; Idempotency-Key required)',
        params: idParam,
        body: z.object({
          amount: yuanString,
          termMonths: z.number().int().nullish(),
          termDays: z.number().int().nullish(),
          repaymentMethod: z.enum(METHODS),
          repaymentDay: z.number().int().min(1).max(28).nullish(),
        }),
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key.trim()) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const body = req.body as DrawdownInput & { termMonths?: number | null; termDays?: number | null; repaymentDay?: number | null };
      const { result, replayed } = await drawdown(ctx, commandContext(req), (req.params as { id: number }).id, key, {
        amount: body.amount,
        termMonths: body.termMonths ?? undefined,
        termDays: body.termDays ?? undefined,
        repaymentMethod: body.repaymentMethod,
        repaymentDay: body.repaymentDay ?? undefined,
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result);
    },
  );

  // ----- officers, cards, 543 events -----
  app.get(
    '/api/v1/officers/me/qr',
    { config: { permission: 'application:create' }, schema: { tags: ['origination'], summary: '客户经理二维码 (officer QR code)' } },
    async (req) => officerQr(ctx, commandContext(req)),
  );

  app.post(
    '/api/v1/pre-credit-cards',
    {
      config: { permission: 'application:create' },
      schema: {
        tags: ['origination'],
        summary: '发放预授信卡 (issue a pre-credit card)',
        body: z.object({
          name: z.string().trim().min(1).max(50),
          idNumber: z.string().trim().min(1).max(30),
          productCode: z.string().max(40),
          limit: yuanString,
          validUntil: z.string().max(10),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await issuePreCreditCard(ctx, commandContext(req), req.body as Parameters<typeof issuePreCreditCard>[2])),
  );

  app.get(
    '/api/v1/pre-credit-cards',
    { config: { permission: 'application:read' }, schema: { tags: ['origination'], querystring: z.object(page) } },
    async (req) => listPreCreditCards(ctx.db, commandContext(req), req.query as { page: number; pageSize: number }),
  );

  app.post(
    '/api/v1/service-events',
    {
      config: { permission: 'application:create' },
      schema: {
        tags: ['origination'],
        summary: '记录 543 服务事件：锁定客户、推荐产品 (record lock / recommend)',
        body: z.object({ customerId: z.number().int().positive(), kind: z.enum(['LOCK', 'RECOMMEND']), productCode: z.string().max(40).nullish() }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordOfficerEvent(ctx, commandContext(req), req.body as Parameters<typeof recordOfficerEvent>[2])),
  );

  app.get(
    '/api/v1/service-events',
    {
      config: { permission: 'service-event:read' },
      schema: {
        tags: ['origination'],
        querystring: z.object({ ...page, officerId: z.coerce.number().int().positive().optional(), customerId: z.coerce.number().int().positive().optional() }),
      },
    },
    async (req) => listServiceEvents(ctx.db, commandContext(req), req.query as Parameters<typeof listServiceEvents>[2]),
  );
}
