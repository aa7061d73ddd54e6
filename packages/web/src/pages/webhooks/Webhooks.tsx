// The organization's webhook endpoints: where Licentia sends its events (signed with the
// endpoint's secret, shown once when it is made), which events, and whether it is receiving.
// Pausing one cancels what is queued for it; deleting one too. The organization's own
// administrators only, never through delegated administration (an endpoint would keep receiving
// the customer's events after the relationship ended), as the API says.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { WebhookEndpoint } from '../../api/types.ts';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, SecretShownOnce, Table, TextAreaField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

/** "subscription.*, redemption.completed" or one per line → the API's list; empty: every event. */
function eventTypesOf(text: string): string[] {
  const types = text.split(/[\s,]+/).filter((type) => type !== '');
  return types.length > 0 ? [...new Set(types)] : ['*'];
}

/** `ofVendor`: the vendor organization's own endpoints, which receive every organization's events. */
export function Webhooks({ organizationId, ofVendor = false }: { organizationId: string; ofVendor?: boolean }) {
  const { t, instant } = useI18n();
  const timeZone = useTimeZone(organizationId);
  const endpoints = useLoad(() => api.get('/v1/organizations/{organizationId}/webhook-endpoints', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  const [deleting, setDeleting] = useState<WebhookEndpoint>();
  const [done, setDone] = useState<string>();
  const path = (endpoint: WebhookEndpoint) => ({ organizationId, endpointId: endpoint.id });
  const setActive = useAction(async (endpoint: WebhookEndpoint, active: boolean) => {
    await api.patch('/v1/organizations/{organizationId}/webhook-endpoints/{endpointId}', { path: path(endpoint), body: { active } });
    setDone(t(active ? 'webhooks.resumed' : 'webhooks.paused', { url: endpoint.url }));
    endpoints.reload();
  });
  const remove = useAction(async (endpoint: WebhookEndpoint) => {
    await api.delete('/v1/organizations/{organizationId}/webhook-endpoints/{endpointId}', { path: path(endpoint) });
    setDeleting(undefined);
    setDone(t('webhooks.deleted', { url: endpoint.url }));
    endpoints.reload();
  });

  return (
    <Page title={t('webhooks.title')}>
      <p>{t(ofVendor ? 'webhooks.introVendor' : 'webhooks.intro')}</p>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={setActive.error ?? remove.error} />
      <LoadState loaded={endpoints}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('webhooks.none')}</p>
          ) : (
            <Table label={t('webhooks.title')} columns={[t('webhooks.column.url'), t('webhooks.column.events'), t('webhooks.column.state'), t('webhooks.column.created'), { hidden: t('table.actions') }]}>
              {data.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row">
                    <code>{endpoint.url}</code>
                    {endpoint.description && <div className="muted">{endpoint.description}</div>}
                  </th>
                  <td>{endpoint.eventTypes.map((type) => (type === '*' ? t('webhooks.everyEvent') : type)).join(', ')}</td>
                  <td>{endpoint.active ? t('webhooks.active') : t('webhooks.inactive')}</td>
                  <td>{instant(endpoint.createdAt, timeZone)}</td>
                  <td>
                    <button type="button" className="link-button" disabled={setActive.busy} aria-label={t(endpoint.active ? 'webhooks.pauseLabel' : 'webhooks.resumeLabel', { url: endpoint.url })} onClick={() => { setDone(undefined); void setActive.run(endpoint, !endpoint.active); }}>
                      {endpoint.active ? t('webhooks.pause') : t('webhooks.resume')}
                    </button>
                    <button type="button" className="link-button" aria-label={t('webhooks.deleteLabel', { url: endpoint.url })} onClick={() => { setDone(undefined); setDeleting(endpoint); }}>
                      {t('webhooks.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
      {deleting && (
        <ConfirmPanel
          label={t('webhooks.deleteLabel', { url: deleting.url })}
          question={t('webhooks.deleteConfirm', { url: deleting.url })}
          confirm={t('webhooks.delete')}
          busy={remove.busy}
          onConfirm={() => void remove.run(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
      <NewEndpoint organizationId={organizationId} onCreated={() => { setDone(undefined); endpoints.reload(); }} />
    </Page>
  );
}

function NewEndpoint({ organizationId, onCreated }: { organizationId: string; onCreated(): void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState('');
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const create = useAction(async () => {
    const result = await api.post('/v1/organizations/{organizationId}/webhook-endpoints', {
      path: { organizationId },
      body: { url, eventTypes: eventTypesOf(events), ...(description ? { description } : {}) },
    });
    setCreated({ url: result.webhookEndpoint.url, secret: result.secret });
    setUrl('');
    setDescription('');
    setEvents('');
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    void create.run();
  };
  return (
    <section aria-labelledby="new-endpoint-heading" className="card">
      <h2 id="new-endpoint-heading">{t('webhooks.new.title')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('webhooks.new.url')} type="url" required maxLength={2048} autoComplete="off" placeholder="https://hooks.example.com/licentia" value={url} onChange={(e) => setUrl(e.target.value)} />
        <TextField label={t('webhooks.new.description')} maxLength={500} autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} />
        <TextAreaField label={t('webhooks.new.events')} hint={t('webhooks.new.eventsHint')} rows={3} value={events} onChange={(e) => setEvents(e.target.value)} />
        <ErrorMessage error={create.error} />
        <div><button type="submit" disabled={create.busy}>{t('webhooks.new.submit')}</button></div>
      </form>
      {created && <SecretShownOnce lead={t('webhooks.new.created', { url: created.url })} secret={created.secret} note={t('webhooks.new.once')} />}
    </section>
  );
}
