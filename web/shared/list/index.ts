/** The one list mechanism of the console: paged query, paged table with export and column settings, status tags. */
export { usePagedQuery, type PagedQuery, type PagedQueryOptions, type PageRequest, type Filters } from './usePagedQuery';
export { PagedTable, type PagedTableProps, type PagedTableExport } from './PagedTable';
export { ExportButton, type ExportButtonProps } from './ExportButton';
export { StatusTag, TONE_COLOR, defineStatusTones, type StatusTone, type StatusTagProps } from './StatusTag';
export { listText } from './texts';
