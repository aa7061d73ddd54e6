// Redeeming product keys (SPEC §3): keys → organization → review → done. The list of keys is
// the server's redemption cart, remembered in this browser so that it can be resumed until it
// expires (24 hours); an abandoned list consumes nothing.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { Cart, Completion } from '../../api/types.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useMe, useOrganizations, useSession } from '../../app/session.tsx';
import { Loading, Page } from '../../components/ui.tsx';
import { simulationHeaders, useSandboxes } from '../../app/simulation.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages/index.ts';
import { KeyEntry } from './redeem/KeyEntry.tsx';
import { ReviewStep } from './redeem/ReviewStep.tsx';
import { TargetStep, type Target } from './redeem/TargetStep.tsx';

type Step = 'keys' | 'target' | 'review' | 'done';
const STEPS: { step: Step; label: MessageKey }[] = [
  { step: 'keys', label: 'redeem.step.keys' },
  { step: 'target', label: 'redeem.step.target' },
  { step: 'review', label: 'redeem.step.review' },
  { step: 'done', label: 'redeem.step.done' },
];

function storageKey(userId: string, simulationId: string | null): string {
  return `licentia.redemption-cart.${userId}.${simulationId ?? 'real'}`;
}

export function Redeem() {
  const sandboxes = useSandboxes();
  return sandboxes ? <Wizard sandboxes={sandboxes} /> : <Loading />;
}

function Wizard({ sandboxes }: { sandboxes: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const { search } = useRouter();
  const userId = me.user?.id ?? me.token?.id ?? 'anonymous';
  const [step, setStep] = useState<Step>('keys');
  const [cart, setCart] = useState<Cart>();
  const preset = search.get('organization');
  // Keys for a simulation's sandbox are redeemed on its clock, from the cart on.
  const simulationId = (preset && sandboxes.get(preset)) || null;
  const headers = simulationHeaders(simulationId);
  const key = storageKey(userId, simulationId);
  // Its own customer organizations, and those a partner of its administers for them (delegated).
  const customers = useOrganizations().filter((o) => o.kind === 'customer');
  const choices = simulationId ? customers.filter((o) => sandboxes.get(o.id) === simulationId) : customers.filter((o) => !sandboxes.has(o.id));
  const [target, setTarget] = useState<Target | undefined>(preset ? { organizationId: preset } : undefined);
  const [completion, setCompletion] = useState<Completion>();
  const stepHeading = useRef<HTMLDivElement>(null);

  // Resume the list this browser was filling, if it is still open.
  useEffect(() => {
    const stored = window.localStorage.getItem(key);
    if (!stored) return;
    api.get('/v1/redemption-carts/{cartId}', { path: { cartId: stored }, headers }).then(
      (found) => (found.state === 'open' ? setCart(found) : window.localStorage.removeItem(key)),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) window.localStorage.removeItem(key);
      },
    );
    // The headers follow from the storage key (its simulation), so the key alone decides.
  }, [key]);

  const go = (next: Step) => {
    setStep(next);
    // The new step's heading is where keyboard and screen reader users continue.
    requestAnimationFrame(() => stepHeading.current?.querySelector<HTMLElement>('h2')?.focus());
  };

  const ensureCart = async (): Promise<Cart> => {
    if (cart) return cart;
    const created = await api.post('/v1/redemption-carts', { headers });
    window.localStorage.setItem(key, created.id);
    setCart(created);
    return created;
  };

  const done = (result: Completion) => {
    window.localStorage.removeItem(key);
    setCompletion(result);
    go('done');
    // A new organization (or roles in it) shows in the menu at once.
    void refresh();
  };

  const restart = () => {
    setCart(undefined);
    setCompletion(undefined);
    setTarget(undefined);
    go('keys');
  };

  return (
    <Page title={t('redeem.title')}>
      <nav aria-label={t('redeem.steps')}>
        <ol className="steps">
          {STEPS.map(({ step: s, label }) => (
            <li key={s} aria-current={s === step ? 'step' : undefined}>{t(label)}</li>
          ))}
        </ol>
      </nav>
      <div ref={stepHeading} className="step-body">
        {step === 'keys' && <KeyEntry cart={cart} headers={headers} ensureCart={ensureCart} onCartChange={setCart} onNext={() => go('target')} />}
        {step === 'target' && cart && (
          <TargetStep cart={cart} choices={choices} allowNew={simulationId === null} initial={target} onBack={() => go('keys')} onNext={(chosen) => { setTarget(chosen); go('review'); }} />
        )}
        {step === 'review' && cart && target && <ReviewStep cart={cart} target={target} simulationId={simulationId} onBack={() => go('target')} onDone={done} />}
        {step === 'done' && completion && (
          <section aria-labelledby="done-heading" className="stack">
            <h2 id="done-heading" tabIndex={-1}>{t('redeem.done.title')}</h2>
            <p role="status">{t('redeem.done.text', { count: completion.effects.length, name: completion.organization.name })}</p>
            {completion.organizationCreated && <p>{t('redeem.done.created', { name: completion.organization.name })}</p>}
            <p><Link to={`/o/${completion.organization.id}/subscriptions`}>{t('redeem.done.subscriptions', { name: completion.organization.name })}</Link></p>
            <p><button type="button" className="secondary" onClick={restart}>{t('redeem.done.again')}</button></p>
          </section>
        )}
      </div>
    </Page>
  );
}
