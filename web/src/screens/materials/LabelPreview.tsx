// A container's label as the printer gets it: the PDF fetched with the session's token into a
// Blob URL, shown in the dialog, with Print and Download. The URL is revoked when it closes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { Button, ErrorMessage, Loading } from '../../components/ui';
import { useFocusTrap } from '../../lib/focus';

export function LabelPreview({ container, onClose }: { container: string; onClose: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [size, setSize] = useState(0);
  const [error, setError] = useState<unknown>(null);
  // The page's Content-Security-Policy may refuse a blob: frame (default-src 'self' without
  // frame-src blob:); then the label opens in a tab of its own, where the browser shows and prints it.
  const [blocked, setBlocked] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useFocusTrap(dialog);

  useEffect(() => {
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      if (e.blockedURI.startsWith('blob') || e.effectiveDirective === 'frame-src') setBlocked(true);
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, []);

  useEffect(() => {
    let made: string | null = null;
    let live = true;
    request<Response>('GET', `/api/v1/containers/${encodeURIComponent(container)}/label?format=pdf`, undefined, { raw: true })
      .then((r) => r.blob())
      .then((blob) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        setSize(blob.size);
        setUrl(made);
      })
      .catch((e) => live && setError(e));
    close.current?.focus();
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [container]);

  function openTab() {
    if (url) window.open(url, '_blank', 'noopener');
  }

  function print() {
    // The PDF viewer inside the frame prints the label at its own size; where the frame is not
    // allowed, or cannot print, the label opens in a tab, whose print button works.
    if (blocked) return openTab();
    try {
      frame.current?.contentWindow?.focus();
      frame.current?.contentWindow?.print();
    } catch {
      if (url) window.open(url, '_blank', 'noopener');
    }
  }

  return (
    <div class="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div ref={dialog} class="modal mat-label-modal" role="dialog" aria-modal="true" aria-labelledby="label-title" data-testid="label-preview">
        <h2 id="label-title">Label of container {container}</h2>
        <p class="muted">Print preview of the PDF label (4 × 3 in), as the label printer prints it.</p>
        <ErrorMessage error={error} />
        {url && blocked ? (
          <div class="alert alert-warning" role="status" data-testid="label-blocked">
            <div>
              This browser’s security settings do not show the PDF inside the page. Open it in a new tab to see and print it
              ({Math.round(size / 1024) || 1} KB, ready).
            </div>
          </div>
        ) : null}
        {url ? (
          <iframe
            ref={frame}
            class={`mat-label-frame${blocked ? ' mat-hidden' : ''}`}
            src={url}
            title={`PDF label of container ${container}`}
            data-bytes={size}
          />
        ) : error ? null : (
          <Loading what="Rendering the label" />
        )}
        <div class="modal-actions">
          <button ref={close} type="button" class="btn btn-secondary" onClick={onClose}>
            Close
          </button>
          {url ? (
            <a class="btn btn-secondary" href={url} download={`${container}-label.pdf`}>
              Download
            </a>
          ) : null}
          {url ? <Button onClick={openTab}>Open in a new tab</Button> : null}
          <Button kind="primary" onClick={print} disabled={!url}>
            Print
          </Button>
        </div>
      </div>
    </div>
  );
}
