// The portal in a real browser (Debian's Chromium, driven by playwright-core) against the real
// server, one page at a time: the flows the portal exists for, each page checked by axe-core
// (no serious or critical violation), for CSP violations and script errors, and at 375 px.
// SQLite only: the flows test the portal, and the API under them runs on both databases in
// its own tests. Screenshots: test-results/portal/.
import { after, before, beforeEach, test } from 'node:test';
import { createOrg } from '../../server/test/support/fixtures.ts';
import { assignSeat } from './flows/assign-seat.ts';
import { autoRenewBeforeAndAfterCutoff } from './flows/auto-renew.ts';
import { cancelWithinWindow } from './flows/cancel-within-window.ts';
import { devicesAndPreferences } from './flows/customer-pages.ts';
import { switchToDirectBillingByCard } from './flows/direct-billing.ts';
import { redeemIntoExistingOrganization } from './flows/redeem-existing-organization.ts';
import { redeemIntoNewOrganization } from './flows/redeem-new-organization.ts';
import { orderSeatsPayByCardDownloadInvoice } from './flows/order-seats.ts';
import { partnerOffersCustomerAccepts } from './flows/partner-delegation.ts';
import { renewWithKey } from './flows/renew-with-key.ts';
import { repairCaseApprovedWithCode } from './flows/support-desk.ts';
import { vendorMakesBatchAndDownloadsIt } from './flows/vendor-batch.ts';
import { vendorConsole } from './flows/vendor-console.ts';
import { E2E_START, startPortal, type Portal } from './support/harness.ts';

let portal: Portal;
let vendorOrganizationId: string;

before(async () => {
  portal = await startPortal();
  vendorOrganizationId = (await createOrg(portal.t, { kind: 'vendor', name: 'Licentia Vendor' })).id;
});
after(() => portal?.close());
beforeEach(() => portal.t.clock.set(E2E_START));

test('redeem keys into a new organization (Japanese, 375 px): offline check with positions, server check, countries where sold, review, complete', () => portal.run('redeem-new', redeemIntoNewOrganization));
test('redeem into an existing organization as its billing admin; a member is refused at review and nothing is consumed', () => portal.run('redeem-existing', redeemIntoExistingOrganization));
test('auto-renew, keyboard only: turned off before the cut-off; refused after it, with the alternative', () => portal.run('auto-renew', autoRenewBeforeAndAfterCutoff));
test('cancel within the window: refund shown before confirming, then refunded exactly', () => portal.run('cancel', cancelWithinWindow));
test('renew with a key from the subscription page', () => portal.run('renew', renewWithKey));
test('assign a seat (and add a member, take a seat back)', () => portal.run('seats', assignSeat));
test('a vendor administrator makes a batch and downloads its CSV once; the key lookup finds a key', () => portal.run('vendor-batch', (p) => vendorMakesBatchAndDownloadsIt(p, vendorOrganizationId)));
test('the vendor console: catalog, the simulation clock with its timeline, the vendor\'s own API tokens and webhooks', () => portal.run('vendor-console', (p) => vendorConsole(p, vendorOrganizationId)));
test('devices and notification preferences', () => portal.run('customer-pages', devicesAndPreferences));
test('a partner offers delegated administration; the customer accepts from the mailed link; the partner acts for it with the granted roles until the customer ends it', () => portal.run('delegation', (p) => partnerOffersCustomerAccepts(p, vendorOrganizationId)));
test('ordering seats: paid by card, the invoice downloaded; by bank transfer, recorded by the vendor', () => portal.run('order-seats', (p) => orderSeatsPayByCardDownloadInvoice(p, vendorOrganizationId)));
test('switching to direct billing: the next term ordered and paid by card, starting the day after the key term', () => portal.run('direct-billing', switchToDirectBillingByCard));
test('a repair: the advisor, a case with its files (bad ones refused), approved by an agent with the keyboard, the code shown once and working', () => portal.run('support', (p) => repairCaseApprovedWithCode(p, vendorOrganizationId)));
