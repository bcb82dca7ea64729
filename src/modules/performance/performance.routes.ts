/** HTTP routes of the performance module (rankings, the 一增一降 board, their reviewed parameters): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import {
  boardQuery,
  boardView,
  campaignValues,
  campaignView,
  rankingsQuery,
  rankingsView,
  submitted,
  weightsValues,
  weightsView,
  type BoardView,
  type RankingsView,
} from './performance.contract.js';
import { KPI_ZH, LEVEL_ZH, listCampaignTargets, listWeights, submitCampaignTargets, submitWeights } from './params.service.js';
import { campaignBoard, rankings } from './rankings.service.js';
import { pct, PCT_FMT, sendSheets, WAN_FMT, wan, type SheetSpec } from './xlsx.js';

function rankingsSheet(v: RankingsView): SheetSpec {
  const officer = v.level === 'OFFICER';
  return {
    name: `${LEVEL_ZH[v.level]}排名`,
    title: [
      `${LEVEL_ZH[v.level]}绩效排名（${v.from} 至 ${v.to}）金额单位：万元`,
      `权重（第 ${v.weightsVersion} 版）：${Object.entries(v.weights)
        .map(([k, w]) => `${KPI_ZH[k as keyof typeof KPI_ZH]} ${w}%`)
        .join('，')}`,
    ],
    columns: [
      { header: '排名', width: 6 },
      { header: officer ? '客户经理' : '机构', width: 16 },
      ...(officer ? [{ header: '所属机构', width: 16 }] : []),
      { header: '新增贷款金额（万元）', width: 18, numFmt: WAN_FMT },
      { header: '新增贷款笔数', width: 12 },
      { header: '余额增长（万元）', width: 16, numFmt: WAN_FMT },
      { header: '新增客户数', width: 12 },
      { header: '不良压降（万元）', width: 16, numFmt: WAN_FMT },
      { header: '543达标率（%）', width: 14, numFmt: PCT_FMT },
      { header: '转介成功（户）', width: 14 },
      { header: '预警按时处置率（%）', width: 18, numFmt: PCT_FMT },
      { header: '综合得分', width: 10, numFmt: PCT_FMT },
    ],
    rows: v.rows.map((r) => [
      r.rank,
      r.unitName,
      ...(officer ? [r.branchName ?? ''] : []),
      wan(r.kpis.newLoanAmount),
      r.kpis.newLoanCount,
      wan(r.kpis.balanceGrowth),
      r.kpis.newCustomers,
      wan(r.kpis.nplReduction),
      pct(r.kpis.slaCompliancePct),
      r.kpis.referrals,
      pct(r.kpis.warningOnTimePct),
      Number(r.score),
    ]),
  };
}

function boardSheet(v: BoardView): SheetSpec {
  return {
    name: '一增一降',
    title: [`${v.campaign.name}（${v.from} 至 ${v.to}）金额单位：万元`],
    columns: [
      { header: '机构', width: 16 },
      { header: '贷款投放（万元）', width: 16, numFmt: WAN_FMT },
      { header: '投放笔数', width: 10 },
      { header: '贷款增量（万元）', width: 16, numFmt: WAN_FMT },
      { header: '增量目标（万元）', width: 16, numFmt: WAN_FMT },
      { header: '增量完成率（%）', width: 14, numFmt: PCT_FMT },
      { header: '不良压降（万元）', width: 16, numFmt: WAN_FMT },
      { header: '压降目标（万元）', width: 16, numFmt: WAN_FMT },
      { header: '压降完成率（%）', width: 14, numFmt: PCT_FMT },
      { header: '不良处置（万元）', width: 16, numFmt: WAN_FMT },
    ],
    rows: [
      ...v.rows.map((r) => [
        r.branchName,
        wan(r.disbursed),
        r.disbursedCount,
        wan(r.growth),
        wan(r.growthTarget),
        pct(r.growthPct),
        wan(r.nplReduction),
        wan(r.nplReductionTarget),
        pct(r.nplReductionPct),
        wan(r.nplResolved),
      ]),
      [
        '全行合计',
        wan(v.bank.disbursed),
        v.bank.disbursedCount,
        wan(v.bank.growth),
        wan(v.bank.growthTarget),
        pct(v.bank.growthPct),
        wan(v.bank.nplReduction),
        wan(v.bank.nplReductionTarget),
        pct(v.bank.nplReductionPct),
        wan(v.bank.nplResolved),
      ],
    ],
  };
}

export async function performanceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/performance/rankings',
    {
      config: { permission: 'performance:read' },
      schema: {
        tags: ['performance'],
        summary: '机构、客户经理绩效排名（期间、复核后的权重）(rankings of branches or officers for a period)',
        description:
          'Every KPI of each ranked unit, its score (Σ weight × min–max-normalised KPI) and rank (ties share a rank). format=xlsx: the same ranking as an Excel workbook (Chinese headers, amounts in 万元).',
        querystring: rankingsQuery,
        response: { 200: rankingsView },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const view = await rankings(ctx.db, requireActor(req), q);
      if (format === 'xlsx') return sendSheets(reply, `${LEVEL_ZH[view.level]}绩效排名_${view.from}_${view.to}`, [rankingsSheet(view)]);
      return view;
    },
  );

  r.get(
    '/api/v1/performance/campaign-board',
    {
      config: { permission: 'performance:read' },
      schema: {
        tags: ['performance'],
        summary: '一增一降看板：各机构贷款增量、不良压降及目标完成率 (the campaign board against targets)',
        description: 'format=xlsx: the board as an Excel workbook (Chinese headers, amounts in 万元, the bank total last).',
        querystring: boardQuery,
        response: { 200: boardView },
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const view = await campaignBoard(ctx.db, requireActor(req), q);
      if (format === 'xlsx') return sendSheets(reply, `一增一降看板_${view.from}_${view.to}`, [boardSheet(view)]);
      return view;
    },
  );

  r.get(
    '/api/v1/performance/weights',
    {
      config: { permission: 'performance:read' },
      schema: {
        tags: ['performance'],
        summary: '绩效排名权重：现行版本、历史与待复核变更 (ranking weights)',
        response: { 200: weightsView },
      },
    },
    async (req) => listWeights(ctx, requireActor(req)),
  );

  r.post(
    '/api/v1/performance/weights/changes',
    {
      config: { permission: 'performance:params' },
      schema: {
        tags: ['performance'],
        summary: '提交绩效排名权重变更（复核后按生效日期生效）(submit a change for review)',
        body: weightsValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitWeights(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/performance/campaign-targets',
    {
      config: { permission: 'performance:read' },
      schema: {
        tags: ['performance'],
        summary: '一增一降目标：现行版本、历史与待复核变更 (campaign targets)',
        response: { 200: campaignView },
      },
    },
    async (req) => listCampaignTargets(ctx, requireActor(req)),
  );

  r.post(
    '/api/v1/performance/campaign-targets/changes',
    {
      config: { permission: 'performance:params' },
      schema: {
        tags: ['performance'],
        summary: '提交一增一降目标变更（复核后生效）(submit a change for review)',
        body: campaignValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitCampaignTargets(ctx, commandContext(req), req.body)),
  );
}
