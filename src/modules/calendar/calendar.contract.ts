/**
 * The API contract of the calendar: the bank's current business date (GET /api/v1/business-date).
 * Pure zod and kernel atoms, for the route and both web apps.
 */
import { z } from 'zod';
import { isoDate } from '../../kernel/contract.js';

export const businessDateView = z.object({ businessDate: isoDate });
export type BusinessDateView = z.infer<typeof businessDateView>;
