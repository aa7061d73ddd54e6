// Names for the API answers the pages use, all derived from the generated OpenAPI types.
import type { Answer } from './client.ts';

export type Me = Answer<'/v1/me', 'get'>;
export type MyOrganization = Me['organizations'][number];
export type { Role } from './roles.ts';
export type Country = Answer<'/v1/countries', 'get'>['data'][number];
export type Cart = Answer<'/v1/redemption-carts/{cartId}', 'get'>;
export type CartItem = Cart['items'][number];
export type KeyResult = Answer<'/v1/redemption-carts/{cartId}/keys', 'post'>['results'][number];
export type Review = Answer<'/v1/redemption-carts/{cartId}/review', 'post'>;
export type Completion = Answer<'/v1/redemption-carts/{cartId}/complete', 'post'>;
export type Subscription = Answer<'/v1/organizations/{organizationId}/subscriptions/{subscriptionId}', 'get'>;
export type SubscriptionChange = Subscription['changes'][number];
export type Money = SubscriptionChange['paid'];
export type CancellationPreview = Answer<'/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/changes/{changeId}/cancellation-preview', 'post'>;
export type SeatQuote = Answer<'/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/seat-additions/quote', 'post'>;
export type Member = Answer<'/v1/organizations/{organizationId}/members', 'get'>['data'][number];
export type SeatSummary = Answer<'/v1/organizations/{organizationId}/seats', 'get'>['data'][number];
export type Assignment = Answer<'/v1/organizations/{organizationId}/seats/{planId}/assignments', 'get'>['data'][number];
export type Device = Answer<'/v1/organizations/{organizationId}/devices', 'get'>['data'][number];
export type Product = Answer<'/v1/catalog/products/{productId}', 'get'>;
export type Plan = Answer<'/v1/catalog/plans/{planId}', 'get'>;
export type KeyBatch = Answer<'/v1/key-batches/{batchId}', 'get'>;
export type ProductKey = Answer<'/v1/product-keys/lookup', 'post'>;
export type Simulation = Answer<'/v1/simulations/{simulationId}', 'get'>;
export type TimelineEntry = Answer<'/v1/simulations/{simulationId}/timeline', 'get'>['data'][number];
export type NotificationPreferences = Answer<'/v1/me/notification-preferences', 'get'>;
