// The reactivation advisor (SPEC §6): "what must this customer do after this repair", answered by
// the API from the real license (its column of the hardware-change table, its state), the latest
// support case about that repair and any OEM repair report, step by step with what is done.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Advice, Device, RepairKind } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { LicenseChoice, RepairField, REPAIRS, useLicenseChoice, type LicenseReference } from './LicenseChoice.tsx';

export function Advisor({ organizationId, devices }: { organizationId: string; devices: readonly Device[] }) {
  const { t } = useI18n();
  const license = useLicenseChoice(devices);
  const [repair, setRepair] = useState<(typeof REPAIRS)[number]>('motherboard_replacement');
  const [answer, setAnswer] = useState<{ advice: Advice; reference: LicenseReference; repair: RepairKind }>();
  const ask = useAction(async (reference: LicenseReference) => {
    const body = 'serialNumber' in reference ? { serialNumber: reference.serialNumber, repair } : { licenseId: reference.licenseId, repair };
    setAnswer({ advice: await api.post('/v1/organizations/{organizationId}/reactivation-advice', { path: { organizationId }, body }), reference, repair });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (license.reference) void ask.run(license.reference);
  };
  return (
    <section aria-labelledby="advisor-heading" className="card">
      <h2 id="advisor-heading">{t('advisor.title')}</h2>
      <p className="hint">{t('advisor.text')}</p>
      <form onSubmit={submit} className="stack narrow">
        <LicenseChoice devices={devices} state={license} />
        <RepairField value={repair} onChange={(next) => { setRepair(next); setAnswer(undefined); }} />
        <div><button type="submit" className="secondary" disabled={!license.reference || ask.busy}>{t('advisor.ask')}</button></div>
      </form>
      <ErrorMessage error={ask.error} />
      {answer && <AdviceView advice={answer.advice} organizationId={organizationId} openCase={{ reference: answer.reference, repair: answer.repair }} />}
    </section>
  );
}

/** The advisor's answer: the license's column and path, then each step, done or to do. */
export function AdviceView({ advice, organizationId, openCase, currentCaseId }: { advice: Advice; organizationId: string; openCase?: { reference: LicenseReference; repair: RepairKind }; currentCaseId?: string }) {
  const { t, language } = useI18n();
  const casePath = `/o/${organizationId}/support-cases`;
  const query = openCase && new URLSearchParams({ repair: openCase.repair, ...('deviceId' in openCase.reference ? { deviceId: openCase.reference.deviceId } : { serialNumber: openCase.reference.serialNumber }) });
  return (
    <div className="stack" role="region" aria-label={t('advisor.answer')}>
      <h3>{t('advisor.answer')}</h3>
      <p className="emphasis">{t('advisor.summary', { column: t(`column.${advice.column}`), path: t(`path.${advice.path}`) })}</p>
      {advice.blocked && <p className="message message-error">{t('advisor.blocked')}</p>}
      <ol className="advice-steps">
        {advice.steps.map((step) => (
          <li key={step.code} className={step.done ? 'advice-done' : undefined}>
            <span className={`badge ${step.done ? 'badge-active' : 'badge-expired'}`}>{step.done ? t('advisor.done') : t('advisor.todo')}</span> {step.text[language]}
          </li>
        ))}
      </ol>
      {advice.caseId ? (
        advice.caseId !== currentCaseId && <p><Link to={`${casePath}/${advice.caseId}`}>{t('advisor.case')}</Link></p>
      ) : (
        advice.path === 'support_code' && query && <p><Link to={`${casePath}?${query}`}>{t('advisor.openCase')}</Link></p>
      )}
    </div>
  );
}
