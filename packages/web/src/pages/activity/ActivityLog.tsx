// The organization's activity log (its audit log), newest first: what changed, when, by whom
// (a member, an API token, Licentia's own sweeper, or a partner acting for the customer), and
// on what. For a customer's global admins and a partner's admins; older entries a page at a time.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditEvent } from '../../api/types.ts';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

const PAGE_SIZE = 50;

export function ActivityLog({ organizationId }: { organizationId: string }) {
  const { t, instant } = useI18n();
  const timeZone = useTimeZone(organizationId);
  const first = useLoad(() => api.get('/v1/organizations/{organizationId}/audit-events', { path: { organizationId }, query: { limit: PAGE_SIZE } }), [organizationId]);
  // Names for the members' own entries; an entry by someone else shows their id.
  const members = useLoad(() => api.get('/v1/organizations/{organizationId}/members', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  const [older, setOlder] = useState<{ events: AuditEvent[]; nextCursor: string | null }>();
  useEffect(() => setOlder(undefined), [first.data]);
  const nextCursor = older ? older.nextCursor : first.data?.nextCursor;
  const more = useAction(async () => {
    if (!nextCursor) return;
    const page = await api.get('/v1/organizations/{organizationId}/audit-events', { path: { organizationId }, query: { limit: PAGE_SIZE, cursor: nextCursor } });
    setOlder({ events: [...(older?.events ?? []), ...page.data], nextCursor: page.nextCursor });
  });

  const actorText = (event: AuditEvent) => {
    const { actor } = event;
    const who =
      actor.type === 'system'
        ? t('activity.actor.system')
        : actor.type === 'token'
          ? t('activity.actor.token', { id: actor.id ?? '' })
          : (members.data?.data.find((m) => m.userId === actor.id)?.name ?? actor.id ?? '');
    if (actor.onBehalfOfOrganizationId) return t('activity.actor.onBehalf', { actor: who, partner: actor.organizationId ?? '' });
    if (actor.organizationId && actor.organizationId !== organizationId) return t('activity.actor.fromOrganization', { actor: who, organization: actor.organizationId });
    return who;
  };

  return (
    <Page title={t('activity.title')}>
      <p>{t('activity.intro', { timeZone })}</p>
      <LoadState loaded={first}>
        {({ data }) => {
          const events = [...data, ...(older?.events ?? [])];
          return events.length === 0 ? (
            <p>{t('activity.empty')}</p>
          ) : (
            <>
              <Table label={t('activity.title')} columns={[t('activity.column.when'), t('activity.column.action'), t('activity.column.actor'), t('activity.column.target')]}>
                {events.map((event) => (
                  <tr key={event.id}>
                    <td>{instant(event.occurredAt, timeZone)}</td>
                    <th scope="row"><code>{event.action}</code></th>
                    <td>{actorText(event)}</td>
                    <td><code>{event.target.id}</code> <span className="muted">({event.target.type})</span></td>
                  </tr>
                ))}
              </Table>
              <ErrorMessage error={more.error} />
              {nextCursor && (
                <button type="button" className="small-button" disabled={more.busy} onClick={() => void more.run()}>
                  {more.busy ? t('form.working') : t('activity.more')}
                </button>
              )}
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}
