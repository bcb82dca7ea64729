/** API calls and types of the 工作汇报 page (period figures, Word / PDF / Excel downloads). */
import type { PeriodFigures } from '../../../src/modules/workreport/workreport.contract';
import { api } from '../../shared/api';

export type {
  ChannelFigures,
  CampaignPeriodFigures,
  PeriodFigures,
  SlaStagePeriodFigures,
} from '../../../src/modules/workreport/workreport.contract';

export interface Period {
  from?: string;
  to?: string;
}

export const workReportApi = {
  figures: (p: Period, signal?: AbortSignal) => api.get<PeriodFigures>('/api/v1/reports/period', { ...p }, { signal }),
  download: (p: Period, format: 'docx' | 'pdf', fallbackName: string) =>
    api.download('/api/v1/reports/work-report', `${fallbackName}.${format}`, { ...p, format }),
};
