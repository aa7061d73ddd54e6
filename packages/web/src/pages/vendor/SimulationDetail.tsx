// One simulation: its clock, its sandbox organizations (made here; the vendor staff member
// becomes their global admin and uses the customer pages on the simulated clock), advancing
// the clock day by day, and the timeline of what happened to the sandboxes.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Simulation, TimelineEntry } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useHolds, useSession } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Notice, Page, SelectField, TableScroll, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

async function loadSimulation(simulationId: string) {
  const simulation = await api.get('/v1/simulations/{simulationId}', { path: { simulationId } });
  const organizations = await Promise.all(simulation.organizationIds.map((organizationId) => api.get('/v1/organizations/{organizationId}', { path: { organizationId } })));
  return { simulation, organizations };
}

export function SimulationDetail({ simulationId }: { simulationId: string }) {
  const { t, instant, language } = useI18n();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const loaded = useLoad(() => loadSimulation(simulationId), [simulationId]);
  return (
    <LoadState loaded={loaded}>
      {({ simulation, organizations }) => (
        <Page title={simulation.name} actions={<Link to="/vendor/simulations">{t('sim.back')}</Link>}>
          <p className="emphasis">{t('sim.now', { time: instant(simulation.now, 'UTC') })}</p>
          <section aria-labelledby="sandboxes-heading" className="card">
            <h2 id="sandboxes-heading">{t('sim.sandboxes')}</h2>
            {organizations.length === 0 ? (
              <p className="muted">{t('sim.noSandboxes')}</p>
            ) : (
              <ul>
                {organizations.map((o) => (
                  <li key={o.id}><Link to={`/o/${o.id}/subscriptions`}>{o.name}</Link> ({o.country}, {o.timeZone})</li>
                ))}
              </ul>
            )}
            {isAdmin && <AddSandbox simulation={simulation} onAdded={loaded.reload} />}
          </section>
          {isAdmin && <Advance simulation={simulation} onAdvanced={loaded.reload} />}
          <Timeline simulation={simulation} names={new Map(organizations.map((o) => [o.id, o.name]))} key={`${simulation.now}-${language}`} />
        </Page>
      )}
    </LoadState>
  );
}

function AddSandbox({ simulation, onAdded }: { simulation: Simulation; onAdded(): void }) {
  const { t, language } = useI18n();
  const { refresh } = useSession();
  const countries = useLoad(() => api.get('/v1/countries'), [language]);
  const [name, setName] = useState('');
  const [country, setCountry] = useState('JP');
  const [added, setAdded] = useState<string>();
  const add = useAction(async () => {
    const organization = await api.post('/v1/simulations/{simulationId}/organizations', { path: { simulationId: simulation.id }, body: { name, country } });
    setAdded(organization.name);
    setName('');
    onAdded();
    // The new sandbox is one of the person's organizations now.
    await refresh();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add.run();
  };
  return (
    <form onSubmit={submit} className="stack narrow">
      <h3>{t('sim.addSandbox')}</h3>
      <p className="hint">{t('sim.sandboxHint')}</p>
      <TextField label={t('sim.sandboxName')} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <SelectField label={t('sim.sandboxCountry')} value={country} onChange={(e) => setCountry(e.target.value)}>
        {(countries.data?.data ?? []).map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </SelectField>
      <ErrorMessage error={add.error} />
      {added && <Notice>{t('sim.sandboxAdded', { name: added })}</Notice>}
      <div><button type="submit" disabled={add.busy}>{t('sim.addSandbox')}</button></div>
    </form>
  );
}

function Advance({ simulation, onAdvanced }: { simulation: Simulation; onAdvanced(): void }) {
  const { t, instant } = useI18n();
  const [days, setDays] = useState('1');
  const [result, setResult] = useState<string>();
  const advance = useAction(async () => {
    const outcome = await api.post('/v1/simulations/{simulationId}/advance', { path: { simulationId: simulation.id }, body: { days: Number(days) } });
    setResult(t('sim.advanced', { days: outcome.days, time: instant(outcome.to, 'UTC'), transitions: outcome.sweeps.transitions, renewals: outcome.sweeps.autoRenewals, reminders: outcome.sweeps.reminders }));
    onAdvanced();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void advance.run();
  };
  return (
    <section aria-labelledby="advance-heading" className="card">
      <h2 id="advance-heading">{t('sim.advance')}</h2>
      <form onSubmit={submit} className="row">
        <TextField label={t('sim.days')} type="number" min={1} max={400} required value={days} onChange={(e) => setDays(e.target.value)} />
        <button type="submit" disabled={advance.busy}>{advance.busy ? t('form.working') : t('sim.advanceButton')}</button>
      </form>
      <ErrorMessage error={advance.error} />
      {result && <Notice>{result}</Notice>}
    </section>
  );
}

function Timeline({ simulation, names }: { simulation: Simulation; names: ReadonlyMap<string, string> }) {
  const { t, instant } = useI18n();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>();
  const page = useLoad(async () => {
    const answer = await api.get('/v1/simulations/{simulationId}/timeline', { path: { simulationId: simulation.id }, query: { limit: 100 } });
    setEntries(answer.data);
    setCursor(answer.nextCursor);
    return answer;
  }, [simulation.id]);
  const more = useAction(async () => {
    if (!cursor) return;
    const answer = await api.get('/v1/simulations/{simulationId}/timeline', { path: { simulationId: simulation.id }, query: { limit: 100, cursor } });
    setEntries((list) => [...list, ...answer.data]);
    setCursor(answer.nextCursor);
  });
  return (
    <section aria-labelledby="timeline-heading" className="card">
      <h2 id="timeline-heading">{t('sim.timeline')}</h2>
      <LoadState loaded={page}>
        {() =>
          entries.length === 0 ? (
            <p>{t('table.empty')}</p>
          ) : (
            <TableScroll label={t('sim.timeline')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('sim.column.when')}</th>
                    <th scope="col">{t('sim.column.organization')}</th>
                    <th scope="col">{t('sim.column.event')}</th>
                    <th scope="col">{t('sim.column.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry, index) => (
                    <tr key={`${entry.occurredAt}-${index}`}>
                      <td>{instant(entry.occurredAt, 'UTC')}</td>
                      <td>{names.get(entry.organizationId) ?? entry.organizationId}</td>
                      <td><code>{entry.type}</code></td>
                      <td className="small"><code>{JSON.stringify(entry.data)}</code></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </LoadState>
      <ErrorMessage error={more.error} />
      {cursor && <button type="button" className="secondary" disabled={more.busy} onClick={() => void more.run()}>{t('table.more')}</button>}
    </section>
  );
}
