/**
 * The console's feature modules: their menu entry, the permission that opens them and their pages.
 * The layout builds the side menu and the router builds the routes from this list, so a new module
 * adds one entry here (and its messages in i18n.ts).
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  ApartmentOutlined,
  CloudUploadOutlined,
  FileProtectOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MessageKey } from './i18n';
import { ReviewMenuBadge } from './review/pendingCount';

export interface ConsoleRoute {
  /** Relative to the module's path ('' is the module's own page). */
  path: string;
  page: LazyExoticComponent<ComponentType>;
}

export interface ConsoleModule {
  key: string;
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  /** The user needs any one of these; none means every logged-in user. */
  permissions?: readonly string[];
  /** Shown after the menu label (a count). */
  badge?: ComponentType;
  routes: ConsoleRoute[];
}

const page = <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType }));

export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  {
    key: 'home',
    path: '/',
    labelKey: 'menu.home',
    icon: <HomeOutlined />,
    routes: [{ path: '', page: page(() => import('./home/HomePage'), 'HomePage') }],
  },
  {
    key: 'branches',
    path: '/branches',
    labelKey: 'menu.branches',
    icon: <ApartmentOutlined />,
    permissions: ['branch:read'],
    routes: [{ path: '', page: page(() => import('./access/BranchesPage'), 'BranchesPage') }],
  },
  {
    key: 'staff',
    path: '/staff',
    labelKey: 'menu.staff',
    icon: <TeamOutlined />,
    permissions: ['staff:read'],
    routes: [{ path: '', page: page(() => import('./access/StaffPage'), 'StaffPage') }],
  },
  {
    key: 'review',
    path: '/review',
    labelKey: 'menu.review',
    icon: <FileProtectOutlined />,
    permissions: ['review:read'],
    badge: ReviewMenuBadge,
    routes: [{ path: '', page: page(() => import('./review/ReviewPage'), 'ReviewPage') }],
  },
  {
    key: 'imports',
    path: '/imports',
    labelKey: 'menu.imports',
    icon: <CloudUploadOutlined />,
    permissions: ['import:read', 'import:create'],
    routes: [
      { path: '', page: page(() => import('./imports/ImportsPage'), 'ImportsPage') },
      { path: ':id', page: page(() => import('./imports/ImportReportPage'), 'ImportReportPage') },
    ],
  },
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    permissions: ['audit:read'],
    routes: [{ path: '', page: page(() => import('./audit/AuditPage'), 'AuditPage') }],
  },
];

/** The module a URL belongs to (for the selected menu item). */
export function moduleOfPath(pathname: string): ConsoleModule | undefined {
  return (
    CONSOLE_MODULES.find((m) => m.path !== '/' && (pathname === m.path || pathname.startsWith(m.path + '/'))) ??
    (pathname === '/' ? CONSOLE_MODULES.find((m) => m.path === '/') : undefined)
  );
}
