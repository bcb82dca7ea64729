/** The list components' own words, in both languages (read at render time, so a language switch that re-renders the page re-renders them). */
import { format, getLang, type Params } from '../i18n';

const TEXTS = {
  'zh-CN': {
    export: '导出 Excel',
    exportFailed: '导出失败',
    columns: '列设置',
    columnsReset: '恢复默认',
    total: '共 {total} 条',
  },
  en: {
    export: 'Export to Excel',
    exportFailed: 'Export failed',
    columns: 'Columns',
    columnsReset: 'Reset',
    total: '{total} in total',
  },
} as const;

export type ListText = keyof (typeof TEXTS)['zh-CN'];

export function listText(key: ListText, params?: Params): string {
  return format(TEXTS[getLang()][key], params);
}
