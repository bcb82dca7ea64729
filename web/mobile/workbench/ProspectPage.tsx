/**
 * 客户卡片: a prospect of the officer's — masked name and ID, the mobile with one-tap call (the whole
 * number through the audited reveal route, then a tel: link), village, state, the contact log, and
 * "log a contact". From here the officer starts an application on the spot.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, List, Toast } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import { useProducts } from '../portal';
import { InfoRow, LoadFailed, Loading, SelectField, TextField, useAction } from '../ui';
import { StaffShell, useStaff } from './staff';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, workbenchApi, type ContactChannel, type ContactOutcome, type ProspectDetail } from './api';
import { StatusTag } from './StatusTag';

const OPEN = ['NEW', 'CONTACTED', 'INTERESTED'];

function CallButton({ prospectId }: { prospectId: number }) {
  const { t } = useI18n();
  const [mobile, setMobile] = useState<string | null>(null);
  const [reveal, busy] = useAction(async () => {
    setMobile((await workbenchApi.mobile(prospectId)).mobile);
  });
  if (mobile)
    return (
      <a
        className="adm-button adm-button-primary adm-button-block adm-button-large hnm-wb-call"
        href={`tel:${mobile}`}
        data-testid="m-prospect-call"
      >
        {t('m.wb.card.call')} {mobile}
      </a>
    );
  return (
    <Button block color="primary" size="large" loading={busy} onClick={() => void reveal()} data-testid="m-prospect-reveal">
      {t('m.wb.card.reveal')}
    </Button>
  );
}

function ContactForm({
  prospect,
  businessDate,
  onSaved,
}: {
  prospect: ProspectDetail;
  businessDate: string | null;
  onSaved: (p: ProspectDetail) => void;
}) {
  const { t } = useI18n();
  const [channel, setChannel] = useState<ContactChannel>('PHONE');
  const [outcome, setOutcome] = useState<ContactOutcome>('REACHED');
  const [note, setNote] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [nextDate, setNextDate] = useState('');
  const [save, busy] = useAction(async () => {
    const saved = await workbenchApi.logContact(prospect.id, {
      channel,
      outcome,
      note: note.trim() || undefined,
      nextStep: nextStep.trim() || undefined,
      nextContactDate: nextDate || undefined,
    });
    Toast.show({ icon: 'success', content: t('m.wb.contact.saved') });
    setNote('');
    setNextStep('');
    setNextDate('');
    onSaved(saved);
  });
  return (
    <Card className="hnm-card" title={t('m.wb.contact.title')} data-testid="m-contact-form">
      <SelectField<ContactChannel>
        label={t('m.wb.contact.channel')}
        testId="m-contact-channel"
        value={channel}
        onChange={setChannel}
        options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`m.wb.channel.${c}` as MobileMessageKey) }))}
      />
      <SelectField<ContactOutcome>
        label={t('m.wb.contact.outcome')}
        testId="m-contact-outcome"
        value={outcome}
        onChange={setOutcome}
        options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`m.wb.outcome.${o}` as MobileMessageKey) }))}
      />
      <TextField label={t('m.wb.contact.note')} testId="m-contact-note" value={note} onChange={setNote} maxLength={500} />
      <TextField label={t('m.wb.contact.nextStep')} testId="m-contact-next-step" value={nextStep} onChange={setNextStep} maxLength={200} />
      <div className="hnm-field">
        <label className="hnm-field-label" htmlFor="f-m-contact-next-date">
          {t('m.wb.contact.nextDate')}
        </label>
        <div className="hnm-field-control">
          <input
            id="f-m-contact-next-date"
            className="hnm-input"
            type="date"
            min={businessDate ?? undefined}
            value={nextDate}
            onChange={(e) => setNextDate(e.target.value)}
            data-testid="m-contact-next-date"
          />
        </div>
        {businessDate && <div className="hnm-field-hint">{t('m.wb.contact.nextDateHint', { date: businessDate })}</div>}
      </div>
      <Button block color="primary" loading={busy} onClick={() => void save()} data-testid="m-contact-submit">
        {t('m.wb.contact.submit')}
      </Button>
    </Card>
  );
}

function ProspectCard({ id }: { id: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { user } = useStaff();
  const products = useProducts();
  const { data: p, error, loading, reload, setData } = useAsync((signal) => workbenchApi.prospect(id, signal), [id]);
  if (!p && loading) return <Loading />;
  if (!p) return <LoadFailed error={error} onRetry={reload} />;
  const canApply = user?.permissions.includes('application:create') && (OPEN.includes(p.status) || p.status === 'DECLINED');
  return (
    <div data-testid="m-prospect" data-status={p.status}>
      <Card className="hnm-card">
        <InfoRow label={t('m.wb.card.name')} strong testId="m-prospect-name">
          {p.nameMasked}
        </InfoRow>
        <InfoRow label={t('m.wb.card.status')}>
          <StatusTag status={p.status} testId="m-prospect-status" />
        </InfoRow>
        <InfoRow label={t('m.wb.card.id')} testId="m-prospect-id">
          {p.idNumberMasked}
        </InfoRow>
        <InfoRow label={t('m.wb.card.mobile')} testId="m-prospect-mobile">
          {p.mobileMasked}
        </InfoRow>
        <InfoRow label={t('m.wb.card.village')}>{p.village ?? '—'}</InfoRow>
        <InfoRow label={t('m.wb.card.next')} testId="m-prospect-next">
          {[p.nextContactDate, p.nextStep].filter(Boolean).join(' · ') || '—'}
        </InfoRow>
        {user?.permissions.includes('pii:unmask') && <CallButton prospectId={p.id} />}
        {canApply && (
          <Button
            block
            size="large"
            color="success"
            className="hnm-wb-apply"
            onClick={() => navigate(`/staff/prospects/${p.id}/apply`)}
            data-testid="m-prospect-apply"
          >
            {t('m.wb.card.apply')}
          </Button>
        )}
      </Card>
      {OPEN.includes(p.status) && user?.permissions.includes('prospect:contact') && (
        <ContactForm prospect={p} businessDate={products.businessDate} onSaved={setData} />
      )}
      <Card className="hnm-card" title={t('m.wb.card.log')}>
        {p.contacts.length === 0 ? (
          <div className="hnm-muted">{t('m.wb.card.noLog')}</div>
        ) : (
          <List data-testid="m-prospect-contacts">
            {p.contacts.map((c) => (
              <List.Item
                key={c.id}
                data-testid={`m-prospect-contact-${c.id}`}
                description={
                  <>
                    {t('m.wb.card.logBy', { date: c.contactDate, staff: c.staff.name })}
                    {c.note ? ` · ${c.note}` : ''}
                    {c.nextStep ? ` · ${t('m.wb.work.next', { step: c.nextStep })}` : ''}
                    {c.nextContactDate ? ` · ${c.nextContactDate}` : ''}
                  </>
                }
              >
                {t(`m.wb.channel.${c.channel}` as MobileMessageKey)} · {t(`m.wb.outcome.${c.outcome}` as MobileMessageKey)}
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </div>
  );
}

export function ProspectPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { user } = useStaff();
  const n = Number(id);
  return (
    <StaffShell title={t('m.wb.card.title')} back="/staff">
      {user && Number.isInteger(n) && <ProspectCard id={n} />}
    </StaffShell>
  );
}
