/** HTTP route of the public trial calculator: schema, 'public', one pure call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { calculatorBody, calculatorResponse } from './calculator.contract.js';
import { calculateSchedule } from './calculator.js';

export { calculatorBody, calculatorResponse };

export async function calculatorRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/calculator/schedule',
    {
      config: { permission: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['calculator'],
        summary: '还款试算 (repayment schedule trial calculation)',
        body: calculatorBody,
        response: { 200: calculatorResponse },
      },
    },
    async (req) => calculateSchedule(req.body),
  );
}
