// Key batches: making one (vendor administrators), and its keys' one-time CSV. The keys exist
// in plaintext only in the creation answer and that CSV; the portal never shows or keeps them,
// it offers the download at once, and after it the server holds no copy (410 afterwards).
import { useState } from 'react';
import { api, downloadFile } from '../../api/client.ts';
import type { KeyBatch } from '../../api/types.ts';
import { useHolds, useMe } from '../../app/session.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { NewBatch } from './NewBatch.tsx';

async function loadBatches() {
  const [batches, plans] = await Promise.all([api.get('/v1/key-batches', { query: { limit: 200 } }), api.get('/v1/catalog/plans', { query: { limit: 200 } })]);
  return { batches: batches.data, plans: plans.data };
}

export function KeyBatches() {
  const { t, date, instant } = useI18n();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const vendorZone = useTimeZone(useMe().organizations.find((o) => o.kind === 'vendor')?.id);
  const loaded = useLoad(loadBatches, []);
  const [made, setMade] = useState<{ id: string; count: number }>();
  const [downloaded, setDownloaded] = useState(false);
  const [revoking, setRevoking] = useState<string>();

  const download = useAction(async (batchId: string) => {
    await downloadFile('/v1/key-batches/{batchId}/keys.csv', { batchId }, `${batchId}.csv`);
    setDownloaded(true);
    loaded.reload();
  });
  const revoke = useAction(async (batchId: string) => {
    await api.post('/v1/key-batches/{batchId}/revoke', { path: { batchId } });
    setRevoking(undefined);
    loaded.reload();
  });
  const skuOf = (batch: KeyBatch | Omit<KeyBatch, 'counts'>) => loaded.data?.plans.find((p) => p.id === batch.planId)?.sku ?? batch.planId;

  return (
    <Page title={t('batches.title')}>
      {isAdmin && loaded.data && (
        <NewBatch
          plans={loaded.data.plans.filter((p) => p.active)}
          onCreated={(batch, count) => {
            setMade({ id: batch.id, count });
            setDownloaded(false);
            loaded.reload();
          }}
        />
      )}
      {made && (
        <Notice>
          <p>{t('batches.created', { count: made.count })}</p>
          {!downloaded && (
            <button type="button" disabled={download.busy} onClick={() => void download.run(made.id)}>{t('batches.download')}</button>
          )}
        </Notice>
      )}
      {downloaded && <Notice>{t('batches.downloadedNow')}</Notice>}
      <ErrorMessage error={download.error ?? revoke.error} />
      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batches.list')}</h2>
        <LoadState loaded={loaded}>
          {({ batches }) =>
            batches.length === 0 ? (
              <p>{t('table.empty')}</p>
            ) : (
              <TableScroll label={t('batches.list')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('batches.column.created')}</th>
                      <th scope="col">{t('batches.column.plan')}</th>
                      <th scope="col">{t('batches.column.kind')}</th>
                      <th scope="col">{t('batches.column.quantity')}</th>
                      <th scope="col">{t('batches.column.seats')}</th>
                      <th scope="col">{t('batches.column.redeemBy')}</th>
                      <th scope="col">{t('batches.column.label')}</th>
                      <th scope="col">{t('batches.column.csv')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {batches.map((batch) => (
                      <tr key={batch.id}>
                        <td>{instant(batch.createdAt, vendorZone)}</td>
                        <td><code>{skuOf(batch)}</code></td>
                        <td>{t(`redeem.kind.${batch.kind}`)}</td>
                        <td>{batch.quantity}</td>
                        <td>{batch.seatsPerKey}</td>
                        <td>{date(batch.redeemBy)}</td>
                        <td>{batch.label ?? '—'}</td>
                        <td>
                          {batch.csvAvailable && isAdmin ? (
                            <button type="button" className="link-button" disabled={download.busy} aria-label={t('batches.downloadLabel', { id: batch.id })} onClick={() => void download.run(batch.id)}>
                              {t('batches.download')}
                            </button>
                          ) : batch.csvDownloadedAt ? (
                            t('batches.downloaded', { time: instant(batch.csvDownloadedAt, vendorZone) })
                          ) : (
                            '—'
                          )}
                          {batch.revokedAt ? (
                            <div className="small">{t('batches.revoked', { time: instant(batch.revokedAt, vendorZone) })}</div>
                          ) : (
                            isAdmin && (
                              <div>
                                <button type="button" className="link-button" aria-label={t('batches.revokeLabel', { id: batch.id })} onClick={() => setRevoking(batch.id)}>{t('batches.revoke')}</button>
                              </div>
                            )
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )
          }
        </LoadState>
        {revoking && (
          <ConfirmPanel
            label={t('batches.revokeLabel', { id: revoking })}
            question={t('batches.revokeConfirm', { id: revoking })}
            confirm={t('batches.revoke')}
            busy={revoke.busy}
            onConfirm={() => void revoke.run(revoking)}
            onCancel={() => setRevoking(undefined)}
          />
        )}
      </section>
    </Page>
  );
}
