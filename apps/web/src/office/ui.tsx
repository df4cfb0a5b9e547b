// Pieces the office's screens share: polling with the time last heard from the server,
// a reservation's state as a tag, a form that asks for a reason before an action, a
// dialog that asks "are you sure?" before one, and a table that scrolls sideways on a
// phone instead of squeezing.
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorText } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatTime } from '../lib/format';
import { useSubmitGuard } from '../lib/use-submit-guard';

export interface Polled<T> {
  data?: T;
  error?: unknown;
  lastHeard?: Date;
  reload: () => Promise<void>;
}

/** Loads now, then every `intervalMs` while the page is open; `key` starts over. */
export function usePolling<T>(load: () => Promise<T>, key: string, intervalMs = 10_000): Polled<T> {
  const [state, setState] = useState<{ key?: string; data?: T; error?: unknown; lastHeard?: Date }>({});
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const reload = useCallback(async () => {
    try {
      const data = await loadRef.current();
      setState({ key, data, lastHeard: new Date() });
    } catch (error) {
      setState((previous) => ({ ...previous, key, error }));
    }
  }, [key]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs]);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    lastHeard: state.lastHeard,
    reload,
  };
}

export function LastHeard({ at, onReload }: { at?: Date; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <p className="flex flex-wrap items-center gap-3 text-dns-16N-130 text-solid-gray-700">
      <span role="status" data-testid="last-heard">
        {at
          ? t('office.lastHeard', {
              time: formatTime(at.toISOString(), currentLanguage()) + `:${String(at.getSeconds()).padStart(2, '0')}`,
            })
          : t('layout.loading')}
      </span>
      <button type="button" className="btn-link" onClick={onReload}>
        {t('office.refresh')}
      </button>
    </p>
  );
}

const TONE: Record<string, string> = {
  requested: 'tag-orange',
  offered: 'tag-blue',
  confirmed: 'tag-green',
  invited: 'tag-green',
  in_session: 'tag-blue',
  completed: 'tag-gray',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag ${TONE[status] ?? 'tag-gray'}`}>
      {t(`office.status.${status}`, { defaultValue: status })}
    </span>
  );
}

/** "Give a reason, then do it": the reason is required when `required`. */
export function ReasonForm({
  id,
  label,
  hint,
  submitLabel,
  required = true,
  danger,
  onSubmit,
  onCancel,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  submitLabel: string;
  required?: boolean;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const sending = useSubmitGuard();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await sending.run(async () => {
      if (required && !reason.trim()) {
        setError(t('office.reasonMissing'));
        ref.current?.focus();
        return;
      }
      setError(undefined);
      try {
        await onSubmit(reason.trim());
      } catch (failure) {
        setError(failure instanceof ApiError ? `${errorText(failure)}（${failure.code}）` : errorText(failure));
      }
    });
  }
  return (
    <form noValidate onSubmit={submit} className="panel mt-3">
      {children}
      <div className="field">
        <label htmlFor={id} className="label">
          {label}
          {!required && <span className="font-normal">{t('office.optional')}</span>}
        </label>
        {hint && (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {error && (
          <p className="error-text" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
        <textarea
          ref={ref}
          id={id}
          className="input"
          rows={2}
          value={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'}
          aria-disabled={sending.busy}
        >
          {submitLabel}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('office.cancelAction')}
        </button>
      </div>
    </form>
  );
}

/**
 * A button that asks before it acts, in a modal dialog (focus kept inside, Escape or the
 * second button closes it). `onConfirm` says its own outcome, failures too (it should not
 * throw); the dialog closes after it either way.
 */
export function ConfirmButton({
  label,
  title,
  confirmLabel,
  danger,
  onConfirm,
  children,
}: {
  label: ReactNode;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const sending = useSubmitGuard();
  return (
    <DialogTrigger>
      <Button className={danger ? 'btn btn-danger' : 'btn btn-secondary'}>{label}</Button>
      <ModalOverlay isDismissable className="fixed inset-0 z-50 grid place-items-center bg-opacity-gray-500 p-4">
        <Modal className="w-full max-w-lg rounded-12 bg-white p-6 shadow-3">
          <Dialog role="alertdialog" className="outline-none">
            {({ close }) => (
              <>
                <Heading slot="title" className="mt-0 text-std-22B-150">
                  {title}
                </Heading>
                {children}
                <div className="flex flex-wrap gap-3">
                  <Button
                    className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'}
                    isDisabled={sending.busy}
                    onPress={() => {
                      void sending.run(async () => {
                        try {
                          await onConfirm();
                        } finally {
                          close();
                        }
                      });
                    }}
                  >
                    {confirmLabel}
                  </Button>
                  <Button className="btn btn-secondary" onPress={close}>
                    {t('office.cancelAction')}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

/** A table that keeps its columns on a phone: it scrolls sideways in its own labelled region. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A region that scrolls must be reachable by keyboard (axe scrollable-region-focusable).
    // `relative`: the visually hidden texts in its cells (.sr-only, absolutely positioned)
    // scroll with it; without it they hang past a phone's right edge and the page scrolls sideways.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div role="region" aria-label={label} tabIndex={0} className="relative mb-6 overflow-x-auto">
      {children}
    </div>
  );
}

/** Something done: said politely to screen readers, shown above the list. */
export function Done({ message }: { message?: string }) {
  return (
    <div role="status" aria-live="polite">
      {message && <p className="notice">{message}</p>}
    </div>
  );
}
