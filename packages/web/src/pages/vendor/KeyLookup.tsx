// The support desk's key lookup: the key is checked offline first (the same check and the same
// wording as redeeming), then looked up by POST so that it never travels in a URL.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ProductKey } from '../../api/types.ts';
import { useHolds, useMe } from '../../app/session.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, Page, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { describeKeyProblem } from '../../keys/describe.ts';
import { checkKeyLines } from '../../keys/key-lines.ts';

export function KeyLookup() {
  const { t, date, instant } = useI18n();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const zone = useTimeZone(useMe().organizations.find((o) => o.kind === 'vendor')?.id);
  const [input, setInput] = useState('');
  const [found, setFound] = useState<ProductKey>();
  const [confirming, setConfirming] = useState(false);
  const line = useMemo(() => checkKeyLines(input)[0], [input]);
  const offlineProblem = line && describeKeyProblem(line.result, t);

  const lookup = useAction(async (key: string) => {
    setFound(undefined);
    setFound(await api.post('/v1/product-keys/lookup', { body: { key } }));
  });
  const revoke = useAction(async (key: string) => {
    setFound(await api.post('/v1/product-keys/revoke', { body: { key } }));
    setConfirming(false);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (line?.result.ok) void lookup.run(line.result.key);
  };

  return (
    <Page title={t('lookup.title')}>
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('lookup.key')} hint={t('lookup.hint')} spellCheck={false} autoComplete="off" required value={input} error={input.trim() ? offlineProblem : undefined} onChange={(e) => setInput(e.target.value)} />
        <div><button type="submit" disabled={!line?.result.ok || lookup.busy}>{t('lookup.submit')}</button></div>
      </form>
      <ErrorMessage error={lookup.error ?? revoke.error} />
      {found && (
        <section aria-labelledby="found-heading" className="card">
          <h2 id="found-heading"><code>…-{found.last5}</code></h2>
          <dl className="facts">
            <dt>{t('lookup.state')}</dt>
            <dd>{t(`lookup.keyState.${found.state}`)}</dd>
            <dt>{t('lookup.batch')}</dt>
            <dd>{t('lookup.batchText', { id: found.batch.id, kind: t(`redeem.kind.${found.batch.kind}`), seats: found.batch.seatsPerKey, date: date(found.batch.redeemBy) })}</dd>
            {found.redeemedAt && (
              <>
                <dt>{t('lookup.redeemed')}</dt>
                <dd>{t('lookup.redeemedText', { time: instant(found.redeemedAt, zone), organization: found.redeemedOrganizationId ?? '—', subscription: found.subscriptionId ?? '—' })}</dd>
              </>
            )}
            {found.revokedAt && (
              <>
                <dt>{t('lookup.revokedAt')}</dt>
                <dd>{instant(found.revokedAt, zone)}</dd>
              </>
            )}
          </dl>
          {isAdmin && found.state === 'unused' && line?.result.ok && (
            confirming ? (
              <ConfirmPanel
                label={t('lookup.revoke')}
                question={t('lookup.revokeConfirm', { last5: found.last5 })}
                confirm={t('lookup.revoke')}
                busy={revoke.busy}
                onConfirm={() => line.result.ok && void revoke.run(line.result.key)}
                onCancel={() => setConfirming(false)}
              />
            ) : (
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>{t('lookup.revoke')}</button>
            )
          )}
        </section>
      )}
    </Page>
  );
}
