/** HTTP routes of origination: thin — schema, permission, one command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext, CUSTOMER_COOKIE, requireCustomer } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx } from '../../http/export.js';
import { AppError } from '../../kernel/errors.js';
import { outstandingPrincipalForLine } from '../loans/index.js';
import { decideReferral, getApplication, listApplications, requestManualReview, submitApplication } from './applications.service.js';
import { describeEntry, issuePreCreditCard, listPreCreditCards, officerQr } from './codes.service.js';
import { CONSENT_KINDS, CONSENT_TEXTS } from './consents.js';
import { listServiceEvents, recordOfficerEvent } from './events.service.js';
import { drawdown, getCreditLine, listCreditLines, releasePledge, requestUnfreeze, setLineFrozen } from './lines.service.js';
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
import * as c from './origination.contract.js';
import { APPLICATION_EXPORT_COLUMNS, CREDIT_LINE_EXPORT_COLUMNS, REFERRAL_EXPORT_COLUMNS } from './origination.exports.js';
import { pageQuery } from '../../kernel/contract.js';

export async function originationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = fastify.hn;

  // ----- customer identity (mobile page) -----
  app.get(
    '/api/v1/portal/consents',
    {
      config: { permission: 'public' },
      schema: { tags: ['portal'], summary: '授权书文本 (consent texts)', response: { 200: c.consentsView } },
    },
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
        querystring: c.entryQuery,
        response: { 200: c.entryView },
      },
    },
    async (req) => describeEntry(ctx, req.query),
  );

  app.post(
    '/api/v1/portal/otp',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      preHandler: identityRateLimit(app, OTP_PER_IDENTITY_PER_HOUR),
      schema: { tags: ['portal'], summary: '获取短信验证码 (one-time code)', body: c.otpRequest, response: { 200: c.otpChallenge } },
    },
    async (req) => requestIdentityOtp(ctx, commandContext(req), req.body),
  );

  app.post(
    '/api/v1/portal/sessions',
    {
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      preHandler: identityRateLimit(app, SESSIONS_PER_IDENTITY_PER_HOUR),
      schema: {
        tags: ['portal'],
        summary: '验证身份并登录 (identify with the one-time code)',
        body: c.sessionRequest,
        response: { 200: c.sessionView },
      },
    },
    async (req, reply) => {
      const r = await openCustomerSession(ctx, commandContext(req), req.body);
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

  app.get(
    '/api/v1/portal/me',
    { config: { permission: 'customer' }, schema: { tags: ['portal'], response: { 200: c.portalOverview } } },
    async (req) => portalOverview(ctx, requireCustomer(req).customerId),
  );

  app.post(
    '/api/v1/portal/logout',
    { config: { permission: 'customer' }, schema: { tags: ['portal'], response: { 204: z.null() } } },
    async (req, reply) => {
      const h = req.headers.authorization;
      const token = h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : (req.cookies?.[CUSTOMER_COOKIE] ?? null);
      await closeCustomerSession(ctx.db, token);
      reply.clearCookie(CUSTOMER_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/portal/certificates',
    { config: { permission: 'customer' }, schema: { tags: ['portal'], response: { 200: c.portalCertificates } } },
    async (req) => portalCertificates(ctx, requireCustomer(req).customerId),
  );

  app.get(
    '/api/v1/portal/guarantees/:token',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['portal'],
        summary: '担保邀请 (guarantee invitation)',
        params: c.tokenParams,
        response: { 200: c.guaranteeInvitation },
      },
    },
    async (req) => guaranteeInvitation(ctx, req.params.token),
  );
  app.post(
    '/api/v1/portal/guarantees/:token/otp',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['portal'], params: c.tokenParams, body: c.otpRequest, response: { 200: c.otpChallenge } },
    },
    async (req) => requestGuarantorOtp(ctx, commandContext(req), req.params.token, req.body),
  );
  app.post(
    '/api/v1/portal/guarantees/:token/confirm',
    {
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: '担保人确认连带责任保证 (guarantor confirms)',
        params: c.tokenParams,
        body: c.guaranteeConfirmRequest,
        response: { 200: c.guaranteeConfirmed },
      },
    },
    async (req) => confirmGuaranteeWithOtp(ctx, commandContext(req), req.params.token, req.body),
  );

  // ----- applications -----
  app.post(
    '/api/v1/applications',
    {
      config: { permission: 'application:create', customerAccess: true },
      schema: {
        tags: ['origination'],
        summary: '提交贷款申请并自动决策 (apply; automated decision)',
        body: c.applicationRequest,
        response: { 201: c.applicationResult },
      },
    },
    async (req, reply) => {
      const r = await submitApplication(ctx, commandContext(req), req.body);
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/applications',
    {
      config: { permission: 'application:read' },
      schema: {
        tags: ['origination'],
        summary: '贷款申请列表（按数据权限）(applications in your data scope)',
        description: 'format=xlsx: every application under the same filters and scope as an Excel workbook (masked, Chinese headers).',
        querystring: c.applicationListQuery.extend(exportQuery),
        response: { 200: c.applicationPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const cmd = commandContext(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '贷款申请',
          columns: APPLICATION_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listApplications(ctx.db, cmd, { ...query, page, pageSize }),
        });
      }
      return listApplications(ctx.db, cmd, query);
    },
  );

  app.get(
    '/api/v1/applications/:id',
    {
      config: { permission: 'application:read', customerAccess: true },
      schema: { tags: ['origination'], params: c.idParams, response: { 200: c.applicationDetail } },
    },
    async (req) => getApplication(ctx.db, commandContext(req), req.params.id),
  );

  app.get(
    '/api/v1/referrals',
    {
      config: { permission: 'application:decide' },
      schema: {
        tags: ['origination'],
        summary: '人工审批队列 (referral queue)',
        description: 'format=xlsx: the whole queue under the same filters as an Excel workbook (masked, Chinese headers).',
        querystring: c.referralListQuery.extend(exportQuery),
        response: { 200: c.applicationPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const cmd = commandContext(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '人工审批',
          columns: REFERRAL_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listApplications(ctx.db, cmd, { ...query, page, pageSize, referralsOnly: true }),
        });
      }
      return listApplications(ctx.db, cmd, { ...query, referralsOnly: true });
    },
  );

  app.post(
    '/api/v1/applications/:id/decision',
    {
      config: { permission: 'application:decide' },
      schema: {
        tags: ['origination'],
        summary: '人工审批 (approver decides a referred case)',
        params: c.idParams,
        body: c.referralDecisionRequest,
        response: { 200: c.applicationDetail },
      },
    },
    async (req) => decideReferral(ctx, commandContext(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/applications/:id/manual-review',
    {
      config: { permission: 'application:create', customerAccess: true },
      schema: {
        tags: ['origination'],
        summary: '申请人工复核 (ask a person to look again)',
        params: c.idParams,
        body: c.manualReviewRequest,
        response: { 200: c.applicationDetail },
      },
    },
    async (req) => requestManualReview(ctx, commandContext(req), req.params.id, req.body.reason),
  );

  // ----- credit lines and drawdowns -----
  app.get(
    '/api/v1/credit-lines',
    {
      config: { permission: 'credit-line:read' },
      schema: {
        tags: ['origination'],
        summary: '授信额度列表（按数据权限）(credit lines in your data scope)',
        description: 'format=xlsx: every credit line under the same filters and scope as an Excel workbook (masked, Chinese headers).',
        querystring: c.creditLineListQuery.extend(exportQuery),
        response: { 200: c.creditLinePage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const cmd = commandContext(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '授信额度',
          columns: CREDIT_LINE_EXPORT_COLUMNS,
          fetchPage: (page, pageSize) => listCreditLines(ctx.db, cmd, { ...query, page, pageSize }),
        });
      }
      return listCreditLines(ctx.db, cmd, query);
    },
  );

  app.get(
    '/api/v1/credit-lines/:id',
    {
      config: { permission: 'credit-line:read', customerAccess: true },
      schema: { tags: ['origination'], params: c.idParams, response: { 200: c.creditLineDetail } },
    },
    async (req) => getCreditLine(ctx.db, commandContext(req), req.params.id),
  );

  app.post(
    '/api/v1/credit-lines/:id/freeze',
    {
      config: { permission: 'credit-line:manage' },
      schema: {
        tags: ['origination'],
        summary: '冻结授信额度（立即生效）(freeze a line at once)',
        params: c.idParams,
        body: c.reasonRequest,
        response: { 200: c.creditLineDetail },
      },
    },
    async (req) => setLineFrozen(ctx, commandContext(req), req.params.id, true, req.body.reason),
  );
  app.post(
    '/api/v1/credit-lines/:id/unfreeze',
    {
      config: { permission: 'credit-line:manage' },
      schema: {
        tags: ['origination'],
        summary: '申请解冻授信额度（另一人复核后生效）(ask for a line to be unfrozen; a second person applies it)',
        params: c.idParams,
        body: c.reasonRequest,
        response: { 202: c.unfreezeRequested },
      },
    },
    async (req, reply) => reply.status(202).send(await requestUnfreeze(ctx, commandContext(req), req.params.id, req.body.reason)),
  );

  app.post(
    '/api/v1/credit-lines/:id/release-pledge',
    {
      config: { permission: 'credit-line:manage' },
      schema: {
        tags: ['origination'],
        summary: '解除存单质押 (release pledged CDs)',
        params: c.idParams,
        response: { 200: c.creditLineDetail },
      },
    },
    async (req) => releasePledge(ctx, commandContext(req), req.params.id, outstandingPrincipalForLine),
  );

  app.post(
    '/api/v1/credit-lines/:id/drawdowns',
    {
      config: { permission: 'drawdown:create', customerAccess: true },
      schema: {
        tags: ['origination'],
        summary: '用信放款（须 Idempotency-Key） (draw and disburse; Idempotency-Key required)',
        params: c.idParams,
        body: c.drawdownRequest,
        response: { 201: c.drawdownResult },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key.trim()) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      const body = req.body;
      const { result, replayed } = await drawdown(ctx, commandContext(req), req.params.id, key, {
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
    {
      config: { permission: 'application:create' },
      schema: { tags: ['origination'], summary: '客户经理二维码 (officer QR code)', response: { 200: c.officerQr } },
    },
    async (req) => officerQr(ctx, commandContext(req)),
  );

  app.post(
    '/api/v1/pre-credit-cards',
    {
      config: { permission: 'application:create' },
      schema: {
        tags: ['origination'],
        summary: '发放预授信卡 (issue a pre-credit card)',
        body: c.preCreditCardRequest,
        response: { 201: c.preCreditCardIssued },
      },
    },
    async (req, reply) => reply.status(201).send(await issuePreCreditCard(ctx, commandContext(req), req.body)),
  );

  app.get(
    '/api/v1/pre-credit-cards',
    {
      config: { permission: 'application:read' },
      schema: { tags: ['origination'], querystring: pageQuery, response: { 200: c.preCreditCardPage } },
    },
    async (req) => listPreCreditCards(ctx.db, commandContext(req), req.query),
  );

  app.post(
    '/api/v1/service-events',
    {
      config: { permission: 'application:create' },
      schema: {
        tags: ['origination'],
        summary: '记录 543 服务事件：锁定客户、推荐产品 (record lock / recommend)',
        body: c.serviceEventRequest,
        response: { 201: c.serviceEventRecorded },
      },
    },
    async (req, reply) => reply.status(201).send(await recordOfficerEvent(ctx, commandContext(req), req.body)),
  );

  app.get(
    '/api/v1/service-events',
    {
      config: { permission: 'service-event:read' },
      schema: {
        tags: ['origination'],
        querystring: c.serviceEventListQuery,
        response: { 200: c.serviceEventPage },
      },
    },
    async (req) => listServiceEvents(ctx.db, commandContext(req), req.query),
  );
}
