/**
 * The HTTP client for the Huinong API. Authentication is the httpOnly session cookie the server sets
 * at login (credentials: 'include'); nothing is kept in localStorage. Errors arrive as
 * { code, message, details } with message already in the user's language, and are thrown as ApiError.
 */
import type { z } from 'zod';
import type { ErrorBody, paged } from '../../src/kernel/contract';
import { acceptLanguage, getLang } from './i18n';

export type Id = string | number;

/** A page of a list, as every list route answers it (the kernel contract's `paged(item)`). */
export type Page<T> = z.infer<ReturnType<typeof paged<z.ZodType<T>>>>;

/** The body of every error answer (the kernel contract's `errorBody`). */
export type ApiErrorBody = ErrorBody;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** Raw body (file uploads); sent with contentType. */
  rawBody?: BodyInit;
  contentType?: string;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 here is an expected answer (login, session probe), not an expired session. */
  expectUnauthorized?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

type UnauthorizedHandler = (err: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Called on a 401 from any call that did not expect one (the session expired or was revoked). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.append(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

const FALLBACK = {
  network: { 'zh-CN': '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and try again' },
  http: { 'zh-CN': '服务器返回错误（HTTP {status}）', en: 'The server returned an error (HTTP {status})' },
} as const;

function fallbackMessage(kind: keyof typeof FALLBACK, status = 0): string {
  return FALLBACK[kind][getLang()].replace('{status}', String(status));
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as Partial<ApiErrorBody>) : null;
  } catch {
    body = null;
  }
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`;
  const message = typeof body?.message === 'string' && body.message ? body.message : fallbackMessage('http', res.status);
  return new ApiError(res.status, code, message, body?.details);
}

/**
 * The customer page says so, so that a browser holding both a staff and a customer session (a
 * demo on one machine) uses the customer's session on /m/ and the staff session in the console.
 */
export function clientHeaders(): Record<string, string> {
  const mobile = typeof location !== 'undefined' && (location.pathname === '/m' || location.pathname.startsWith('/m/'));
  // The mobile page's staff mode (/m/staff…) calls as staff: no customer mark, so only the staff cookie counts.
  if (mobile && (location.pathname === '/m/staff' || location.pathname.startsWith('/m/staff/'))) return {};
  return mobile ? { 'X-Huinong-Client': 'mobile' } : {};
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage(),
    ...clientHeaders(),
    ...opts.headers,
  };
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'include', signal: opts.signal });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, 'NETWORK_ERROR', fallbackMessage('network'));
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !opts.expectUnauthorized) unauthorizedHandler?.(err);
    throw err;
  }
  return res;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const res = await send(method, path, opts);
  let data: unknown = undefined;
  if (res.status !== 204) {
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    data = text && isJson ? JSON.parse(text) : text || undefined;
  }
  return { status: res.status, data: data as T, headers: res.headers };
}

/** Content-Type for an uploaded file, by its extension. */
export function contentTypeFor(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

export const api = {
  get: async <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query'>) =>
    (await request<T>('GET', path, { ...opts, query })).data,
  post: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    (await request<T>('POST', path, { ...opts, body })).data,
  patch: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    (await request<T>('PATCH', path, { ...opts, body })).data,
  del: async <T>(path: string, opts?: RequestOptions) => (await request<T>('DELETE', path, opts)).data,
  request,

  /** POSTs a file's raw bytes. */
  upload: async <T>(path: string, file: Blob & { name: string }, query?: Query, signal?: AbortSignal) =>
    request<T>('POST', path, {
      query,
      rawBody: await file.arrayBuffer(),
      contentType: contentTypeFor(file.name),
      signal,
    }),

  /**
   * Fetches a file with the session cookie and hands it to the browser as a download. With a body it
   * is POSTed (filters that must not sit in a URL, e.g. a mobile number, go in the body).
   */
  download: async (path: string, fallbackName: string, query?: Query, post?: { body: unknown }): Promise<void> => {
    const res = await send(post ? 'POST' : 'GET', path, { query, body: post?.body });
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filenameFrom(res.headers.get('content-disposition'), fallbackName);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
