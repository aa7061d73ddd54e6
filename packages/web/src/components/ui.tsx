// The portal's building blocks: a page with its focused heading, labelled fields, and messages
// that assistive technology announces.
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18n.tsx';

/** A page: its title is the document's title and its heading, focused when the page opens. */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>{title}</h1>
        {actions}
      </div>
      {children}
    </>
  );
}

interface FieldShell {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

function useFieldIds(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function FieldFrame({ id, label, hint, hintId, error, errorId, children }: FieldShell & { id: string; hintId: string | undefined; errorId: string | undefined; children: ReactNode }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && <div id={hintId} className="hint">{hint}</div>}
      {children}
      {error && <div id={errorId} className="field-error">{error}</div>}
    </div>
  );
}

export function TextField({ label, hint, error, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error}>
      <input id={ids.id} aria-describedby={ids.describedBy} aria-invalid={error ? true : undefined} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField({ label, hint, error, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error}>
      <textarea id={ids.id} aria-describedby={ids.describedBy} aria-invalid={error ? true : undefined} {...input} />
    </FieldFrame>
  );
}

export function SelectField({ label, hint, error, children, ...select }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldFrame {...ids} label={label} hint={hint} error={error}>
      <select id={ids.id} aria-describedby={ids.describedBy} aria-invalid={error ? true : undefined} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A refusal or failure, announced: the API's own title and remedy in the portal's language. */
export function ErrorMessage({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <div className="message message-error" role="alert">
        <p className="message-title">{error.problem.title}</p>
        {error.problem.detail && <p>{error.problem.detail}</p>}
        {children}
        {error.problem.requestId && <p className="muted small">{t('app.requestId', { id: error.problem.requestId })}</p>}
      </div>
    );
  }
  return (
    <div className="message message-error" role="alert">
      <p className="message-title">{error instanceof Error ? error.message : String(error)}</p>
      {children}
    </div>
  );
}

/** Good news, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="message message-success" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p role="status" className="muted">{t('app.loading')}</p>;
}

/** What a loaded section shows: loading, the failure (with a retry), or the content. */
export function LoadState<T>({ loaded, children }: { loaded: { data: T | undefined; error: unknown; loading: boolean; reload(): void }; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.error) {
    return (
      <ErrorMessage error={loaded.error}>
        <button type="button" onClick={loaded.reload}>{t('app.retry')}</button>
      </ErrorMessage>
    );
  }
  if (loaded.data === undefined) return <Loading />;
  return <>{children(loaded.data)}</>;
}

/** A wide table that scrolls sideways on a narrow screen; focusable, so the keyboard can scroll it. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A column heading: its text, one for screen readers only (an actions column), or false to leave the column out. */
export type Column = string | { hidden: string } | false;

/** Rows under column headings, in their own sideways-scrolling region on a narrow screen. */
export function Table({ label, columns, children }: { label: string; columns: readonly Column[]; children: ReactNode }) {
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            {columns.map((column, i) =>
              column === false ? null : <th scope="col" key={i}>{typeof column === 'string' ? column : <span className="visually-hidden">{column.hidden}</span>}</th>,
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

/** A secret the API shows only once (a token, a signing secret): what it is, the secret, and to copy it now. */
export function SecretShownOnce({ lead, secret, note }: { lead: string; secret: string; note: string }) {
  return (
    <Notice>
      <p>{lead}</p>
      <p><code>{secret}</code></p>
      <p>{note}</p>
    </Notice>
  );
}

/** "Are you sure?" before something that cannot be undone: the question, then act or keep. */
export function ConfirmPanel({ label, question, confirm, busy, onConfirm, onCancel }: { label: string; question: string; confirm: string; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="confirm-panel" role="group" aria-label={label}>
      <p>{question}</p>
      <div className="actions">
        <button type="button" className="danger" autoFocus disabled={busy} onClick={onConfirm}>{confirm}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('form.cancel')}</button>
      </div>
    </div>
  );
}
