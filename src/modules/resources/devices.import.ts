/**
 * The device list imported from a file (移动展业设备导入, issue 15 §5): an import of type DEVICES through
 * the imports module — a CSV (UTF-8 or GBK) or XLSX with 资产编号,序列号,型号,类型,机构代码. Every row is
 * checked (asset number, serial number and model present, the type known, the branch active and in the
 * uploader's scope, neither number repeated in the file nor registered already); any error refuses the
 * file. The checker (review:check:IMPORT_DEVICES, never the uploader) approves, and the devices are
 * registered in stock on the business date, each with its REGISTERED event; a number registered meanwhile
 * rolls the whole batch back (409).
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ImportTypeSpec, RowError } from '../imports/index.js';
import { listBranchRows } from '../org/index.js';
import { DEVICE_KINDS, type DeviceKind } from './resources.contract.js';
import { insertDevice } from './devices.service.js';

export const DEVICES_IMPORT_TYPE = 'DEVICES';

/** One device as it waits for the checker. */
export interface DeviceRecord {
  assetNo: string;
  serialNo: string;
  model: string;
  kind: DeviceKind;
  branchId: number;
  branchCode: string;
}

const KIND_WORDS: Record<string, DeviceKind> = {
  '': 'PAD',
  pad: 'PAD',
  平板: 'PAD',
  平板电脑: 'PAD',
  phone: 'PHONE',
  手机: 'PHONE',
  other: 'OTHER',
  其他: 'OTHER',
};

function kindOf(text: string): DeviceKind | null {
  const t = text.trim();
  if ((DEVICE_KINDS as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as DeviceKind;
  return KIND_WORDS[t.toLowerCase()] ?? null;
}

/** The DEVICES import type, for the composition root. */
export function devicesImportType(): ImportTypeSpec<DeviceRecord> {
  return {
    type: DEVICES_IMPORT_TYPE,
    nameZh: '移动展业设备',
    nameEn: 'Mobile lending devices',
    checkerPermission: 'review:check:IMPORT_DEVICES',
    makerPermission: 'resources:write',
    maxRows: 10_000,
    columns: [
      {
        key: 'assetNo',
        headers: ['资产编号', 'asset no', 'asset_no', 'assetNo'],
        required: true,
        labelZh: '资产编号',
        labelEn: 'Asset number',
      },
      {
        key: 'serialNo',
        headers: ['序列号', 'serial no', 'serial_no', 'serialNo'],
        required: true,
        labelZh: '序列号',
        labelEn: 'Serial number',
      },
      { key: 'model', headers: ['型号', 'model'], required: true, labelZh: '型号', labelEn: 'Model' },
      { key: 'kind', headers: ['类型', 'kind', 'type'], required: false, labelZh: '类型', labelEn: 'Kind' },
      {
        key: 'branchCode',
        headers: ['机构代码', '机构号', 'branch code', 'branch_code', 'branchCode'],
        required: true,
        labelZh: '机构代码',
        labelEn: 'Branch code',
      },
    ],
    templateRows: [
      ['YZ-PAD-0001', 'SN20260001', '华为 MatePad 11', '平板', 'YZ-GL'],
      ['YZ-PHN-0001', 'SN20260002', '华为 nova 12', '手机', 'YZ-GL'],
    ],
    describeRecord: (r) => `资产编号：${r.assetNo}；序列号：${r.serialNo}；型号：${r.model}；机构：${r.branchCode}`,
    validate: async (tx, rows, cmd) => {
      const errors: RowError[] = [];
      const err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) =>
        errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });
      const actor = cmd.actor;
      const branches = new Map(
        (await listBranchRows(tx))
          .filter((b) => b.status === 'ACTIVE' && (!actor || actor.scope === 'BANK' || b.path.startsWith(actor.branchPath)))
          .map((b) => [b.code.toUpperCase(), { id: Number(b.id), code: b.code }]),
      );
      const records: DeviceRecord[] = [];
      const seenSerial = new Map<string, number>();
      const seenAsset = new Map<string, number>();
      for (const { rowNo, values } of rows) {
        const assetNo = (values.assetNo ?? '').trim();
        const serialNo = (values.serialNo ?? '').trim();
        const model = (values.model ?? '').trim();
        let ok = true;
        if (!assetNo || assetNo.length > 40) {
          ok = false;
          err(
            rowNo,
            'assetNo',
            values.assetNo || null,
            'DEVICE_ASSET_NO_INVALID',
            '资产编号不能为空，不超过 40 个字符',
            'Asset number: required, at most 40 characters',
          );
        }
        if (!serialNo || serialNo.length > 60) {
          ok = false;
          err(
            rowNo,
            'serialNo',
            values.serialNo || null,
            'DEVICE_SERIAL_INVALID',
            '序列号不能为空，不超过 60 个字符',
            'Serial number: required, at most 60 characters',
          );
        }
        if (!model || model.length > 60) {
          ok = false;
          err(
            rowNo,
            'model',
            values.model || null,
            'DEVICE_MODEL_INVALID',
            '型号不能为空，不超过 60 个字符',
            'Model: required, at most 60 characters',
          );
        }
        const kind = kindOf(values.kind ?? '');
        if (!kind) {
          ok = false;
          err(rowNo, 'kind', values.kind || null, 'DEVICE_KIND_INVALID', '类型应为平板、手机或其他', 'Kind: PAD, PHONE or OTHER');
        }
        const branch = branches.get((values.branchCode ?? '').trim().toUpperCase());
        if (!branch) {
          ok = false;
          err(
            rowNo,
            'branchCode',
            values.branchCode || null,
            'DEVICE_BRANCH_INVALID',
            '机构代码无效、机构已停用或不在您的数据范围内',
            'Unknown or disabled branch, or outside your scope',
          );
        }
        const firstSerial = serialNo ? seenSerial.get(serialNo) : undefined;
        if (firstSerial !== undefined) {
          ok = false;
          err(
            rowNo,
            'serialNo',
            serialNo,
            'DUPLICATE_IN_FILE',
            `序列号与第 ${firstSerial} 行重复`,
            `Same serial number as row ${firstSerial}`,
          );
        } else if (serialNo) seenSerial.set(serialNo, rowNo);
        const firstAsset = assetNo ? seenAsset.get(assetNo) : undefined;
        if (firstAsset !== undefined) {
          ok = false;
          err(
            rowNo,
            'assetNo',
            assetNo,
            'DUPLICATE_IN_FILE',
            `资产编号与第 ${firstAsset} 行重复`,
            `Same asset number as row ${firstAsset}`,
          );
        } else if (assetNo) seenAsset.set(assetNo, rowNo);
        if (ok && kind && branch) records.push({ assetNo, serialNo, model, kind, branchId: branch.id, branchCode: branch.code });
      }
      // registered already
      if (records.length > 0) {
        const taken = await queryRows<{ asset_no: string; serial_no: string }>(
          tx,
          sql`SELECT asset_no, serial_no FROM devices
               WHERE serial_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(records.map((r) => r.serialNo))}::jsonb))
                  OR asset_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(records.map((r) => r.assetNo))}::jsonb))`,
        );
        const serials = new Set(taken.map((t) => t.serial_no));
        const assets = new Set(taken.map((t) => t.asset_no));
        for (const r of records) {
          if (serials.has(r.serialNo))
            err(
              seenSerial.get(r.serialNo)!,
              'serialNo',
              r.serialNo,
              'DEVICE_SERIAL_TAKEN',
              '该序列号的设备已登记',
              'A device with this serial number is registered already',
            );
          if (assets.has(r.assetNo))
            err(
              seenAsset.get(r.assetNo)!,
              'assetNo',
              r.assetNo,
              'DEVICE_ASSET_NO_TAKEN',
              '该资产编号已被其他设备使用',
              'This asset number is used by another device',
            );
        }
      }
      errors.sort((a, b) => a.rowNo - b.rowNo);
      return { errors, records: errors.length ? [] : records };
    },
    apply: async (tx, records, ctx) => {
      const D = await getBusinessDate(tx);
      for (const r of records) {
        await insertDevice(
          tx,
          { assetNo: r.assetNo, serialNo: r.serialNo, model: r.model, kind: r.kind, branchId: r.branchId, note: null },
          D,
          ctx.makerId,
        );
      }
      await auditCommand(tx, ctx.cmd, 'device.import', { type: 'import_batch', id: ctx.batchId }, { devices: records.length });
      return { applied: records.length };
    },
  };
}

/** The resources module's import types, for the composition root. */
export function resourcesImportTypes(): ImportTypeSpec<unknown>[] {
  return [devicesImportType() as ImportTypeSpec<unknown>];
}
