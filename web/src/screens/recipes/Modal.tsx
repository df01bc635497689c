// A modal form of the recipe screens: labelled by its title, focus kept inside, Escape closes it
// unless it is busy.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { useFocusTrap } from '../../lib/focus';

export function Modal({
  id,
  title,
  busy,
  onClose,
  children,
}: {
  id: string;
  title: string;
  busy?: boolean;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref);
  return (
    <div class="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}>
      <div ref={ref} class="modal rc-modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid={id}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
