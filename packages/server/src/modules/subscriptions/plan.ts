// What the subscription rules need to know of a plan.
import type { LifecyclePolicy } from '@licentia/core/lifecycle';
import type { Plan } from '../catalog/schemas.ts';

export interface SubscriptionPlan {
  id: string;
  termMonths: number;
  currency: string;
  category: 'standard' | 'third_party' | 'usage' | 'trial';
  maxSeatsPerSubscription: number;
  trialDays: number | null;
  policy: LifecyclePolicy;
}

/** A catalog plan, as the subscription rules see it. */
export function subscriptionPlanOf(plan: Plan): SubscriptionPlan {
  return {
    id: plan.id,
    termMonths: plan.termMonths,
    currency: plan.price.currency,
    category: plan.category,
    maxSeatsPerSubscription: plan.maxSeatsPerSubscription,
    trialDays: plan.trialDays,
    policy: plan.lifecycle,
  };
}
