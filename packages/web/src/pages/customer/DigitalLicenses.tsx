// Digital licenses (SPEC §6): the person links a product key of this personal account to their
// own account. The app then activates by signing in, and after a motherboard replacement signing
// in again moves the license (no code from support). The key is checked offline first, like
// every typed key; unlinking leaves the devices active.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { LinkedLicense } from '../../api/types.ts';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { describeKeyProblem } from '../../keys/describe.ts';
import { checkKeyLines } from '../../keys/key-lines.ts';

export function DigitalLicenses({ organizationId }: { organizationId: string }) {
  const { t, instant } = useI18n();
  const zone = useTimeZone(organizationId);
  const linked = useLoad(async () => (await api.get('/v1/me/linked-licenses')).data.filter((l) => l.organizationId === organizationId), [organizationId]);
  const [input, setInput] = useState('');
  const [notice, setNotice] = useState<string>();
  const [unlinking, setUnlinking] = useState<LinkedLicense>();
  const line = useMemo(() => checkKeyLines(input)[0], [input]);
  const offlineProblem = line && describeKeyProblem(line.result, t);

  const link = useAction(async (key: string) => {
    const made = await api.post('/v1/me/linked-licenses', { body: { key } });
    setInput('');
    setNotice(t('linked.linked', { last5: made.keyLast5 }));
    linked.reload();
  });
  const unlink = useAction(async (license: LinkedLicense) => {
    await api.delete('/v1/me/linked-licenses/{licenseId}', { path: { licenseId: license.id } });
    setUnlinking(undefined);
    setNotice(t('linked.unlinked', { last5: license.keyLast5 }));
    linked.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    if (line?.result.ok) void link.run(line.result.key);
  };

  return (
    <section aria-labelledby="linked-heading" className="card">
      <h2 id="linked-heading">{t('linked.title')}</h2>
      <p className="hint">{t('linked.text')}</p>
      <LoadState loaded={linked}>
        {(licenses) =>
          licenses.length === 0 ? (
            <p>{t('linked.none')}</p>
          ) : (
            <ul>
              {licenses.map((license) => (
                <li key={license.id}>
                  {t('linked.item', { last5: license.keyLast5, linkedAt: instant(license.linkedAt, zone), active: license.activeDevices, limit: license.deviceLimit })}{' '}
                  <button type="button" className="link-button" aria-label={t('linked.unlinkLabel', { last5: license.keyLast5 })} onClick={() => setUnlinking(license)}>{t('linked.unlink')}</button>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      {unlinking && (
        <ConfirmPanel label={t('linked.unlinkLabel', { last5: unlinking.keyLast5 })} question={t('linked.unlinkConfirm', { last5: unlinking.keyLast5 })} confirm={t('linked.unlink')} busy={unlink.busy} onConfirm={() => void unlink.run(unlinking)} onCancel={() => setUnlinking(undefined)} />
      )}
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('linked.key')} hint={t('linked.keyHint')} spellCheck={false} autoComplete="off" value={input} error={input.trim() ? offlineProblem : undefined} onChange={(e) => setInput(e.target.value)} />
        <div><button type="submit" className="secondary" disabled={!line?.result.ok || link.busy}>{t('linked.submit')}</button></div>
      </form>
      <ErrorMessage error={link.error ?? unlink.error} />
      {notice && <Notice>{notice}</Notice>}
    </section>
  );
}
