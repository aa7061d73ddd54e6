// The vendor's simulations: each a frozen clock with sandbox organizations of its own.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useHolds } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Page, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function Simulations() {
  const { t, instant } = useI18n();
  const { navigate } = useRouter();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const simulations = useLoad(() => api.get('/v1/simulations', { query: { limit: 200 } }), []);
  const [name, setName] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const create = useAction(async () => {
    // The field is a UTC date and time (datetime-local carries no zone): read it as UTC.
    const simulation = await api.post('/v1/simulations', { body: { ...(name.trim() ? { name: name.trim() } : {}), startsAt: new Date(`${startsAt}Z`).toISOString() } });
    navigate(`/vendor/simulations/${simulation.id}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };

  return (
    <Page title={t('sim.title')}>
      <p>{t('sim.intro')}</p>
      <section aria-labelledby="sim-list-heading">
        <h2 id="sim-list-heading">{t('sim.list')}</h2>
        <LoadState loaded={simulations}>
          {({ data }) =>
            data.length === 0 ? (
              <p>{t('table.empty')}</p>
            ) : (
              <ul>
                {data.map((s) => (
                  <li key={s.id}>
                    <Link to={`/vendor/simulations/${s.id}`}>{s.name}</Link> — {t('sim.now', { time: instant(s.now, 'UTC') })}
                  </li>
                ))}
              </ul>
            )
          }
        </LoadState>
      </section>
      {isAdmin && (
        <section aria-labelledby="sim-new-heading" className="card">
          <h2 id="sim-new-heading">{t('sim.new')}</h2>
          <form onSubmit={submit} className="stack narrow">
            <TextField label={t('sim.name')} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            <TextField label={t('sim.startsAt')} hint={t('sim.startsAtHint')} type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
            <ErrorMessage error={create.error} />
            <div><button type="submit" disabled={create.busy}>{t('sim.create')}</button></div>
          </form>
        </section>
      )}
    </Page>
  );
}
