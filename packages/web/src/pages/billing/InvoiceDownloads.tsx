// Downloading an invoice's PDF, in Japanese (the qualified invoice) or English. The first
// download by the customer is the original; the server marks every later one as a reissued copy,
// so the page says which the next one will be.
import { useState } from 'react';
import { downloadFile } from '../../api/client.ts';
import type { Invoice } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function InvoiceDownloads({ invoice, onDownloaded }: { invoice: Invoice; onDownloaded(): void }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const download = useAction(async (lang: 'ja' | 'en') => {
    setDone(false);
    await downloadFile('/v1/organizations/{organizationId}/invoices/{invoiceId}/pdf', { organizationId: invoice.organizationId, invoiceId: invoice.id }, `${invoice.number}.pdf`, { lang });
    setDone(true);
    onDownloaded();
  });
  return (
    <div className="stack">
      <div className="actions">
        {(['ja', 'en'] as const).map((lang) => (
          <button key={lang} type="button" className="secondary" disabled={download.busy} onClick={() => void download.run(lang)}>
            {t(lang === 'ja' ? 'invoice.downloadJa' : 'invoice.downloadEn')}
          </button>
        ))}
      </div>
      <ErrorMessage error={download.error} />
      {done && <Notice>{t('invoice.downloaded', { number: invoice.number })}</Notice>}
    </div>
  );
}
