// A support case's state as a badge.
import type { SupportCase } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18n.tsx';

const BADGE = { open: 'badge-expired', approved: 'badge-active', resolved: 'badge-active', rejected: 'badge-cancelled', closed: 'badge-disabled' } as const;

export function CaseState({ state }: { state: SupportCase['state'] }) {
  const { t } = useI18n();
  return <span className={`badge ${BADGE[state]}`}>{t(`caseState.${state}`)}</span>;
}
