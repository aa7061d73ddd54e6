// Uploading a receipt or a repair completion report to an open case. The portal checks what it
// can before sending (a photo or PDF by the browser's reading of the file, no larger than the
// server accepts, named with sizes people read); the server checks again by the file's content
// and its refusals (a renamed file, an empty one) are shown as they come.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { SupportCase } from '../../api/types.ts';
import { usePortalSettings } from '../../app/settings.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, Notice, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

const ACCEPTED = ['image/jpeg', 'image/png', 'application/pdf'] as const;
type Accepted = (typeof ACCEPTED)[number];
type Kind = SupportCase['attachments'][number]['kind'];

function isAccepted(type: string): type is Accepted {
  return (ACCEPTED as readonly string[]).includes(type);
}

/** The file's bytes as standard base64, in chunks (a spread of megabytes would overflow the stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function Upload({ supportCase, onUploaded }: { supportCase: SupportCase; onUploaded(): void }) {
  const { t, bytes } = useI18n();
  const settings = usePortalSettings();
  // A new input after each upload: a file input cannot be emptied from script in every browser.
  const [inputKey, setInputKey] = useState(0);
  const [kind, setKind] = useState<Kind>(supportCase.missing[0] ?? 'proof_of_purchase');
  const [file, setFile] = useState<File>();
  const [receipt, setReceipt] = useState({ model: '', purchaseDate: '', serialNumber: '' });
  const [done, setDone] = useState<string>();
  const limit = settings?.attachmentMaxBytes;
  const problem = file && (!isAccepted(file.type) ? t('case.upload.type', { name: file.name, type: file.type || t('case.upload.unknownType') }) : limit !== undefined && file.size > limit ? t('case.upload.size', { name: file.name, size: bytes(file.size), limit: bytes(limit) }) : undefined);

  const upload = useAction(async (chosen: File & { type: Accepted }) => {
    setDone(undefined);
    await api.post('/v1/organizations/{organizationId}/support-cases/{caseId}/attachments', {
      path: { organizationId: supportCase.organizationId, caseId: supportCase.id },
      body: { kind, fileName: chosen.name, mediaType: chosen.type, contentBase64: await base64Of(chosen), ...(kind === 'proof_of_purchase' ? { receipt } : {}) },
    });
    setDone(t('case.upload.done', { name: chosen.name }));
    setFile(undefined);
    setInputKey((k) => k + 1);
    onUploaded();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && !problem && isAccepted(file.type)) void upload.run(file as File & { type: Accepted });
  };

  return (
    <section aria-labelledby="upload-heading" className="card">
      <h2 id="upload-heading">{t('case.upload.title')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <SelectField label={t('case.upload.kind')} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {(['proof_of_purchase', 'repair_report'] as const).map((k) => (
            <option key={k} value={k}>{t(`case.file.${k}`)}</option>
          ))}
        </SelectField>
        <TextField
          key={inputKey}
          label={t('case.upload.file')}
          hint={limit !== undefined ? t('case.upload.fileHint', { limit: bytes(limit) }) : undefined}
          error={problem}
          type="file"
          accept={ACCEPTED.join(',')}
          required
          onChange={(e) => { setFile(e.target.files?.[0]); setDone(undefined); upload.reset(); }}
        />
        {kind === 'proof_of_purchase' && (
          <fieldset>
            <legend>{t('case.file.proof_of_purchase')}</legend>
            <TextField label={t('case.upload.model')} required maxLength={200} value={receipt.model} onChange={(e) => setReceipt({ ...receipt, model: e.target.value })} />
            <TextField label={t('case.upload.purchaseDate')} type="date" required value={receipt.purchaseDate} onChange={(e) => setReceipt({ ...receipt, purchaseDate: e.target.value })} />
            <TextField label={t('case.upload.receiptSerial')} required maxLength={100} autoComplete="off" spellCheck={false} value={receipt.serialNumber} onChange={(e) => setReceipt({ ...receipt, serialNumber: e.target.value })} />
          </fieldset>
        )}
        <ErrorMessage error={upload.error} />
        <div><button type="submit" disabled={!file || problem !== undefined || upload.busy}>{t('case.upload.submit')}</button></div>
      </form>
      {done && <Notice>{done}</Notice>}
    </section>
  );
}
