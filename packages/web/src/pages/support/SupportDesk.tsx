// The support desk's queue (support agents): every organization's cases, open ones first by
// default, each with what it still needs. A case's page reviews its proofs and decides it.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { organizationsById } from '../../api/organizations.ts';
import { Link } from '../../app/router.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, SelectField, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { CaseState } from './CaseState.tsx';

const FILTERS = ['open', 'approved', 'resolved', 'rejected', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

async function loadQueue(filter: Filter) {
  const cases = (await api.get('/v1/support-cases', { query: { limit: 200, ...(filter === 'all' ? {} : { state: filter }) } })).data;
  return { cases, organizations: await organizationsById(cases.map((c) => c.organizationId)) };
}

export function SupportDesk() {
  const { t, instant } = useI18n();
  const [filter, setFilter] = useState<Filter>('open');
  const queue = useLoad(() => loadQueue(filter), [filter]);
  return (
    <Page title={t('desk.title')}>
      <div className="narrow">
        <SelectField label={t('desk.filter')} value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>{f === 'all' ? t('desk.filter.all') : t(`caseState.${f}`)}</option>
          ))}
        </SelectField>
      </div>
      <LoadState loaded={queue}>
        {({ cases, organizations }) =>
          cases.length === 0 ? (
            <p>{t('desk.none')}</p>
          ) : (
            <Table label={t('desk.title')} columns={[t('cases.column.opened'), t('desk.column.customer'), t('cases.column.repair'), t('cases.column.state')]}>
              {cases.map((c) => {
                const organization = organizations.get(c.organizationId);
                return (
                  <tr key={c.id}>
                    <td><Link to={`/vendor/support-cases/${c.organizationId}/${c.id}`}>{instant(c.createdAt, organization?.timeZone ?? 'UTC')}</Link></td>
                    <td>{organization?.name ?? c.organizationId}</td>
                    <td>{t(`repair.${c.repair}`)}</td>
                    <td><CaseState state={c.state} /></td>
                  </tr>
                );
              })}
            </Table>
          )
        }
      </LoadState>
    </Page>
  );
}
