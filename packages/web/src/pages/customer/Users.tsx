// Users and seats: the organization's members, the seats of each plan it holds (total,
// assigned, available), assigning and taking back seats, and adding members, changing their
// roles or removing them.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Assignment, Member, Role } from '../../api/types.ts';
import { useHolds, useMe } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { AddMember } from './AddMember.tsx';
import { EditRoles } from './EditRoles.tsx';

const SEAT_ASSIGNERS: readonly Role[] = ['global_admin', 'user_admin', 'license_admin'];
const MEMBER_WRITERS: readonly Role[] = ['global_admin', 'user_admin'];
/** One page of members (the API's largest), and of their seat assignments. */
const MEMBERS_SHOWN = 200;

/** A load that waits: what it needs is not known yet. */
const NOT_YET = new Promise<never>(() => {});

/** The seats of each plan, and the assignments of the members shown (`memberIds`, comma-separated). */
async function loadSeats(organizationId: string, memberIds: string) {
  const [seats, subscriptions] = await Promise.all([
    api.get('/v1/organizations/{organizationId}/seats', { path: { organizationId } }),
    api.get('/v1/organizations/{organizationId}/subscriptions', { path: { organizationId } }),
  ]);
  const plans = await Promise.all(
    seats.data.map(async (summary) => {
      // Only the members on this page: a plan of millions of seats is never listed whole.
      const assignments = await api.get('/v1/organizations/{organizationId}/seats/{planId}/assignments', {
        path: { organizationId, planId: summary.planId },
        query: { userIds: memberIds, limit: MEMBERS_SHOWN },
      });
      const subscription = subscriptions.data.find((s) => s.plan.id === summary.planId);
      return { summary, name: subscription?.plan.name ?? { en: summary.planId, ja: summary.planId }, assignments: new Map(assignments.data.map((a) => [a.userId, a])) };
    }),
  );
  return plans;
}

export function Users({ organizationId }: { organizationId: string }) {
  const { t, language } = useI18n();
  const me = useMe();
  const canAssign = useHolds(organizationId, SEAT_ASSIGNERS);
  const canWrite = useHolds(organizationId, MEMBER_WRITERS);
  const isGlobalAdmin = useHolds(organizationId, ['global_admin']);
  const members = useLoad(() => api.get('/v1/organizations/{organizationId}/members', { path: { organizationId }, query: { limit: MEMBERS_SHOWN } }), [organizationId]);
  const memberIds = members.data?.data.map((m) => m.userId).join(',');
  const seats = useLoad(() => (memberIds === undefined ? NOT_YET : loadSeats(organizationId, memberIds)), [organizationId, memberIds]);
  const [notice, setNotice] = useState<string>();
  const [removing, setRemoving] = useState<Member>();
  const [editing, setEditing] = useState<Member>();

  const seatAction = useAction(async (planId: string, planName: string, member: Member, assigned: Assignment | undefined) => {
    setNotice(undefined);
    const path = { organizationId, planId };
    if (assigned) await api.delete('/v1/organizations/{organizationId}/seats/{planId}/assignments/{userId}', { path: { ...path, userId: member.userId } });
    else {
      await api.post('/v1/organizations/{organizationId}/seats/{planId}/assignments', { path, body: { userId: member.userId } });
      setNotice(t('users.assignedNotice', { plan: planName, name: member.name }));
    }
    seats.reload();
  });
  const remove = useAction(async (member: Member) => {
    await api.delete('/v1/organizations/{organizationId}/members/{userId}', { path: { organizationId, userId: member.userId } });
    setRemoving(undefined);
    members.reload();
    seats.reload();
  });

  return (
    <Page title={t('users.title')}>
      <section aria-labelledby="seats-heading">
        <h2 id="seats-heading">{t('users.seats')}</h2>
        <LoadState loaded={seats}>
          {(plans) =>
            plans.length === 0 ? (
              <p className="muted">{t('subs.none')}</p>
            ) : (
              <ul>
                {plans.map(({ summary, name }) => (
                  <li key={summary.planId}>{t('users.seatSummary', { plan: name[language], assigned: summary.assigned, total: summary.total, available: summary.available })}</li>
                ))}
              </ul>
            )
          }
        </LoadState>
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('users.members')}</h2>
        {notice && <Notice>{notice}</Notice>}
        <ErrorMessage error={seatAction.error ?? remove.error} />
        <LoadState loaded={members}>
          {({ data }) => (
            <TableScroll label={t('users.members')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('users.column.name')}</th>
                    <th scope="col">{t('users.column.email')}</th>
                    <th scope="col">{t('users.column.roles')}</th>
                    {(seats.data ?? []).map(({ summary, name }) => (
                      <th scope="col" key={summary.planId}>{t('users.column.seat', { plan: name[language] })}</th>
                    ))}
                    {canWrite && <th scope="col"><span className="visually-hidden">{t('table.actions')}</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {data.map((member) => (
                    <tr key={member.userId}>
                      <th scope="row">{member.name}</th>
                      <td>{member.email}</td>
                      <td>{member.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                      {(seats.data ?? []).map(({ summary, name, assignments }) => {
                        const assigned = assignments.get(member.userId);
                        const vars = { plan: name[language], name: member.name };
                        return (
                          <td key={summary.planId}>
                            {assigned && <span>{assigned.licensed ? t('users.assigned') : t('users.unlicensed')} </span>}
                            {canAssign && (
                              <button type="button" className={assigned ? 'link-button' : 'small-button'} disabled={seatAction.busy} aria-label={t(assigned ? 'users.unassignLabel' : 'users.assignLabel', vars)} onClick={() => void seatAction.run(summary.planId, name[language], member, assigned)}>
                                {assigned ? t('users.unassign') : t('users.assign')}
                              </button>
                            )}
                          </td>
                        );
                      })}
                      {canWrite && (
                        <td>
                          <button type="button" className="link-button" aria-label={t('users.roles.editLabel', { name: member.name })} onClick={() => { setNotice(undefined); setEditing(member); }}>{t('users.roles.edit')}</button>
                          {member.userId !== me.user?.id && (
                            <button type="button" className="link-button" aria-label={t('users.removeLabel', { name: member.name })} onClick={() => setRemoving(member)}>{t('users.remove')}</button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </LoadState>
        {editing && (
          <EditRoles
            key={editing.userId}
            organizationId={organizationId}
            member={editing}
            grantorIsGlobalAdmin={isGlobalAdmin}
            onSaved={(next) => { setEditing(undefined); setNotice(t('users.roles.saved', { name: next.name, roles: next.roles.map((r) => t(`role.${r}`)).join(', ') })); members.reload(); }}
            onCancel={() => setEditing(undefined)}
          />
        )}
        {removing && (
          <ConfirmPanel
            label={t('users.removeLabel', { name: removing.name })}
            question={t('users.removeConfirm', { name: removing.name })}
            confirm={t('users.remove')}
            busy={remove.busy}
            onConfirm={() => void remove.run(removing)}
            onCancel={() => setRemoving(undefined)}
          />
        )}
      </section>
      {canWrite && <AddMember organizationId={organizationId} grantorIsGlobalAdmin={isGlobalAdmin} onAdded={members.reload} />}
    </Page>
  );
}
