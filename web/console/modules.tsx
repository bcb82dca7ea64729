/**
 * The console's feature modules: their menu entry, the permission that opens them and their pages.
 * The layout builds the side menu and the router builds the routes from this list, so a new module
 * adds one entry here (and its messages in i18n.ts).
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AccountBookOutlined,
  AuditOutlined,
  AppstoreOutlined,
  ApartmentOutlined,
  CloudUploadOutlined,
  ControlOutlined,
  FileProtectOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  StopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MessageKey } from './i18n';
import {
  CreditCardOutlined,
  FileSearchOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { AlertOutlined, DashboardOutlined } from '@ant-design/icons';
import { ReviewMenuBadge } from './review/pendingCount';
import { BulbOutlined } from '@ant-design/icons';
import { FieldTimeOutlined } from '@ant-design/icons';
import { GiftOutlined } from '@ant-design/icons';
import { NotificationOutlined } from '@ant-design/icons';
import { ContactsOutlined, ProfileOutlined } from '@ant-design/icons';
import { ShopOutlined } from '@ant-design/icons';
import { FileWordOutlined } from '@ant-design/icons';
import { TrophyOutlined } from '@ant-design/icons';
import { FlagOutlined } from '@ant-design/icons';
import { ReadOutlined } from '@ant-design/icons';
import { LaptopOutlined } from '@ant-design/icons';
import { BarChartOutlined } from '@ant-design/icons';

export interface ConsoleRoute {
  /** Relative to the module's path ('' is the module's own page). */
  path: string;
  page: LazyExoticComponent<ComponentType>;
}

/**
 * The side menu's sections, in menu order. Every module names one, so the menu stays grouped by the
 * bank's lines of work as modules are added.
 */
export const MENU_SECTIONS = ['workbench', 'management', 'marketing', 'lending', 'risk', 'params', 'operations', 'admin'] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

export interface ConsoleModule {
  key: string;
  section: MenuSection;
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
    section: 'workbench',
    path: '/',
    labelKey: 'menu.home',
    icon: <HomeOutlined />,
    routes: [{ path: '', page: page(() => import('./home/HomePage'), 'HomePage') }],
  },
  {
    key: 'branches',
    section: 'admin',
    path: '/branches',
    labelKey: 'menu.branches',
    icon: <ApartmentOutlined />,
    permissions: ['branch:read'],
    routes: [{ path: '', page: page(() => import('./access/BranchesPage'), 'BranchesPage') }],
  },
  {
    key: 'staff',
    section: 'admin',
    path: '/staff',
    labelKey: 'menu.staff',
    icon: <TeamOutlined />,
    permissions: ['staff:read'],
    routes: [{ path: '', page: page(() => import('./access/StaffPage'), 'StaffPage') }],
  },
  {
    key: 'review',
    section: 'admin',
    path: '/review',
    labelKey: 'menu.review',
    icon: <FileProtectOutlined />,
    permissions: ['review:read'],
    badge: ReviewMenuBadge,
    routes: [{ path: '', page: page(() => import('./review/ReviewPage'), 'ReviewPage') }],
  },
  {
    key: 'imports',
    section: 'operations',
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
    section: 'admin',
    path: '/audit',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    permissions: ['audit:read'],
    routes: [{ path: '', page: page(() => import('./audit/AuditPage'), 'AuditPage') }],
  },
  {
    key: 'products',
    section: 'params',
    path: '/products',
    labelKey: 'menu.products',
    icon: <AppstoreOutlined />,
    permissions: ['product:read'],
    routes: [
      { path: '', page: page(() => import('./products/ProductsPage'), 'ProductsPage') },
      { path: ':code', page: page(() => import('./products/ProductDetailPage'), 'ProductDetailPage') },
    ],
  },
  {
    key: 'decision',
    section: 'params',
    path: '/decision',
    labelKey: 'menu.decision',
    icon: <ControlOutlined />,
    permissions: ['decision-policy:read'],
    routes: [{ path: '', page: page(() => import('./decision/DecisionPage'), 'DecisionPage') }],
  },
  {
    key: 'servicing-params',
    section: 'params',
    path: '/servicing-params',
    labelKey: 'menu.servicingParams',
    icon: <SafetyCertificateOutlined />,
    permissions: ['product:read'],
    routes: [{ path: '', page: page(() => import('./servicing-params/ServicingParamsPage'), 'ServicingParamsPage') }],
  },
  {
    key: 'warning-rules',
    section: 'params',
    path: '/warning-rules',
    labelKey: 'menu.warningRules',
    icon: <AlertOutlined />,
    permissions: ['warning:read'],
    routes: [{ path: '', page: page(() => import('./warning/WarningRulesPage'), 'WarningRulesPage') }],
  },
  {
    key: 'applications',
    section: 'lending',
    path: '/applications',
    labelKey: 'menu.applications',
    icon: <FileSearchOutlined />,
    permissions: ['application:read'],
    routes: [
      { path: '', page: page(() => import('./origination/ApplicationsPage'), 'ApplicationsPage') },
      { path: ':id', page: page(() => import('./origination/ApplicationDetailPage'), 'ApplicationDetailPage') },
    ],
  },
  {
    key: 'referrals',
    section: 'lending',
    path: '/referrals',
    labelKey: 'menu.referrals',
    icon: <SolutionOutlined />,
    permissions: ['application:decide'],
    routes: [{ path: '', page: page(() => import('./origination/ReferralsPage'), 'ReferralsPage') }],
  },
  {
    key: 'credit-lines',
    section: 'lending',
    path: '/credit-lines',
    labelKey: 'menu.creditLines',
    icon: <CreditCardOutlined />,
    permissions: ['credit-line:read'],
    routes: [
      { path: '', page: page(() => import('./origination/CreditLinesPage'), 'CreditLinesPage') },
      { path: ':id', page: page(() => import('./origination/CreditLineDetailPage'), 'CreditLineDetailPage') },
    ],
  },
  {
    key: 'officer',
    section: 'workbench',
    path: '/officer',
    labelKey: 'menu.officer',
    icon: <QrcodeOutlined />,
    permissions: ['application:create'],
    routes: [{ path: '', page: page(() => import('./origination/OfficerPage'), 'OfficerPage') }],
  },
  {
    key: 'loans',
    section: 'lending',
    path: '/loans',
    labelKey: 'menu.loans',
    icon: <MoneyCollectOutlined />,
    permissions: ['loan:read'],
    routes: [
      { path: '', page: page(() => import('./loans/LoansPage'), 'LoansPage') },
      { path: ':id', page: page(() => import('./loans/LoanDetailPage'), 'LoanDetailPage') },
    ],
  },
  {
    key: 'collection',
    section: 'risk',
    path: '/collection',
    labelKey: 'menu.collection',
    icon: <MoneyCollectOutlined />,
    permissions: ['collection:read'],
    routes: [
      { path: '', page: page(() => import('./collection/CasesPage'), 'CasesPage') },
      { path: 'npl-reduction', page: page(() => import('./collection/NplReductionPage'), 'NplReductionPage') },
      { path: ':id', page: page(() => import('./collection/CaseDetailPage'), 'CaseDetailPage') },
    ],
  },
  {
    key: 'ledger',
    section: 'operations',
    path: '/ledger',
    labelKey: 'menu.ledger',
    icon: <AccountBookOutlined />,
    permissions: ['ledger:read'],
    routes: [{ path: '', page: page(() => import('./ledger/TrialBalancePage'), 'TrialBalancePage') }],
  },
  {
    key: 'eod',
    section: 'operations',
    path: '/eod',
    labelKey: 'menu.eod',
    icon: <ScheduleOutlined />,
    permissions: ['eod:read'],
    routes: [{ path: '', page: page(() => import('./eod/EodPage'), 'EodPage') }],
  },
  {
    key: 'customers',
    section: 'lending',
    path: '/customers',
    labelKey: 'menu.customers',
    icon: <IdcardOutlined />,
    permissions: ['customer:read'],
    routes: [{ path: '', page: page(() => import('./customers/CustomersPage'), 'CustomersPage') }],
  },
  {
    key: 'external-lists',
    section: 'risk',
    path: '/external-lists',
    labelKey: 'menu.externalLists',
    icon: <StopOutlined />,
    permissions: ['customer:read'],
    routes: [{ path: '', page: page(() => import('./external/ExternalListsPage'), 'ExternalListsPage') }],
  },
  {
    key: 'inspections',
    section: 'risk',
    path: '/inspections',
    labelKey: 'menu.inspections',
    icon: <AuditOutlined />,
    permissions: ['inspection:read'],
    routes: [
      { path: '', page: page(() => import('./inspections/TasksPage'), 'TasksPage') },
      { path: 'tasks/:id', page: page(() => import('./inspections/TaskPage'), 'TaskPage') },
      { path: 'findings', page: page(() => import('./inspections/FindingsPage'), 'FindingsPage') },
      { path: 'findings/:id', page: page(() => import('./inspections/FindingPage'), 'FindingPage') },
      { path: 'campaigns', page: page(() => import('./inspections/CampaignsPage'), 'CampaignsPage') },
      { path: 'campaigns/new', page: page(() => import('./inspections/CampaignCreatePage'), 'CampaignCreatePage') },
      { path: 'campaigns/:id', page: page(() => import('./inspections/CampaignPage'), 'CampaignPage') },
    ],
  },
  {
    key: 'sms',
    section: 'operations',
    path: '/sms',
    labelKey: 'menu.sms',
    icon: <MessageOutlined />,
    permissions: ['sms:outbox'],
    routes: [{ path: '', page: page(() => import('./sms/OutboxPage'), 'OutboxPage') }],
  },
  {
    key: 'risk',
    section: 'risk',
    path: '/risk/alerts',
    labelKey: 'menu.risk',
    icon: <AlertOutlined />,
    permissions: ['risk:read'],
    routes: [
      { path: '', page: page(() => import('./risk/AlertsPage'), 'AlertsPage') },
      { path: ':id', page: page(() => import('./risk/AlertPage'), 'AlertPage') },
    ],
  },
  {
    key: 'risk-board',
    section: 'risk',
    path: '/risk/board',
    labelKey: 'menu.riskBoard',
    icon: <DashboardOutlined />,
    permissions: ['risk:read'],
    routes: [{ path: '', page: page(() => import('./risk/BoardPage'), 'BoardPage') }],
  },
  {
    key: 'risk-params',
    section: 'params',
    path: '/risk/params',
    labelKey: 'menu.riskParams',
    icon: <FieldTimeOutlined />,
    permissions: ['product:write', 'risk:read'],
    routes: [{ path: '', page: page(() => import('./risk/AlertParamsPage'), 'AlertParamsPage') }],
  },
  {
    key: 'reminders',
    section: 'risk',
    path: '/reminders',
    labelKey: 'menu.reminders',
    icon: <MessageOutlined />,
    permissions: ['reminder:read', 'product:write'],
    routes: [{ path: '', page: page(() => import('./reminders/RemindersPage'), 'RemindersPage') }],
  },
  {
    key: 'referral-rewards',
    section: 'marketing',
    path: '/marketing/referrals',
    labelKey: 'menu.referralRewards',
    icon: <GiftOutlined />,
    permissions: ['referral:read', 'product:write'],
    routes: [{ path: '', page: page(() => import('./referrals/ReferralsPage'), 'ReferralsPage') }],
  },
  {
    key: 'prospects',
    section: 'marketing',
    path: '/marketing/prospects',
    labelKey: 'menu.prospects',
    icon: <ContactsOutlined />,
    permissions: ['prospect:read'],
    routes: [
      { path: '', page: page(() => import('./prospects/ProspectsPage'), 'ProspectsPage') },
      { path: 'import', page: page(() => import('./prospects/ProspectImportPage'), 'ProspectImportPage') },
      { path: ':id', page: page(() => import('./prospects/ProspectDetailPage'), 'ProspectDetailPage') },
    ],
  },
  {
    key: 'prospect-work-list',
    section: 'marketing',
    path: '/marketing/work-list',
    labelKey: 'menu.workList',
    icon: <ProfileOutlined />,
    permissions: ['prospect:read'],
    routes: [{ path: '', page: page(() => import('./prospects/WorkListPage'), 'WorkListPage') }],
  },
  {
    key: 'feedback',
    section: 'operations',
    path: '/feedback',
    labelKey: 'menu.feedback',
    icon: <BulbOutlined />,
    permissions: [
      'feedback:raise',
      'feedback:read',
      'feedback:handle:CREDIT_MANAGEMENT',
      'feedback:handle:RETAIL_BANKING',
      'feedback:handle:DATA_TECHNOLOGY',
    ],
    routes: [
      { path: '', page: page(() => import('./feedback/FeedbackPage'), 'FeedbackPage') },
      { path: 'releases', page: page(() => import('./feedback/ReleasesPage'), 'ReleasesPage') },
      { path: ':id', page: page(() => import('./feedback/FeedbackTicketPage'), 'FeedbackTicketPage') },
    ],
  },
  {
    key: 'sla',
    section: 'marketing',
    path: '/sla',
    labelKey: 'menu.sla',
    icon: <FieldTimeOutlined />,
    permissions: ['sla:read', 'sla:my-events', 'sla:params'],
    routes: [{ path: '', page: page(() => import('./sla/SlaPage'), 'SlaPage') }],
  },
  {
    key: 'precredit',
    section: 'marketing',
    path: '/precredit',
    labelKey: 'menu.precredit',
    icon: <CreditCardOutlined />,
    permissions: ['precredit:read'],
    routes: [
      { path: '', page: page(() => import('./precredit/PreCreditPage'), 'PreCreditPage') },
      { path: 'params', page: page(() => import('./precredit/PreCreditParamsPage'), 'PreCreditParamsPage') },
      { path: ':id', page: page(() => import('./precredit/PreCreditBatchPage'), 'PreCreditBatchPage') },
    ],
  },
  {
    // the parameter manager's own entry: the white lists themselves are not theirs to read
    key: 'precredit-params',
    section: 'params',
    path: '/precredit-params',
    labelKey: 'menu.precreditParams',
    icon: <CreditCardOutlined />,
    permissions: ['precredit:params'],
    routes: [{ path: '', page: page(() => import('./precredit/PreCreditParamsPage'), 'PreCreditParamsPage') }],
  },
  {
    key: 'groups',
    section: 'marketing',
    path: '/groups',
    labelKey: 'menu.groups',
    icon: <TeamOutlined />,
    permissions: ['group:read'],
    routes: [
      { path: '', page: page(() => import('./groups/GroupsPage'), 'GroupsPage') },
      { path: ':id', page: page(() => import('./groups/GroupPage'), 'GroupPage') },
    ],
  },
  {
    key: 'campaigns',
    section: 'marketing',
    path: '/campaigns',
    labelKey: 'menu.campaigns',
    icon: <NotificationOutlined />,
    permissions: ['campaign:read'],
    routes: [
      { path: '', page: page(() => import('./campaigns/CampaignsPage'), 'CampaignsPage') },
      { path: ':id', page: page(() => import('./campaigns/CampaignPage'), 'CampaignPage') },
    ],
  },
  {
    key: 'lobby',
    section: 'marketing',
    path: '/lobby',
    labelKey: 'menu.lobby',
    icon: <ShopOutlined />,
    permissions: ['lobby:read', 'lobby:params'],
    routes: [{ path: '', page: page(() => import('./lobby/LobbyPage'), 'LobbyPage') }],
  },
  {
    key: 'reports',
    section: 'management',
    path: '/reports',
    labelKey: 'menu.reports',
    icon: <BarChartOutlined />,
    permissions: ['report:read'],
    routes: [{ path: '', page: page(() => import('./reports/ReportsPage'), 'ReportsPage') }],
  },
  {
    key: 'workreport',
    section: 'management',
    path: '/work-report',
    labelKey: 'menu.workreport',
    icon: <FileWordOutlined />,
    permissions: ['workreport:read'],
    routes: [{ path: '', page: page(() => import('./workreport/WorkReportPage'), 'WorkReportPage') }],
  },
  {
    key: 'performance',
    section: 'management',
    path: '/performance',
    labelKey: 'menu.performance',
    icon: <TrophyOutlined />,
    permissions: ['performance:read', 'performance:params'],
    routes: [{ path: '', page: page(() => import('./performance/PerformancePage'), 'PerformancePage') }],
  },
  {
    key: 'supervision',
    section: 'management',
    path: '/supervision',
    labelKey: 'menu.supervision',
    icon: <FlagOutlined />,
    permissions: ['supervision:read'],
    routes: [
      { path: '', page: page(() => import('./supervision/SupervisionPage'), 'SupervisionPage') },
      { path: 'interviews/:id', page: page(() => import('./supervision/InterviewPage'), 'InterviewPage') },
    ],
  },
  {
    key: 'training',
    section: 'management',
    path: '/training',
    labelKey: 'menu.training',
    icon: <ReadOutlined />,
    permissions: ['training:read'],
    routes: [{ path: '', page: page(() => import('./training/TrainingPage'), 'TrainingPage') }],
  },
  {
    key: 'resources',
    section: 'management',
    path: '/resources',
    labelKey: 'menu.resources',
    icon: <LaptopOutlined />,
    permissions: ['resources:read'],
    routes: [{ path: '', page: page(() => import('./resources/ResourcesPage'), 'ResourcesPage') }],
  },
];

/** The module a URL belongs to (for the selected menu item). */
export function moduleOfPath(pathname: string): ConsoleModule | undefined {
  return (
    CONSOLE_MODULES.find((m) => m.path !== '/' && (pathname === m.path || pathname.startsWith(m.path + '/'))) ??
    (pathname === '/' ? CONSOLE_MODULES.find((m) => m.path === '/') : undefined)
  );
}
