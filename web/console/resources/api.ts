/** API calls and types of the resources screens (credit staff allocation, the devices register). */
import type {
  DeviceCreateBody,
  DeviceFiguresView,
  DeviceHistory,
  DeviceHolders,
  DeviceIssueBody,
  DeviceItem,
  DevicePage,
  DeviceQuery,
  DeviceReturnBody,
  DeviceStatusBody,
  StaffingChangesView,
  StaffingView,
} from '../../../src/modules/resources/resources.contract';
import { api } from '../../shared/api';

export { DEVICE_CONDITIONS, DEVICE_KINDS, DEVICE_STATUSES } from '../../../src/modules/resources/resources.contract';
export type {
  DeviceCondition,
  DeviceEventItem,
  DeviceEventKind,
  DeviceFiguresBranch,
  DeviceItem,
  DeviceKind,
  DeviceStatus,
  StaffMovement,
  StaffingBranch,
  StaffingChangesBranch,
  StaffingChangesView,
  StaffingPoint,
  StaffingView,
} from '../../../src/modules/resources/resources.contract';

export const resourcesApi = {
  staffing: (date: string | undefined, signal?: AbortSignal) =>
    api.get<StaffingView>('/api/v1/resources/staffing', date ? { date } : undefined, { signal }),
  changes: (q: { from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<StaffingChangesView>('/api/v1/resources/staffing/changes', { ...q }, { signal }),
  devices: (q: Omit<DeviceQuery, 'format'>, signal?: AbortSignal) => api.get<DevicePage>('/api/v1/resources/devices', { ...q }, { signal }),
  createDevice: (body: DeviceCreateBody) => api.post<DeviceItem>('/api/v1/resources/devices', body),
  figures: (date: string | undefined, signal?: AbortSignal) =>
    api.get<DeviceFiguresView>('/api/v1/resources/devices/figures', date ? { date } : undefined, { signal }),
  history: (id: number, signal?: AbortSignal) => api.get<DeviceHistory>(`/api/v1/resources/devices/${id}`, undefined, { signal }),
  holders: (id: number, signal?: AbortSignal) => api.get<DeviceHolders>(`/api/v1/resources/devices/${id}/holders`, undefined, { signal }),
  issue: (id: number, body: DeviceIssueBody) => api.post<DeviceItem>(`/api/v1/resources/devices/${id}/issue`, body),
  giveBack: (id: number, body: DeviceReturnBody) => api.post<DeviceItem>(`/api/v1/resources/devices/${id}/return`, body),
  setStatus: (id: number, body: DeviceStatusBody) => api.post<DeviceItem>(`/api/v1/resources/devices/${id}/status`, body),
};
