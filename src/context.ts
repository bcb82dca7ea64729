/**
 * What every module's commands get: configuration, the database and the field crypto, and what the
 * composition root (src/app.ts) wires once at start-up and hands over as data.
 */
import type { Config } from './config.js';
import type { Database, Db, Tx } from './db/client.js';
import type { IsoDate } from './kernel/dates.js';
import type { FieldCrypto } from './kernel/crypto.js';
import type { Actor } from './modules/org/index.js';
import type { EodPipeline } from './modules/eod/index.js';
import type { ImportTypes } from './modules/imports/index.js';
import type { ServicingHooks } from './modules/loans/index.js';
import type { ChangeTypes } from './modules/review/index.js';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  crypto: FieldCrypto;
  /**
   * The end-of-day steps: the composition root hands the real day (the loans' steps and the
   * reconciliation); tests hand their own. A context built without it (tests that need no
   * end-of-day) runs the real day.
   */
  eodPipeline?: EodPipeline;
  /** Every module's review change types, built once from the lists the modules hand over. */
  changeTypes: ChangeTypes;
  /** Every module's import types, built the same way. */
  importTypes: ImportTypes;
  /**
   * What servicing (loans) needs from the modules after it, handed over here so that loans imports
   * none of them: origination's line and pledge hooks and end-of-day's guard.
   */
  hooks: ServicingHooks;
  /**
   * Called in the drawdown transaction of a customer who came by a referral (origination reports it,
   * the referrals module decides and pays the referrer's reward); wired by the composition root.
   */
  onReferredDisbursement?: (ctx: AppContext, tx: Tx, cmd: CommandContext, d: ReferredDisbursement) => Promise<void>;
  /**
   * Called in the transaction of an application that came through a key customer group's link (channel
   * GROUP, or a group code): refuses an unknown code (GROUP_CODE_UNKNOWN) and makes the applicant a member;
   * wired by the composition root (origination → groups, no module cycle).
   */
  onGroupApplication?: (ctx: AppContext, tx: Tx, cmd: CommandContext, a: GroupApplication) => Promise<void>;
  /**
   * Called in the transaction of every application, before it is written: decides the campaign it is
   * credited to — an explicit code (an unknown one refused, CAMPAIGN_CODE_UNKNOWN) or a campaign SMS
   * the applicant received within its window — and returns the code to store (or null) and a channel
   * campaign's channel; wired by the
   * composition root (origination → campaigns, no module cycle).
   */
  onCampaignApplication?: (ctx: AppContext, tx: Tx, cmd: CommandContext, a: CampaignApplicationFacts) => Promise<CampaignAttribution>;
}

/** The campaign an application is credited to, and the channel of a channel campaign (its tracking link). */
export interface CampaignAttribution {
  campaignCode: string | null;
  /** The channel campaign's channel, stored on an application that came by itself (SELF_SERVICE) through its link. */
  channel: 'WECHAT' | 'DOUYIN' | 'BUS_AD' | 'ROLLUP_STAND' | 'E_SCREEN' | 'STREET' | 'STAFF_FORWARD' | null;
}

/** An application as origination reports it for its campaign attribution (docs/marketing.md "Campaigns"). */
export interface CampaignApplicationFacts {
  /** The code the application carries (the tracking link's ?c=), if any. */
  campaignCode: string | null;
  customerId: number;
  businessDate: IsoDate;
  /** Decrypted; never log them. */
  idNumber: string;
  mobile: string;
}

/** An applicant who came by a key customer group's link, as origination reports it (docs/marketing.md "Key customer groups"). */
export interface GroupApplication {
  groupCode: string;
  customerId: number;
  /** Decrypted; never log them. */
  name: string;
  idNumber: string;
  mobile: string;
}

/** A drawdown of a referred customer, as origination reports it (docs/marketing.md "Referrals"). */
export interface ReferredDisbursement {
  customerId: number;
  loanId: number;
  amountFen: bigint;
  businessDate: IsoDate;
  referrerCustomerId: number;
  /** The customer's first application that named the referrer. */
  applicationId: number;
  /** Drawdowns of the customer before this one, and before the referred application. */
  earlierDrawdowns: number;
  drawdownsBeforeReferral: number;
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
