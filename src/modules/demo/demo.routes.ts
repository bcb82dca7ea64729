import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../kernel/errors.js';
import { demoStatusView } from './demo.contract.js';
import { demoStatus } from './demo.service.js';

export async function demoRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/demo/status',
    {
      // public in demo mode: the sign-in page shows the build's progress before anyone has signed in
      config: { permission: 'public' },
      schema: {
        tags: ['demo'],
        summary: '演示银行生成进度 (demo bank build status; demo mode only)',
        response: { 200: demoStatusView },
      },
    },
    async () => {
      if (!app.hn.config.demo) throw new AppError('DEMO_MODE_OFF');
      return demoStatus(app.hn.db, app.hn.config.demoQuarter);
    },
  );
}
