/**
 * The paths a customer takes through Huinong, as the mobile page and the officer's phone call them:
 * identify with a one-time code, apply on a channel (with its tracking codes), a guarantor confirming on
 * their own phone, and drawing on a line. Every actor that brings a customer to a loan goes through here, so
 * a channel differs only in how the customer arrived.
 */
import type {
  ApplicationRequest,
  ApplicationResult,
  Channel,
  DrawdownResult,
  OtpChallenge,
  SessionView,
} from '../../src/modules/origination/origination.contract.js';
import type { RepaymentMethod } from '../../src/modules/products/products.contract.js';
import type { OutboxPage } from '../../src/modules/sms/sms.contract.js';
import { withTx } from '../../src/db/client.js';
import { core } from '../../src/modules/core/index.js';
import type { Person } from './people.js';
import type { DemoApi, Sim } from './sim.js';

export const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

/** The staff member who reads one-time codes from the embedded SMS gateway's outbox (the customer's phone). */
const OUTBOX_READER = 'admin';

/** Each person applies from their own phone: an address of their own (the portal limits per address). */
export function phoneAddress(person: Person): string {
  const i = person.index;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** The latest one-time code sent to a mobile (what the customer reads on their phone). */
async function latestCode(sim: Sim, mobile: string): Promise<string> {
  const reader = await sim.as(OUTBOX_READER);
  const page = await reader.post<OutboxPage>('/api/v1/sms/outbox/search', { mobile, pageSize: 5 });
  const m = page.items.find((x) => /验证码/.test(x.text));
  const code = m ? /(\d{6})/.exec(m.text)?.[1] : undefined;
  if (!code) throw new Error(`demo: no one-time code in the outbox for ${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
  return code;
}

export interface ArrivalCodes {
  officerCode?: string;
  referralCode?: string;
  cardCode?: string;
}

/** The customer identifies on the mobile page (one-time code) and gets a session. */
export async function portalSession(sim: Sim, person: Person, codes: ArrivalCodes = {}): Promise<{ api: DemoApi; customerId: number }> {
  const anon = sim.anonymous(person.name);
  const who = { name: person.name, idNumber: person.idNumber, mobile: person.mobile };
  const remoteAddress = phoneAddress(person);
  const otp = await anon.post<OtpChallenge>('/api/v1/portal/otp', who, { remoteAddress });
  sim.wait(20);
  const code = await latestCode(sim, person.mobile);
  const session = await anon.post<SessionView>(
    '/api/v1/portal/sessions',
    { ...who, challengeId: otp.challengeId, code, ...codes },
    { remoteAddress },
  );
  return { api: sim.customer(session.token, person.name), customerId: session.customer.id };
}

export interface Lead {
  person: Person;
  channel: Channel;
  productCode: string;
  requestedYuan: number;
  termMonths: number;
  method: RepaymentMethod;
  occupation: string;
  monthlyIncomeYuan: number;
  /** The officer who applies with the customer on their phone (OFFICER_ASSISTED); else the customer applies on the mobile page. */
  officer?: string;
  codes?: ArrivalCodes & { campaignCode?: string; groupCode?: string };
  /** 保证e贷: the guarantor (an existing customer of the bank), who confirms on their own phone. */
  guarantor?: Person;
  /** 质押e贷: the customer's certificates to pledge. */
  pledgeCdNos?: string[];
}

export interface Applied {
  result: ApplicationResult;
  /** The customer's own calls (mobile-page applications), for drawing on the line afterwards. */
  customer?: DemoApi;
}

/** Applies as the lead says: on the mobile page, or with the officer. A guarantor confirms at once. */
export async function apply(sim: Sim, lead: Lead): Promise<Applied> {
  const body: ApplicationRequest = {
    productCode: lead.productCode,
    channel: lead.channel,
    requestedAmount: `${lead.requestedYuan}.00`,
    termMonths: lead.termMonths,
    repaymentMethod: lead.method,
    consents: CONSENTS,
    ...(lead.guarantor
      ? { guarantor: { name: lead.guarantor.name, idNumber: lead.guarantor.idNumber, mobile: lead.guarantor.mobile } }
      : {}),
    ...(lead.pledgeCdNos ? { pledgeCdNos: lead.pledgeCdNos } : {}),
    ...(lead.codes?.campaignCode ? { campaignCode: lead.codes.campaignCode } : {}),
    ...(lead.codes?.groupCode ? { groupCode: lead.codes.groupCode } : {}),
    ...(lead.codes?.officerCode ? { officerCode: lead.codes.officerCode } : {}),
    ...(lead.codes?.referralCode ? { referralCode: lead.codes.referralCode } : {}),
    ...(lead.codes?.cardCode ? { cardCode: lead.codes.cardCode } : {}),
  };
  let result: ApplicationResult;
  let customer: DemoApi | undefined;
  if (lead.officer) {
    const officer = await sim.as(lead.officer);
    result = await officer.post<ApplicationResult>('/api/v1/applications', {
      ...body,
      applicant: {
        name: lead.person.name,
        idNumber: lead.person.idNumber,
        mobile: lead.person.mobile,
        occupation: lead.occupation,
        monthlyIncome: `${lead.monthlyIncomeYuan}.00`,
      },
    });
  } else {
    // the session takes the codes it knows (officer, referral, card); campaign and group codes go with the application
    const { officerCode, referralCode, cardCode } = lead.codes ?? {};
    const session = await portalSession(sim, lead.person, {
      ...(officerCode ? { officerCode } : {}),
      ...(referralCode ? { referralCode } : {}),
      ...(cardCode ? { cardCode } : {}),
    });
    customer = session.api;
    sim.wait(60);
    // the customer states their own occupation and income on the form, as the officer would for them
    result = await customer.post<ApplicationResult>(
      '/api/v1/applications',
      {
        ...body,
        applicant: {
          name: lead.person.name,
          idNumber: lead.person.idNumber,
          mobile: lead.person.mobile,
          occupation: lead.occupation,
          monthlyIncome: `${lead.monthlyIncomeYuan}.00`,
        },
      },
      { remoteAddress: phoneAddress(lead.person) },
    );
  }
  sim.count(`applications.${lead.channel}`);
  sim.count(`applications.${result.status}`);
  if (result.guaranteeLink && lead.guarantor) {
    const confirmed = await confirmGuarantee(sim, lead.guarantor, result.guaranteeLink);
    result = { ...result, creditLineId: confirmed ?? result.creditLineId };
  }
  return { result, customer };
}

/** The guarantor opens the link on their phone, identifies with a one-time code and agrees. */
export async function confirmGuarantee(sim: Sim, guarantor: Person, link: string): Promise<number | null> {
  const token = link.split('/').pop()!;
  const anon = sim.anonymous(guarantor.name);
  const remoteAddress = phoneAddress(guarantor);
  sim.wait(600);
  const who = { name: guarantor.name, idNumber: guarantor.idNumber, mobile: guarantor.mobile };
  const otp = await anon.post<OtpChallenge>(`/api/v1/portal/guarantees/${token}/otp`, who, { remoteAddress });
  const code = await latestCode(sim, guarantor.mobile);
  const done = await anon.post<{ status: 'CONFIRMED'; creditLineId: number | null }>(
    `/api/v1/portal/guarantees/${token}/confirm`,
    { challengeId: otp.challengeId, code, idNumber: guarantor.idNumber, agree: true },
    { remoteAddress },
  );
  sim.count('guarantees.confirmed');
  return done.creditLineId;
}

/** A drawdown on a line (by the customer on the mobile page, or by staff for them); returns the loan. */
export async function draw(
  sim: Sim,
  who: DemoApi,
  creditLineId: number,
  d: { amountYuan: number; termMonths: number; method: RepaymentMethod; key: string },
): Promise<DrawdownResult> {
  const r = await who.post<DrawdownResult>(
    `/api/v1/credit-lines/${creditLineId}/drawdowns`,
    { amount: `${d.amountYuan}.00`, termMonths: d.termMonths, repaymentMethod: d.method },
    { key: d.key },
  );
  sim.count('drawdowns');
  sim.count('drawdowns.yuan', d.amountYuan);
  return r;
}

/**
 * Money arriving in a customer's demand account on the core system's side (salary, cash brought to the
 * counter, a guarantor's payment), through the core adapter. Returns the account credited (null: the
 * customer has no active demand account, nothing happens).
 */
export async function deposit(
  sim: Sim,
  customerId: number,
  yuan: number,
  memo: string,
  accountNo: string | null = null,
): Promise<string | null> {
  if (yuan <= 0) return accountNo;
  const credited = await withTx(sim.ctx.db, async (tx) => {
    const acct = accountNo ?? (await core.demandAccounts(tx, customerId)).find((a) => a.status === 'ACTIVE')?.accountNo ?? null;
    if (!acct) return null;
    await core.credit(tx, {
      customerId,
      accountNo: acct,
      amountFen: BigInt(Math.round(yuan * 100)),
      reference: `demo-${sim.date}-${customerId}-${memo}`,
      businessDate: sim.date,
      memo,
    });
    return acct;
  });
  if (credited) sim.count('income.yuan', Math.round(yuan));
  return credited;
}
