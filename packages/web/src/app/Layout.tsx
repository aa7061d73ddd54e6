// Every signed-in page: who you are, which organization you are looking at (switchable), your
// roles there, the language switch, and the menu of the pages your roles there allow.
import type { ReactNode } from 'react';
import type { MyOrganization } from '../api/types.ts';
import { useI18n } from '../i18n/I18n.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import type { MessageKey } from '../i18n/messages/index.ts';
import { canUse, menuFor, pagePath, PAGES, startPath } from './navigation.ts';
import { Link, useRouter } from './router.tsx';
import { useMe, useSession } from './session.tsx';

const NAV_LABELS: Record<(typeof PAGES)[number]['id'], MessageKey> = {
  redeem: 'nav.redeem',
  account: 'nav.account',
  subscriptions: 'nav.subscriptions',
  users: 'nav.users',
  devices: 'nav.devices',
  catalog: 'nav.catalog',
  keyBatches: 'nav.keyBatches',
  keyLookup: 'nav.keyLookup',
  simulations: 'nav.simulations',
};

function organizationLabel(organization: MyOrganization, t: ReturnType<typeof useI18n>['t']): string {
  const kind = (['customer', 'partner', 'vendor'] as const).find((k) => k === organization.kind);
  return kind ? `${organization.name} (${t(`app.organizationKind.${kind}`)})` : organization.name;
}

export function Layout({ organizationId, children }: { organizationId: string | undefined; children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const { t } = useI18n();
  const { path, navigate } = useRouter();
  const memberships = me.organizations;
  const current = memberships.find((o) => o.id === organizationId);
  const menu = menuFor(memberships, current?.kind === 'customer' ? current.id : undefined);

  const switchOrganization = (id: string) => {
    const target = memberships.find((o) => o.id === id);
    if (!target) return;
    // The same page in the other organization when it has it, else that organization's start.
    const samePage = PAGES.find((p) => p.scope === 'organization' && path.startsWith(pagePath(p, organizationId)));
    if (samePage && canUse(samePage, memberships, id)) navigate(pagePath(samePage, id));
    else if (target.kind === 'vendor') navigate(startPath([target]));
    else navigate(startPath([target, ...memberships.filter((o) => o.id !== id)]));
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="site-header">
        <Link to="/" className="brand">{t('app.name')}</Link>
        <div className="identity">
          <p className="who">{t('app.signedInAs', { name: me.user?.name ?? '', email: me.user?.email ?? '' })}</p>
          {memberships.length > 0 && (
            <div className="inline-field">
              <label htmlFor="organization-switch">{t('app.organization')}</label>
              <select id="organization-switch" value={current?.id ?? ''} onChange={(event) => switchOrganization(event.target.value)}>
                {!current && <option value="">—</option>}
                {memberships.map((o) => (
                  <option key={o.id} value={o.id}>{organizationLabel(o, t)}</option>
                ))}
              </select>
            </div>
          )}
          {current && <p className="muted small">{t('app.yourRoles', { roles: current.roles.map((r) => t(`role.${r}`)).join(', ') })}</p>}
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => void signOut()}>{t('app.signOut')}</button>
        </div>
      </header>
      <nav aria-label={t('app.mainNavigation')} className="site-nav">
        <ul>
          {menu.map((page) => {
            const to = pagePath(page, current?.id);
            const active = path === to || path.startsWith(`${to}/`);
            return (
              <li key={page.id}>
                <Link to={to} aria-current={active ? 'page' : undefined}>{t(NAV_LABELS[page.id])}</Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
