/** @jsxImportSource preact */
/**
 * A modal dialog on the native `<dialog>`: the browser keeps focus inside, Esc closes it,
 * and focus goes back to what opened it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';

export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  class?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      class={`dialog ${props.class ?? ''}`}
      aria-labelledby="dialog-title"
      onClose={props.onClose}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-head">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" class="ghost small" onClick={props.onClose}>
          ×<span class="sr"> {t('dialogClose')}</span>
        </button>
      </header>
      {props.children}
    </dialog>
  );
}
