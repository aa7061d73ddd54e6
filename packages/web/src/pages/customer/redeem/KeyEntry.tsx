// Step 1: typing or pasting keys. Each is checked offline as it is typed (core's parseKey, the
// server's own check), with the exact place of a wrong character on the card; the well-formed
// ones are then checked by the server, which adds them to the list or says why not.
import { useMemo, useState } from 'react';
import { api, type Problem } from '../../../api/client.ts';
import type { Cart, CartItem } from '../../../api/types.ts';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage, Notice, TableScroll, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';
import { describeKeyProblem } from '../../../keys/describe.ts';
import { checkKeyLines, groupedCharacters, wellFormedKeys, type KeyLine } from '../../../keys/key-lines.ts';

/** The most keys one request may carry (the API's limit). */
const KEYS_PER_REQUEST = 100;

interface Props {
  cart: Cart | undefined;
  /** The simulation's header when the keys are for a sandbox. */
  headers: Record<string, string>;
  /** Makes the cart on the first keys (a list is kept 24 hours, and resumable). */
  ensureCart(): Promise<Cart>;
  onCartChange(cart: Cart): void;
  onNext(): void;
}

export function KeyEntry({ cart, headers, ensureCart, onCartChange, onNext }: Props) {
  const { t, instant, date, language } = useI18n();
  const [text, setText] = useState('');
  const [refusals, setRefusals] = useState<ReadonlyMap<string, Problem>>(new Map());
  const [added, setAdded] = useState<number>();
  const lines = useMemo(() => checkKeyLines(text), [text]);
  const keys = wellFormedKeys(lines);

  const add = useAction(async () => {
    let current = await ensureCart();
    const refused = new Map<string, Problem>();
    let accepted = 0;
    for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
      const answer = await api.post('/v1/redemption-carts/{cartId}/keys', { path: { cartId: current.id }, body: { keys: keys.slice(start, start + KEYS_PER_REQUEST) }, headers });
      current = answer.cart;
      for (const result of answer.results) {
        if (result.ok) accepted++;
        else refused.set(result.input, result.problem);
      }
    }
    onCartChange(current);
    // What the server took leaves the box; what it refused stays, with its reason beside it.
    setText(lines.filter((line) => !line.result.ok || refused.has(line.result.key)).map((line) => line.input).join('\n'));
    setRefusals(refused);
    setAdded(accepted);
  });

  const remove = useAction(async (item: CartItem) => {
    if (!cart) return;
    onCartChange(await api.delete('/v1/redemption-carts/{cartId}/keys/{keyId}', { path: { cartId: cart.id, keyId: item.keyId }, headers }));
  });

  const problemText = (line: KeyLine): string | undefined => (line.result.ok ? refusals.get(line.result.key)?.title : describeKeyProblem(line.result, t));

  const items = cart?.items ?? [];
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading" tabIndex={-1}>{t('redeem.step.keys')}</h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (keys.length > 0) void add.run();
        }}
      >
        <TextAreaField label={t('redeem.keys.label')} hint={t('redeem.keys.hint')} rows={5} spellCheck={false} autoCapitalize="characters" autoComplete="off" value={text} onChange={(event) => { setText(event.target.value); setAdded(undefined); }} />
        {lines.length > 0 && (
          <>
            <p aria-live="polite" className="muted">{t('redeem.keys.summary', { ok: lines.filter((l) => l.result.ok).length, total: lines.length })}</p>
            <ol className="key-lines">
              {lines.map((line, index) => {
                const problem = problemText(line);
                const refusal = line.result.ok ? refusals.get(line.result.key) : undefined;
                return (
                  <li key={`${index}-${line.input}`} className={problem ? 'key-line key-line-bad' : 'key-line key-line-ok'} data-testid="key-line">
                    <code className="key-code">
                      {groupedCharacters(line).map((group, g) => (
                        <span key={g} className="key-group">
                          {group.map((c, i) => (c.bad ? <mark key={i}>{c.character}</mark> : <span key={i}>{c.character}</span>))}
                        </span>
                      ))}
                    </code>
                    <span className="key-status">{problem ?? t('redeem.keys.lineOk')}</span>
                    {refusal?.detail && <span className="key-status muted">{refusal.detail}</span>}
                  </li>
                );
              })}
            </ol>
          </>
        )}
        <ErrorMessage error={add.error} />
        {added !== undefined && added > 0 && <Notice>{t('redeem.keys.added', { count: added })}</Notice>}
        <div>
          <button type="submit" disabled={keys.length === 0 || add.busy}>{add.busy ? t('form.working') : t('redeem.keys.add', { count: keys.length })}</button>
        </div>
      </form>

      <h3>{t('redeem.keys.entered')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('redeem.keys.none')}</p>
      ) : (
        <TableScroll label={t('redeem.keys.entered')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('redeem.keys.column.key')}</th>
                <th scope="col">{t('redeem.keys.column.product')}</th>
                <th scope="col">{t('redeem.keys.column.kind')}</th>
                <th scope="col">{t('redeem.keys.column.seats')}</th>
                <th scope="col">{t('redeem.keys.column.redeemBy')}</th>
                <th scope="col"><span className="visually-hidden">{t('table.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.keyId}>
                  <td><code>…-{item.last5}</code></td>
                  <td>{item.plan.name[language]}</td>
                  <td>{t(`redeem.kind.${item.kind}`)}</td>
                  <td>{item.seats}</td>
                  <td>{date(item.redeemBy)}</td>
                  <td>
                    <button type="button" className="link-button" disabled={remove.busy} onClick={() => void remove.run(item)} aria-label={t('redeem.keys.remove', { last5: item.last5 })}>{t('redeem.keys.removeShort')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ErrorMessage error={remove.error} />
      {cart && <p className="muted small">{t('redeem.keys.expires', { time: instant(cart.expiresAt, Intl.DateTimeFormat().resolvedOptions().timeZone) })}</p>}
      <div className="actions">
        <button type="button" disabled={items.length === 0} onClick={onNext}>{t('redeem.next')}</button>
      </div>
    </section>
  );
}
