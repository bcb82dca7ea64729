/**
 * The demo bank's staff as a county bank has them, beside the well-known demo users (bank.ts): in each
 * branch a head, two to six customer managers (客户经理, more in the town branches) and a lobby officer;
 * a post-loan inspection centre (贷后检查中心) at head office; a second approver. Brought in at 2026-01-01
 * by a STAFF import through review, like a bank's own roll-out. Usernames say the branch and the post:
 * `gl.kh2` is 鼓楼支行's second customer manager.
 */
import { DEMO_BRANCHES, DEMO_USERS } from '../bank.js';
import { person } from './people.js';
import { rngFor } from './rng.js';

export interface RosterMember {
  username: string;
  name: string;
  branch: string;
  roles: string[];
  mobile: string;
}

/** Customer managers per branch code (the town branches are bigger); the rest have three. */
const OFFICERS: Record<string, number> = {
  'YZ-YYB': 6,
  'YZ-GL': 5,
  'YZ-JXQ': 5,
  'YZ-CD': 5,
  'YZ-CX': 5,
  'YZ-KFQ': 4,
  'YZ-JSL': 4,
  'YZ-JZ': 4,
  'YZ-XY': 4,
  'YZ-LQ': 4,
  'YZ-XLZ': 2,
  'YZ-WY': 2,
  'YZ-GC': 2,
  'YZ-HT': 2,
};
/** People indexes of staff (customers take indexes from 100,000 up). */
const STAFF_INDEX_BASE = 90_000;

export function branchSlug(code: string): string {
  return code
    .replace(/^YZ-/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The lending branches: those that hold customers and loans (營业部 and the branches, not the departments). */
export const LENDING_BRANCHES = DEMO_BRANCHES.filter((b) => b.kind === 'BRANCH').map((b) => b.code);

export function demoRoster(seed: number): RosterMember[] {
  const rng = rngFor(seed, 'roster');
  const taken = new Set(DEMO_USERS.map((u) => u.username));
  const out: RosterMember[] = [];
  let i = 0;
  const add = (username: string, branch: string, roles: string[]) => {
    const p = person(rng, STAFF_INDEX_BASE + i++, 24, 55);
    if (taken.has(username)) return;
    taken.add(username);
    out.push({ username, name: p.name, branch, roles, mobile: p.mobile });
  };
  for (const code of LENDING_BRANCHES) {
    const slug = branchSlug(code);
    // 鼓楼支行 already has head1, officer1 and lobby1 (bank.ts): its numbering starts after them
    const own = code === 'YZ-GL' ? 1 : 0;
    if (!own) add(`${slug}.head`, code, ['branch_head']);
    for (let n = 1 + own; n <= (OFFICERS[code] ?? 3); n++) add(`${slug}.kh${n}`, code, ['loan_officer']);
    if (!own) add(`${slug}.dt`, code, ['lobby_staff']);
  }
  for (let n = 1; n <= 4; n++) add(`dhjc.${n}`, 'YZ-FXGLB', ['inspector']);
  add('approver2', 'YZ-XDGLB', ['approver']);
  return out;
}
