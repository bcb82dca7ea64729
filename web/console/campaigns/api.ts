/** API calls and types of the campaign screens (campaigns, one campaign with its funnel and SMS sends). */
import type {
  CampaignCreateBody,
  CampaignDetail,
  CampaignFigures,
  CampaignKind,
  CampaignPage,
  SmsPreview,
  SmsPreviewBody,
  SmsSendResult,
} from '../../../src/modules/campaigns/campaigns.contract';
import type { PageQuery } from '../../../src/kernel/contract';
import { api } from '../../shared/api';

export { CAMPAIGN_KINDS, SEGMENT_KINDS } from '../../../src/modules/campaigns/campaigns.contract';
export type {
  CampaignDetail,
  CampaignFigures,
  CampaignItem,
  CampaignKind,
  CampaignPhase,
  SegmentInput,
  SegmentKind,
  SmsPreview,
} from '../../../src/modules/campaigns/campaigns.contract';

export const campaignsApi = {
  list: (q: PageQuery & { kind?: CampaignKind }, signal?: AbortSignal) => api.get<CampaignPage>('/api/v1/campaigns', { ...q }, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<CampaignDetail>(`/api/v1/campaigns/${id}`, {}, { signal }),
  figures: (id: number, signal?: AbortSignal) => api.get<CampaignFigures>(`/api/v1/campaigns/${id}/figures`, {}, { signal }),
  create: (body: CampaignCreateBody) => api.post<CampaignDetail>('/api/v1/campaigns', body),
  close: (id: number) => api.post<CampaignDetail>(`/api/v1/campaigns/${id}/close`, {}),
  preview: (id: number, body: Partial<SmsPreviewBody> & Pick<SmsPreviewBody, 'segment' | 'template'>) =>
    api.post<SmsPreview>(`/api/v1/campaigns/${id}/sms-preview`, body),
  send: (id: number, body: Partial<SmsPreviewBody> & Pick<SmsPreviewBody, 'segment' | 'template'> & { confirmCount: number }) =>
    api.post<SmsSendResult>(`/api/v1/campaigns/${id}/sms-sends`, body),
  businessDate: (signal?: AbortSignal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }),
};
