/**
 * The officer's mobile workbench calls (staff mode of the mobile page, under /m/staff). They go with the
 * staff session cookie the console also uses; shared/api.ts does not mark them as the customer page's, so
 * the server never answers them with a customer session. Types are the server's contracts.
 */
import { api, type Id } from '../../shared/api';
import type { LoginResultView, MeView } from '../../../src/modules/access/access.contract';
import type {
  ContactCreateBody,
  ProspectApplicant,
  ProspectDetail,
  ProspectMobile,
  WorkListPage,
} from '../../../src/modules/marketing/marketing.contract';
import type { ApplicationRequest, ApplicationResult, OfficerQr } from '../../../src/modules/origination/origination.contract';
import type { MyEventsPage } from '../../../src/modules/sla/sla.contract';

export type { UserView as StaffUser } from '../../../src/modules/access/access.contract';
export type { ProspectDetail, ProspectItem, ProspectStatus, WorkListPage } from '../../../src/modules/marketing/marketing.contract';
export { CONTACT_CHANNELS, CONTACT_OUTCOMES } from '../../../src/modules/marketing/marketing.contract';
export type { ContactChannel, ContactOutcome } from '../../../src/modules/marketing/marketing.contract';
export type { MyStage, MyEventsPage } from '../../../src/modules/sla/sla.contract';
export { CONSENT_KINDS } from '../../../src/modules/origination/origination.contract';
export type { ConsentKind } from '../../../src/modules/origination/origination.contract';
export { OCCUPATIONS } from '../../../src/modules/decision/decision.contract';
export type { Occupation } from '../../../src/modules/decision/decision.contract';
export type { ApplicationRequest, ApplicationResult };

const enc = (id: Id) => encodeURIComponent(String(id));

export const workbenchApi = {
  me: (signal?: AbortSignal) => api.get<MeView>('/api/v1/auth/me', undefined, { signal, expectUnauthorized: true }),
  login: (username: string, password: string) =>
    api.post<LoginResultView>('/api/v1/auth/login', { username, password }, { expectUnauthorized: true }),
  logout: () => api.post<void>('/api/v1/auth/logout', undefined, { expectUnauthorized: true }),
  workList: (signal?: AbortSignal) => api.get<WorkListPage>('/api/v1/marketing/work-list', { pageSize: 200 }, { signal }),
  prospect: (id: Id, signal?: AbortSignal) => api.get<ProspectDetail>(`/api/v1/marketing/prospects/${enc(id)}`, undefined, { signal }),
  mobile: (id: Id) => api.get<ProspectMobile>(`/api/v1/marketing/prospects/${enc(id)}/mobile`),
  applicant: (id: Id, signal?: AbortSignal) =>
    api.get<ProspectApplicant>(`/api/v1/marketing/prospects/${enc(id)}/applicant`, undefined, { signal }),
  logContact: (id: Id, body: ContactCreateBody) => api.post<ProspectDetail>(`/api/v1/marketing/prospects/${enc(id)}/contacts`, body),
  apply: (body: ApplicationRequest) => api.post<ApplicationResult>('/api/v1/applications', body),
  qr: (signal?: AbortSignal) => api.get<OfficerQr>('/api/v1/officers/me/qr', undefined, { signal }),
  myEvents: (signal?: AbortSignal) => api.get<MyEventsPage>('/api/v1/sla/my-events', { pageSize: 200 }, { signal }),
};
