// Every signed-in page: who you are, which organization you are looking at (switchable: your
// own, and the customers your partner administers for them), your roles there, on whose behalf
// you act there through delegated administration, the language switch, and the menu of the
// pages your roles there allow.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18n.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import type { MessageKey } from '../i18n/messages/index.ts';
import { canUse, menuFor, organizationStart, pagePath, PAGES, startPath, type PageDefinition, type PageId } from './navigation.ts';
import { Link, useRouter } from './router.tsx';
import { useTimeZone } from './time-zone.ts';
import { useMe, useOrganizations, useSession, type PortalOrganization } from './session.tsx';

const NAV_LABELS: Record<PageId, MessageKey> = {
  redeem: 'nav.redeem',
  account: 'nav.account',
  subscriptions: 'nav.subscriptions',
  users: 'nav.users',
  devices: 'nav.devices',
  supportCases: 'nav.supportCases',
  orders: 'nav.orders',
  invoices: 'nav.invoices',
  customerDelegations: 'nav.customerDelegations',
  activity: 'nav.activity',
  partnerActivity: 'nav.activity',
  apiTokens: 'nav.apiTokens',
  partnerApiTokens: 'nav.apiTokens',
  webhooks: 'nav.webhooks',
  partnerWebhooks: 'nav.webhooks',
  vendorApiTokens: 'nav.apiTokens',
  vendorWebhooks: 'nav.webhooks',
  partnerCustomers: 'nav.partnerCustomers',
  partnerSubscriptions: 'nav.partnerSubscriptions',
  partnerRenewals: 'nav.partnerRenewals',
  partnerDelegations: 'nav.partnerDelegations',
  catalog: 'nav.catalog',
  keyBatches: 'nav.keyBatches',
  keyLookup: 'nav.keyLookup',
  supportDesk: 'nav.supportDesk',
  serialLookup: 'nav.serialLookup',
  partners: 'nav.partners',
  billingOrders: 'nav.billingOrders',
  simulations: 'nav.simulations',
};

function organizationLabel(organization: PortalOrganization, t: ReturnType<typeof useI18n>['t']): string {
  const kind = (['customer', 'partner', 'vendor'] as const).find((k) => k === organization.kind);
  return kind ? `${organization.name} (${t(`app.organizationKind.${kind}`)})` : organization.name;
}

/** "You act for C on behalf of P, with these roles, until …": the delegated relationship being used. */
function OnBehalf({ organization }: { organization: PortalOrganization }) {
  const { t, instant } = useI18n();
  const zone = useTimeZone(organization.id);
  return (
    <div className="on-behalf" role="note" aria-label={t('app.onBehalf.label')}>
      {organization.onBehalf!.partners.map((partner) => (
        <p key={partner.organizationId}>
          {t('app.onBehalf', { customer: organization.name, partner: partner.name, roles: organization.roles.map((r) => t(`role.${r}`)).join(', ') })}{' '}
          {partner.autoExtend ? t('app.onBehalf.autoExtend') : partner.endsAt ? t('app.onBehalf.until', { end: instant(partner.endsAt, zone) }) : ''}
        </p>
      ))}
    </div>
  );
}

export function Layout({ organizationId, children }: { organizationId: string | undefined; children: ReactNode }) {
  const me = useMe();
  const organizations = useOrganizations();
  const { signOut } = useSession();
  const { t } = useI18n();
  const { path, navigate } = useRouter();
  const current = organizations.find((o) => o.id === organizationId);
  const menu = menuFor(organizations, current?.id);
  const own = organizations.filter((o) => !o.onBehalf);
  const delegated = organizations.filter((o) => o.onBehalf);

  const switchOrganization = (id: string) => {
    const target = organizations.find((o) => o.id === id);
    if (!target) return;
    // The same page in the other organization when it has it, else that organization's start.
    const samePage = (PAGES as readonly PageDefinition[]).find((p) => p.scope === 'organization' && path.startsWith(pagePath(p, organizationId)));
    if (samePage && canUse(samePage, organizations, id)) navigate(pagePath(samePage, id));
    else navigate(target.kind === 'vendor' ? startPath([target]) : organizationStart(organizations, target) ?? startPath(organizations));
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="site-header">
        <Link to="/" className="brand">{t('app.name')}</Link>
        <div className="identity">
          <p className="who">{t('app.signedInAs', { name: me.user?.name ?? '', email: me.user?.email ?? '' })}</p>
          {organizations.length > 0 && (
            <div className="inline-field">
              <label htmlFor="organization-switch">{t('app.organization')}</label>
              <select id="organization-switch" value={current?.id ?? ''} onChange={(event) => switchOrganization(event.target.value)}>
                {!current && <option value="">—</option>}
                {own.map((o) => (
                  <option key={o.id} value={o.id}>{organizationLabel(o, t)}</option>
                ))}
                {delegated.length > 0 && (
                  <optgroup label={t('app.delegatedCustomers')}>
                    {delegated.map((o) => (
                      <option key={o.id} value={o.id}>{organizationLabel(o, t)}</option>
                    ))}
                  </optgroup>
                )}
              </select>
            </div>
          )}
          {current && !current.onBehalf && <p className="muted small">{t('app.yourRoles', { roles: current.roles.map((r) => t(`role.${r}`)).join(', ') })}</p>}
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => void signOut()}>{t('app.signOut')}</button>
        </div>
      </header>
      {current?.onBehalf && <OnBehalf organization={current} />}
      <nav aria-label={t('app.mainNavigation')} className="site-nav">
        <ul>
          {menu.map((page) => {
            const to = pagePath(page, current?.id);
            const active = path === to || path.startsWith(`${to}/`);
            return (
              <li key={page.id}>
                <Link to={to} aria-current={active ? 'page' : undefined}>{t(NAV_LABELS[page.id as PageId])}</Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
