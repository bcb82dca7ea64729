/** Pieces the prospect screens share: the status tag, the loan officers to choose from, the assignment dialog. */
import { useState } from 'react';
import { Form, Input, Modal, Radio, Select } from 'antd';
import type { Id } from '../../shared/api';
import { StatusTag } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { accessApi } from '../access/api';
import { BranchTreeSelect, useBranches } from '../access/branchTree';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { tid } from '../shell/testid';
import { ASSIGNMENT_RULES, PROSPECT_STATUS_TONES, prospectApi, type ProspectStatus } from './api';

export function ProspectStatusTag({ status }: { status: ProspectStatus }) {
  const { t } = useI18n();
  return (
    <StatusTag tone={PROSPECT_STATUS_TONES[status] ?? 'closed'} testId="prospect-status" data={{ status }}>
      {t(`pros.status.${status}`)}
    </StatusTag>
  );
}

/** The active loan officers in the user's scope (for filters and assignment), when the user may read staff. */
export function useOfficers() {
  const can = useCan();
  const allowed = can('staff:read');
  const { data } = useAsync(
    async (signal) =>
      allowed
        ? (await accessApi.staff({ role: 'loan_officer', page: 1, pageSize: 200 }, signal)).items.filter((s) => s.status === 'ACTIVE')
        : [],
    [allowed],
    { onError: showError },
  );
  return data ?? [];
}

/** Branches for the filters, when the user may read them. */
export function useBranchOptions() {
  return useBranches();
}

type Scope = 'selected' | 'filter';
type Rule = (typeof ASSIGNMENT_RULES)[number];

/**
 * Assign prospects (branch heads, executives): the selected ones, or the open ones of a branch and/or
 * village, to one or more officers by round robin or by load. One prospect and one officer reassigns.
 */
export function AssignDialog({
  open,
  prospectIds,
  onClose,
  onDone,
  single = false,
}: {
  open: boolean;
  prospectIds: number[];
  onClose: () => void;
  onDone: () => void;
  /** Reassigning one prospect: one officer, no rule, no filter. */
  single?: boolean;
}) {
  const { t } = useI18n();
  const officers = useOfficers();
  const { data: branches } = useBranchOptions();
  const [scope, setScope] = useState<Scope>(prospectIds.length > 0 ? 'selected' : 'filter');
  const [branchId, setBranchId] = useState<Id | undefined>();
  const [village, setVillage] = useState('');
  const [officerIds, setOfficerIds] = useState<number[]>([]);
  const [rule, setRule] = useState<Rule>('ROUND_ROBIN');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const officerOptions = officers.map((o) => ({ value: o.id, label: `${o.name}（${o.username}）· ${o.branchName}` }));
  const effectiveScope: Scope = prospectIds.length > 0 ? scope : 'filter';

  async function submit() {
    if (officerIds.length === 0) return showError(new Error(t('pros.needOfficer')));
    if (effectiveScope === 'filter' && branchId === undefined && !village.trim()) return showError(new Error(t('pros.needScope')));
    setBusy(true);
    try {
      const res = await prospectApi.assign({
        ...(effectiveScope === 'selected'
          ? { prospectIds }
          : { ...(branchId !== undefined ? { branchId: Number(branchId) } : {}), ...(village.trim() ? { village: village.trim() } : {}) }),
        officerIds,
        rule,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      showSuccess(t('pros.assignDone', { count: res.assigned }));
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={single ? t('pros.reassign') : t('pros.assignTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={tid('prospect-assign-submit')}
    >
      <Form layout="vertical">
        {!single && (
          <Form.Item label={t('pros.assignScope')}>
            <Radio.Group value={effectiveScope} onChange={(e) => setScope(e.target.value as Scope)} data-testid="prospect-assign-scope">
              <Radio value="selected" disabled={prospectIds.length === 0}>
                {t('pros.assignScope.selected', { count: prospectIds.length })}
              </Radio>
              <Radio value="filter">{t('pros.assignScope.filter')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {!single && effectiveScope === 'filter' && (
          <>
            <Form.Item label={t('pros.branch')}>
              <BranchTreeSelect branches={branches?.items} value={branchId} onChange={setBranchId} data-testid="prospect-assign-branch" />
            </Form.Item>
            <Form.Item label={t('pros.village')}>
              <Input value={village} onChange={(e) => setVillage(e.target.value)} maxLength={100} data-testid="prospect-assign-village" />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('pros.assignOfficers')} required>
          {single ? (
            <Select<number>
              showSearch={{ optionFilterProp: 'label' }}
              value={officerIds[0]}
              onChange={(v) => setOfficerIds(v === undefined ? [] : [v])}
              options={officerOptions}
              data-testid="prospect-assign-officers"
            />
          ) : (
            <Select<number[]>
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              value={officerIds}
              onChange={(v) => setOfficerIds(v)}
              options={officerOptions}
              data-testid="prospect-assign-officers"
            />
          )}
        </Form.Item>
        {!single && (
          <Form.Item label={t('pros.assignRule')}>
            <Radio.Group value={rule} onChange={(e) => setRule(e.target.value as Rule)} data-testid="prospect-assign-rule">
              {ASSIGNMENT_RULES.map((r) => (
                <Radio key={r} value={r}>
                  {t(`pros.rule.${r}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item label={t('pros.note')}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} data-testid="prospect-assign-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
