/**
 * The lobby's figures of a period for the work report (issue 15 §1): the per-branch figures of the
 * lobby's own figures page (tasks made in the period, contacted, converted and their amount, leads),
 * added up over the actor's scope.
 */
import type { Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { parseYuan } from '../../kernel/money.js';
import type { Actor } from '../org/index.js';
import { figures } from './lobby.service.js';

export interface LobbyPeriodFigures {
  tasks: number;
  contacted: number;
  converted: number;
  convertedFen: bigint;
  leads: number;
  leadsConverted: number;
  leadsFen: bigint;
}

export async function lobbyFiguresBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<LobbyPeriodFigures> {
  const out: LobbyPeriodFigures = { tasks: 0, contacted: 0, converted: 0, convertedFen: 0n, leads: 0, leadsConverted: 0, leadsFen: 0n };
  for (let page = 1; ; page++) {
    const res = await figures(db, actor, { by: 'branch', from: period.from, to: period.to, page, pageSize: 500 });
    for (const r of res.items) {
      out.tasks += r.tasks;
      out.contacted += r.contacted;
      out.converted += r.converted;
      out.convertedFen += parseYuan(r.convertedAmount);
      out.leads += r.leads;
      out.leadsConverted += r.leadsConverted;
      out.leadsFen += parseYuan(r.leadsAmount);
    }
    if (page * 500 >= res.total) return out;
  }
}
