/**
 * The simulation's hands: the bank's staff and customers acting through Huinong's own routes, in process
 * (`server.inject`: routing, validation, permissions, data scope and the commands behind them — exactly what
 * the console and the mobile page call), with the domain clock set to the simulated time of day.
 *
 * Staff act without signing in: this server — never listening on a port, built only for the simulation —
 * accepts the token `sim.<staffId>` for an active staff member and loads their roles and scope as a session
 * would (a password check per person per day would only burn time). Customers identify on the mobile page as
 * anyone does: a one-time code from the SMS outbox.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ROUTE_MODULES } from '../../src/app.js';
import type { AppContext } from '../../src/context.js';
import { buildServer } from '../../src/http/server.js';
import type { SettableClock } from '../../src/kernel/clock.js';
import type { IsoDate } from '../../src/kernel/dates.js';
import { loadActor, staffIdByUsername } from '../../src/modules/access/index.js';
import { authenticateCustomer } from '../../src/modules/origination/index.js';
import type { DemoDay } from './calendar.js';
import { rngFor, type Rng } from './rng.js';

const SIM_TOKEN_PREFIX = 'sim.';

/** A route answered with a status the simulation did not expect: a bug in the scenario or the product. */
export class DemoApiError extends Error {
  constructor(
    readonly who: string,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${who} ${method} ${url} → ${status} ${body.slice(0, 600)}`);
    this.name = 'DemoApiError';
  }

  /** The error table's code the server answered with (null: none). */
  get code(): string | null {
    try {
      return (JSON.parse(this.body) as { code?: string }).code ?? null;
    } catch {
      return null;
    }
  }
}

export interface CallOptions {
  /** Idempotency key (money movements). */
  key?: string;
  /** Statuses that are an answer, not a failure (default: any 2xx). */
  accept?: number[];
  /** The caller's address (customers on their own phones; the portal limits per address). */
  remoteAddress?: string;
  headers?: Record<string, string>;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Calls as one person. get/post/… return the parsed body of an accepted answer and throw DemoApiError otherwise. */
export interface DemoApi {
  readonly who: string;
  get<T = unknown>(url: string, opts?: CallOptions): Promise<T>;
  post<T = unknown>(url: string, body?: unknown, opts?: CallOptions): Promise<T>;
  put<T = unknown>(url: string, body?: unknown, opts?: CallOptions): Promise<T>;
  patch<T = unknown>(url: string, body?: unknown, opts?: CallOptions): Promise<T>;
  del<T = unknown>(url: string, opts?: CallOptions): Promise<T>;
  /** A file upload (imports): the bytes as the body with their content type. */
  upload<T = unknown>(url: string, bytes: string | Buffer, contentType?: string, opts?: CallOptions): Promise<T>;
  /** Any call, never throwing: the status and the parsed body (business refusals the scenario expects). */
  call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    opts?: CallOptions,
  ): Promise<ApiAnswer<T>>;
}

export interface SimOptions {
  seed: number;
  /** 1 = the bank's own size; smaller for the reduced quarter of the tests. */
  scale: number;
}

export class Sim {
  day!: DemoDay;
  private readonly staffApis = new Map<string, DemoApi>();
  private readonly counters = new Map<string, number>();

  private constructor(
    readonly ctx: AppContext,
    readonly server: FastifyInstance,
    readonly clock: SettableClock,
    readonly seed: number,
    readonly scale: number,
  ) {}

  static async create(ctx: AppContext, clock: SettableClock, opts: SimOptions): Promise<Sim> {
    const server = await buildServer({
      ctx,
      authenticate: async (token) =>
        token.startsWith(SIM_TOKEN_PREFIX) ? loadActor(ctx.db, Number(token.slice(SIM_TOKEN_PREFIX.length)), 0) : null,
      authenticateCustomer: (token) => authenticateCustomer(ctx.db, token),
      modules: ROUTE_MODULES,
      logger: false,
    });
    await server.ready();
    return new Sim(ctx, server, clock, opts.seed, opts.scale);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  get date(): IsoDate {
    return this.day.date;
  }

  /** The actor's own random stream for today (the same seed and day always draw the same numbers). */
  rng(label: string): Rng {
    return rngFor(this.seed, this.day.date, label);
  }

  /** A volume at the build's scale (at least `min`). Small exact counts (inspections, interviews) are not scaled. */
  scaled(n: number, min = 1): number {
    return Math.max(min, Math.round(n * this.scale));
  }

  /** Sets the clock to hh:mm (bank time, +08:00) of the day being lived. */
  at(hhmm: string): void {
    this.clock.set(`${this.day.date}T${hhmm}:00+08:00`);
  }

  /** Moves the clock on (seconds): the minutes a person takes between two steps. */
  wait(seconds: number): void {
    this.clock.advance(Math.round(seconds * 1000));
  }

  /** Counts something the scenario did, for the build's summary. */
  count(key: string, n = 1): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + n);
  }

  /** What has been counted so far under `key` (0: nothing). */
  counted(key: string): number {
    return this.counters.get(key) ?? 0;
  }

  summary(): Record<string, number> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** A staff member's hands (by username). */
  async as(username: string): Promise<DemoApi> {
    const cached = this.staffApis.get(username);
    if (cached) return cached;
    const id = await staffIdByUsername(this.ctx.db, username);
    if (id === null) throw new Error(`demo: no staff member "${username}"`);
    const api = this.api(username, `${SIM_TOKEN_PREFIX}${id}`);
    this.staffApis.set(username, api);
    return api;
  }

  /** Anonymous calls (the mobile page before identification). */
  anonymous(who = 'anonymous'): DemoApi {
    return this.api(who, null);
  }

  /** A customer's calls with their mobile-page session token. */
  customer(token: string, who = 'customer'): DemoApi {
    return this.api(who, token);
  }

  private api(who: string, token: string | null): DemoApi {
    const call = async (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      body: unknown,
      opts: CallOptions = {},
      contentType?: string,
    ): Promise<LightMyRequestResponse> =>
      this.server.inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as never }),
        ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(opts.key ? { 'idempotency-key': opts.key } : {}),
          ...(contentType ? { 'content-type': contentType } : {}),
          ...(opts.headers ?? {}),
        },
      });
    const parse = (res: LightMyRequestResponse) => {
      const type = String(res.headers['content-type'] ?? '');
      return type.includes('json') ? res.json() : res.rawPayload;
    };
    const strict = async (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      body: unknown,
      opts: CallOptions = {},
      contentType?: string,
    ) => {
      const res = await call(method, url, body, opts, contentType);
      const ok = opts.accept ? opts.accept.includes(res.statusCode) : res.statusCode >= 200 && res.statusCode < 300;
      if (!ok) throw new DemoApiError(who, method, url, res.statusCode, res.body);
      return parse(res);
    };
    return {
      who,
      get: (url, opts) => strict('GET', url, undefined, opts),
      post: (url, body, opts) => strict('POST', url, body ?? {}, opts),
      put: (url, body, opts) => strict('PUT', url, body ?? {}, opts),
      patch: (url, body, opts) => strict('PATCH', url, body ?? {}, opts),
      del: (url, opts) => strict('DELETE', url, undefined, opts),
      upload: (url, bytes, contentType = 'text/csv', opts) => strict('POST', url, bytes, opts, contentType),
      call: async (method, url, body, opts) => {
        const res = await call(method, url, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}), opts);
        return { status: res.statusCode, body: parse(res) };
      },
    };
  }
}
