/**
 * The lobby module's change type LOBBY_PARAMS: a param manager (lobby:params) submits the days ahead and
 * the task expiry with the date they take effect; a different one holding review:check:LOBBY_PARAMS approves.
 */
import { auditCommand } from '../audit/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import type { LobbyParamValues } from './lobby.contract.js';
import { applyLobbyParams, describeLobbyParamsChange, LOBBY_PARAMS_CHANGE, titleEn, titleZh } from './params.service.js';

const lobbyParamsChange: ChangeTypeSpec<LobbyParamValues> = {
  type: LOBBY_PARAMS_CHANGE,
  nameZh: '厅堂营销参数变更',
  nameEn: 'Lobby parameters',
  checkerPermission: 'review:check:LOBBY_PARAMS',
  titleZh,
  titleEn,
  describe: (tx, p) => describeLobbyParamsChange(tx, p),
  apply: async (tx, p, ctx) => {
    const version = await applyLobbyParams(tx, p, ctx.requestId, ctx.cmd.lang);
    await auditCommand(
      tx,
      ctx.cmd,
      'lobby-params.apply',
      { type: 'lobby-params', id: String(version) },
      { version, params: p, reviewRequestId: ctx.requestId },
    );
  },
};

/** The lobby module's change types (LOBBY_PARAMS), for the composition root. */
export function lobbyChangeTypes(): ChangeTypeSpec<never>[] {
  return [lobbyParamsChange as ChangeTypeSpec<never>];
}
