/**
 * 导出 Excel: downloads the list's own endpoint with `format=xlsx` and the filters currently applied,
 * with the session's cookie (the shared client), so the file holds what the table holds — every page.
 * A list searched by POST (filters that must not sit in a URL, like a mobile number) exports by POST
 * too: `method="POST"` sends the filters as the JSON body and only `format=xlsx` in the URL.
 */
import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, type Query } from '../api';
import { listText } from './texts';

export interface ExportButtonProps {
  /** The list endpoint, e.g. /api/v1/loans (or the search endpoint, with method POST). */
  path: string;
  /** The applied filters (not the page): the query string by GET, the JSON body by POST. */
  query?: Query;
  /** GET (default): filters in the query string; POST: filters in the body, the URL carries only format=xlsx. */
  method?: 'GET' | 'POST';
  /** File name used when the server names none. */
  filename: string;
  onError?: (err: unknown) => void;
  testId?: string;
}

/** The filters without the empty ones, as the query string would carry them. */
function present(query: Query | undefined): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

export function ExportButton({ path, query, method = 'GET', filename, onError, testId = 'list-export' }: ExportButtonProps) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      if (method === 'POST') await api.download(path, `${filename}.xlsx`, { format: 'xlsx' }, { body: present(query) });
      else await api.download(path, `${filename}.xlsx`, { ...query, format: 'xlsx' });
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
