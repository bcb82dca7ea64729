/**
 * 导出 Excel: downloads the list's own endpoint with `format=xlsx` and the filters currently applied,
 * with the session's cookie (the shared client), so the file holds what the table holds — every page.
 */
import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, type Query } from '../api';
import { listText } from './texts';

export interface ExportButtonProps {
  /** The list endpoint, e.g. /api/v1/loans. */
  path: string;
  /** The applied filters (not the page). */
  query?: Query;
  /** File name used when the server names none. */
  filename: string;
  onError?: (err: unknown) => void;
  testId?: string;
}

export function ExportButton({ path, query, filename, onError, testId = 'list-export' }: ExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await api.download(path, `${filename}.xlsx`, { ...query, format: 'xlsx' });
    } catch (err) {
      onError?.(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={run} data-testid={testId}>
      {listText('export')}
    </Button>
  );
}
