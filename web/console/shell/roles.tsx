/**
 * Role names. The role list comes from GET /roles when the user may read it (role:read);
 * otherwise the built-in names of the bank's eight roles are used.
 */
import { createContext, useContext, useMemo, type MouseEvent, type ReactNode } from 'react';
import { Space, Tag } from 'antd';
import { api } from '../../shared/api';
import { pickLang } from '../../shared/i18n';
import { useAsync } from '../../shared/useAsync';
import { useI18n, tryT } from '../i18n';
import { useCan } from './auth';

export interface RoleInfo {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

export const KNOWN_ROLE_CODES = [
  'admin',
  'param_manager',
  'approver',
  'inspector',
  'loan_officer',
  'branch_head',
  'executive',
  'auditor',
  'lobby_staff',
] as const;

interface RolesValue {
  roles: { code: string; label: string }[];
  label: (code: string) => string;
}

const RolesCtx = createContext<RolesValue | null>(null);

export function RolesProvider({ children }: { children: ReactNode }) {
  const { t, lang } = useI18n();
  const can = useCan();
  const mayRead = can('role:read');
  // Failure is quiet: the built-in names are a complete fallback.
  const { data } = useAsync((signal) => api.get<{ items: RoleInfo[] }>('/api/v1/roles', undefined, { signal }), [mayRead], {
    enabled: mayRead,
  });

  const value = useMemo<RolesValue>(() => {
    const fromApi = new Map((data?.items ?? []).map((r) => [r.code, pickLang(lang, r.nameZh, r.nameEn)]));
    const label = (code: string) => fromApi.get(code) ?? tryT(t, `role.${code}`, code);
    const codes = data?.items?.length ? data.items.map((r) => r.code) : [...KNOWN_ROLE_CODES];
    return { roles: codes.map((code) => ({ code, label: label(code) })), label };
  }, [data, lang, t]);

  return <RolesCtx.Provider value={value}>{children}</RolesCtx.Provider>;
}

export function useRoles(): RolesValue {
  const v = useContext(RolesCtx);
  if (!v) throw new Error('useRoles() used outside <RolesProvider>');
  return v;
}

const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  param_manager: 'purple',
  approver: 'gold',
  inspector: 'cyan',
  loan_officer: 'green',
  branch_head: 'blue',
  executive: 'magenta',
  auditor: 'geekblue',
  lobby_staff: 'lime',
};

export function RoleTag({ code, ...rest }: { code: string; closable?: boolean; onClose?: (e: MouseEvent<HTMLElement>) => void }) {
  const { label } = useRoles();
  return (
    <Tag color={ROLE_COLORS[code] ?? 'default'} {...rest}>
      {label(code)}
    </Tag>
  );
}

export function RoleTags({ codes }: { codes: readonly string[] }) {
  const { t } = useI18n();
  if (!codes.length) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('common.none')}</span>;
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((c) => (
        <RoleTag key={c} code={c} />
      ))}
    </Space>
  );
}
