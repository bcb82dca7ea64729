/** What every module's commands get: configuration, the database and the field crypto. */
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { FieldCrypto } from './kernel/crypto.js';
import type { Actor } from './modules/access/actor.js';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  crypto: FieldCrypto;
}

/** A borrower (or guarantor) identified on the mobile page by ID, mobile and a one-time code. */
export interface CustomerPrincipal {
  customerId: number;
  sessionId: number;
}

/** Who asks and from where, passed to every command for permissions, scope and audit. */
export interface CommandContext {
  actor: Actor | null;
  /** Set when a customer (not staff) calls from the mobile page. */
  customer?: CustomerPrincipal | null;
  clientIp: string | null;
  lang: 'zh' | 'en';
}
