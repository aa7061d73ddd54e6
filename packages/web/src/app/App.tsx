// The portal: the sign-in page for anyone not signed in, otherwise the layout and the page the
// path names, if the person's roles allow it there.
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18n.tsx';
import { Account } from '../pages/account/Account.tsx';
import { Devices } from '../pages/customer/Devices.tsx';
import { Redeem } from '../pages/customer/Redeem.tsx';
import { SubscriptionDetail } from '../pages/customer/SubscriptionDetail.tsx';
import { Subscriptions } from '../pages/customer/Subscriptions.tsx';
import { Users } from '../pages/customer/Users.tsx';
import { SignIn } from '../pages/SignIn.tsx';
import { Catalog } from '../pages/vendor/Catalog.tsx';
import { KeyBatches } from '../pages/vendor/KeyBatches.tsx';
import { KeyLookup } from '../pages/vendor/KeyLookup.tsx';
import { SimulationDetail } from '../pages/vendor/SimulationDetail.tsx';
import { Simulations } from '../pages/vendor/Simulations.tsx';
import { Loading, Page } from '../components/ui.tsx';
import { Layout } from './Layout.tsx';
import { canUse, PAGES, startPath, type PageDefinition } from './navigation.ts';
import { Link, matchPath, useRouter } from './router.tsx';
import { useSession } from './session.tsx';

interface Route {
  pattern: string;
  page: PageDefinition['id'];
  render(params: Record<string, string>): ReactNode;
}

const pathOf = (id: PageDefinition['id']) => PAGES.find((p) => p.id === id)!.path;

const ROUTES: Route[] = [
  { pattern: pathOf('subscriptions'), page: 'subscriptions', render: (p) => <Subscriptions organizationId={p.organizationId!} /> },
  { pattern: `${pathOf('subscriptions')}/:subscriptionId`, page: 'subscriptions', render: (p) => <SubscriptionDetail organizationId={p.organizationId!} subscriptionId={p.subscriptionId!} /> },
  { pattern: pathOf('users'), page: 'users', render: (p) => <Users organizationId={p.organizationId!} /> },
  { pattern: pathOf('devices'), page: 'devices', render: (p) => <Devices organizationId={p.organizationId!} /> },
  { pattern: pathOf('redeem'), page: 'redeem', render: () => <Redeem /> },
  { pattern: pathOf('account'), page: 'account', render: () => <Account /> },
  { pattern: pathOf('catalog'), page: 'catalog', render: () => <Catalog /> },
  { pattern: pathOf('keyBatches'), page: 'keyBatches', render: () => <KeyBatches /> },
  { pattern: pathOf('keyLookup'), page: 'keyLookup', render: () => <KeyLookup /> },
  { pattern: pathOf('simulations'), page: 'simulations', render: () => <Simulations /> },
  { pattern: `${pathOf('simulations')}/:simulationId`, page: 'simulations', render: (p) => <SimulationDetail simulationId={p.simulationId!} /> },
];

function Message({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <Page title={text}>
      <p><Link to="/">{t('app.notFound.back')}</Link></p>
    </Page>
  );
}

function SignedIn() {
  const { state } = useSession();
  const { path, navigate } = useRouter();
  const { t } = useI18n();
  const [lastOrganizationId, setLastOrganizationId] = useState<string>();
  const memberships = state.status === 'signedIn' ? state.me.organizations : [];
  const matched = ROUTES.map((route) => ({ route, params: matchPath(route.pattern, path) })).find((m) => m.params !== null);
  const organizationId = matched?.params?.organizationId;
  const vendorOrganization = memberships.find((o) => o.kind === 'vendor');
  const page = matched && PAGES.find((p) => p.id === matched.route.page)!;

  useEffect(() => {
    if (organizationId) setLastOrganizationId(organizationId);
  }, [organizationId]);
  useEffect(() => {
    if (path === '/' || path === '/sign-in') navigate(startPath(memberships), { replace: true });
  }, [path, memberships, navigate]);

  const shownOrganization = page?.scope === 'vendor' ? vendorOrganization?.id : organizationId ?? lastOrganizationId ?? memberships.find((o) => o.kind === 'customer')?.id;
  let content: ReactNode;
  if (!matched || !page) content = path === '/' || path === '/sign-in' ? <Loading /> : <Message text={t('app.notFound')} />;
  else if (!canUse(page, memberships, organizationId)) content = <Message text={t('app.noAccess')} />;
  else content = matched.route.render(matched.params!);
  // A new page (or organization) is a new component: its state and focus start afresh.
  return <Layout organizationId={shownOrganization}><div key={path}>{content}</div></Layout>;
}

export function App() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') return <SignIn />;
  return <SignedIn />;
}
