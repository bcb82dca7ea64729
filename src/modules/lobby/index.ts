/**
 * Maturing certificates of deposit and lobby staff (厅堂营销, issue 14 §6): the public surface. The
 * end-of-day step LOBBY turns certificates and offline loans maturing within N days (LOBBY_PARAMS, through
 * review) into tasks — the lobby staff of the holder's branch offer a 质押e贷 or a renewal; an offline
 * borrower gets a renewal invitation by SMS and their officer a task — with the outcome recorded and
 * conversion read from the loans; lobby staff hand leads to field officers (内外勤联动), both credited
 * when the person borrows (docs/marketing.md "Maturing CDs and lobby staff").
 *
 *   { name: 'LOBBY', run: (tx, d, p) => eodLobby(tx, d, p) }
 */
import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../../kernel/dates.js';
import { maturingHoldersSource } from '../core/index.js';
import { daysAheadOn } from './params.service.js';

export { eodLobby } from './eod-lobby.js';
export { getLobbyParams } from './params.service.js';
export { lobbyChangeTypes } from './changes.js';
export { lobbyRoutes } from './lobby.routes.js';

/** The customers day D visits for the LOBBY step: a certificate or offline loan maturing within the N in force on D. */
export function lobbyCustomersSource(D: IsoDate): SQL {
  return sql`SELECT h.customer_id FROM (${maturingHoldersSource(D, daysAheadOn(D))}) h`;
}
// the work report: the lobby's figures of a period, added up over the actor's scope
export { lobbyFiguresBetween, type LobbyPeriodFigures } from './period-figures.js';
