// The portal: the sign-in page for anyone not signed in, otherwise the layout and the page the
// path names, if the person's roles allow it there. Links from mail (`/organizations/…`) are
// taken to the page they mean.
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18n.tsx';
import { Account } from '../pages/account/Account.tsx';
import { ActivityLog } from '../pages/activity/ActivityLog.tsx';
import { ApiTokens } from '../pages/api-tokens/ApiTokens.tsx';
import { Webhooks } from '../pages/webhooks/Webhooks.tsx';
import { InvoiceDetail } from '../pages/billing/InvoiceDetail.tsx';
import { Invoices } from '../pages/billing/Invoices.tsx';
import { OrderDetail } from '../pages/billing/OrderDetail.tsx';
import { Orders } from '../pages/billing/Orders.tsx';
import { StaffOrders } from '../pages/billing/StaffOrders.tsx';
import { Devices } from '../pages/customer/Devices.tsx';
import { Redeem } from '../pages/customer/Redeem.tsx';
import { SubscriptionDetail } from '../pages/customer/SubscriptionDetail.tsx';
import { Subscriptions } from '../pages/customer/Subscriptions.tsx';
import { Users } from '../pages/customer/Users.tsx';
import { AcceptDelegation } from '../pages/partners/AcceptDelegation.tsx';
import { CustomerDelegations } from '../pages/partners/CustomerDelegations.tsx';
import { PartnerDelegations } from '../pages/partners/PartnerDelegations.tsx';
import { Customers } from '../pages/partners/Customers.tsx';
import { SubscriptionsOfRecord } from '../pages/partners/SubscriptionsOfRecord.tsx';
import { SignIn } from '../pages/SignIn.tsx';
import { DeskCase } from '../pages/support/DeskCase.tsx';
import { SerialLookup } from '../pages/support/SerialLookup.tsx';
import { SupportCaseDetail } from '../pages/support/SupportCaseDetail.tsx';
import { SupportCases } from '../pages/support/SupportCases.tsx';
import { SupportDesk } from '../pages/support/SupportDesk.tsx';
import { Catalog } from '../pages/vendor/Catalog.tsx';
import { KeyBatches } from '../pages/vendor/KeyBatches.tsx';
import { KeyLookup } from '../pages/vendor/KeyLookup.tsx';
import { Partners } from '../pages/vendor/Partners.tsx';
import { SimulationDetail } from '../pages/vendor/SimulationDetail.tsx';
import { Simulations } from '../pages/vendor/Simulations.tsx';
import { Loading, Page } from '../components/ui.tsx';
import { Layout } from './Layout.tsx';
import { canUse, mailLinkTarget, matchPage, startPath, type PagePattern } from './navigation.ts';
import { Link, useRouter } from './router.tsx';
import { useOrganizations, useSession } from './session.tsx';

type Params = Record<string, string>;

/** What each path pattern shows (typed: a page's path without its view fails typecheck). */
const VIEWS: Record<PagePattern, (p: Params) => ReactNode> = {
  '/o/:organizationId/subscriptions': (p) => <Subscriptions organizationId={p.organizationId!} />,
  '/o/:organizationId/subscriptions/:subscriptionId': (p) => <SubscriptionDetail organizationId={p.organizationId!} subscriptionId={p.subscriptionId!} />,
  '/o/:organizationId/users': (p) => <Users organizationId={p.organizationId!} />,
  '/o/:organizationId/devices': (p) => <Devices organizationId={p.organizationId!} />,
  '/o/:organizationId/support-cases': (p) => <SupportCases organizationId={p.organizationId!} />,
  '/o/:organizationId/support-cases/:caseId': (p) => <SupportCaseDetail organizationId={p.organizationId!} caseId={p.caseId!} />,
  '/o/:organizationId/orders': (p) => <Orders organizationId={p.organizationId!} />,
  '/o/:organizationId/orders/:orderId': (p) => <OrderDetail organizationId={p.organizationId!} orderId={p.orderId!} />,
  '/o/:organizationId/invoices': (p) => <Invoices organizationId={p.organizationId!} />,
  '/o/:organizationId/invoices/:invoiceId': (p) => <InvoiceDetail organizationId={p.organizationId!} invoiceId={p.invoiceId!} />,
  '/o/:organizationId/delegations': (p) => <CustomerDelegations organizationId={p.organizationId!} />,
  '/o/:organizationId/delegations/:delegationId/accept': (p) => <AcceptDelegation organizationId={p.organizationId!} delegationId={p.delegationId!} />,
  '/o/:organizationId/activity': (p) => <ActivityLog organizationId={p.organizationId!} />,
  '/p/:organizationId/activity': (p) => <ActivityLog organizationId={p.organizationId!} />,
  '/o/:organizationId/api-tokens': (p) => <ApiTokens organizationId={p.organizationId!} />,
  '/p/:organizationId/api-tokens': (p) => <ApiTokens organizationId={p.organizationId!} />,
  '/o/:organizationId/webhooks': (p) => <Webhooks organizationId={p.organizationId!} />,
  '/p/:organizationId/webhooks': (p) => <Webhooks organizationId={p.organizationId!} />,
  '/p/:organizationId/customers': (p) => <Customers organizationId={p.organizationId!} />,
  '/p/:organizationId/subscriptions': (p) => <SubscriptionsOfRecord organizationId={p.organizationId!} upcoming={false} />,
  '/p/:organizationId/renewals': (p) => <SubscriptionsOfRecord organizationId={p.organizationId!} upcoming />,
  '/p/:organizationId/delegations': (p) => <PartnerDelegations organizationId={p.organizationId!} />,
  '/redeem': () => <Redeem />,
  '/account': () => <Account />,
  '/vendor/catalog': () => <Catalog />,
  '/vendor/key-batches': () => <KeyBatches />,
  '/vendor/key-lookup': () => <KeyLookup />,
  '/vendor/support-cases': () => <SupportDesk />,
  '/vendor/support-cases/:customerId/:caseId': (p) => <DeskCase organizationId={p.customerId!} caseId={p.caseId!} />,
  '/vendor/serial-lookup': () => <SerialLookup />,
  '/vendor/partners': () => <Partners />,
  '/vendor/orders': () => <StaffOrders />,
  '/vendor/simulations': () => <Simulations />,
  '/vendor/simulations/:simulationId': (p) => <SimulationDetail simulationId={p.simulationId!} />,
  '/vendor/api-tokens': () => <OfVendor page={(id) => <ApiTokens organizationId={id} />} />,
  '/vendor/webhooks': () => <OfVendor page={(id) => <Webhooks organizationId={id} ofVendor />} />,
};

/** A console page about the vendor organization itself (its API tokens, its webhooks). */
function OfVendor({ page }: { page: (organizationId: string) => ReactNode }) {
  const vendor = useOrganizations().find((o) => o.kind === 'vendor');
  return vendor ? page(vendor.id) : <Loading />;
}

function Message({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <Page title={text}>
      <p><Link to="/">{t('app.notFound.back')}</Link></p>
    </Page>
  );
}

function SignedIn() {
  const organizations = useOrganizations();
  const { path, search, navigate } = useRouter();
  const { t } = useI18n();
  const matched = matchPage(path);
  const organizationId = matched?.page.scope === 'organization' ? matched.params.organizationId : undefined;
  const mailTarget = matched ? undefined : mailLinkTarget(path, organizations);
  const [lastOrganizationId, setLastOrganizationId] = useState<string>();
  useEffect(() => {
    if (organizationId) setLastOrganizationId(organizationId);
  }, [organizationId]);

  useEffect(() => {
    if (path === '/' || path === '/sign-in') navigate(startPath(organizations), { replace: true });
    // A link from a mail keeps its query (an acceptance token) on the page it means.
    else if (mailTarget) navigate(`${mailTarget}${search.size > 0 ? `?${search}` : ''}`, { replace: true });
  }, [path, search, mailTarget, organizations, navigate]);

  let content: ReactNode;
  if (!matched) content = path === '/' || path === '/sign-in' || mailTarget ? <Loading /> : <Message text={t('app.notFound')} />;
  else if (!canUse(matched.page, organizations, organizationId)) content = <Message text={t('app.noAccess')} />;
  else content = VIEWS[matched.pattern](matched.params);
  // A new page (or organization) is a new component: its state and focus start afresh.
  // The header names the organization looked at: the page's, on the vendor's pages the vendor,
  // on personal pages the one looked at last.
  const shown = matched?.page.scope === 'vendor' ? organizations.find((o) => o.kind === 'vendor')?.id : organizationId ?? lastOrganizationId ?? organizations.find((o) => o.kind !== 'vendor')?.id;
  return <Layout organizationId={shown}><div key={path}>{content}</div></Layout>;
}

export function App() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') return <SignIn />;
  return <SignedIn />;
}
