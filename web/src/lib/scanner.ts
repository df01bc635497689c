// Barcode scanners on the shop floor are keyboard wedges: they type the code's characters very fast
// into whatever has focus and end with Enter. This module tells such a burst from a person typing,
// wherever focus is, so a scan anywhere on the screen reaches the screen's scan handler (and the
// characters it typed into an input are taken back out). Text typed by hand into a dedicated scan
// field (marked data-scan-field) and ended with Enter is a scan too. GS1 codes (our container labels,
// suppliers' labels) are recognised so the caller can have the server resolve them.
import { useEffect, useRef } from 'preact/hooks';

// A burst: at least MIN_LENGTH characters, each within MAX_GAP_MS of the previous, then Enter.
export const MIN_LENGTH = 4;
export const MAX_GAP_MS = 50;
// ASCII 29: how FNC1 (the end of a variable-length GS1 field) reaches us.
export const GS = '\x1d';

export interface Burst {
  text: string;
  // The element focused when the burst began, and its value then (to restore it).
  target: EventTarget | null;
  valueBefore: string | null;
}

// The timing rules alone, fed key by key (testable without a DOM).
export class BurstDetector {
  private chars = '';
  private lastAt = -Infinity;
  private target: EventTarget | null = null;
  private valueBefore: string | null = null;

  constructor(
    private readonly minLength = MIN_LENGTH,
    private readonly maxGapMs = MAX_GAP_MS,
  ) {}

  // `key` is KeyboardEvent.key (already mapped: see keyText). Returns the burst when Enter ends one.
  feed(key: string, at: number, target: EventTarget | null = null, valueBefore: string | null = null): Burst | null {
    if (key === 'Enter') {
      const burst =
        this.chars.length >= this.minLength && at - this.lastAt <= this.maxGapMs
          ? { text: this.chars, target: this.target, valueBefore: this.valueBefore }
          : null;
      this.reset();
      return burst;
    }
    if (key.length !== 1) {
      // Shift (pressed for "(" and capitals) belongs to the burst; anything else ends it.
      if (key !== 'Shift') this.reset();
      return null;
    }
    if (at - this.lastAt > this.maxGapMs) {
      this.chars = '';
      this.target = target;
      this.valueBefore = valueBefore;
    }
    this.chars += key;
    this.lastAt = at;
    return null;
  }

  reset(): void {
    this.chars = '';
    this.lastAt = -Infinity;
    this.target = null;
    this.valueBefore = null;
  }
}

// The character a keydown types, as a scanner means it: scanners set to send FNC1 as Ctrl+] (the
// keyboard way of typing GS) give GS. Modifier shortcuts (Ctrl+C…) type nothing.
export function keyText(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): string {
  if (e.ctrlKey && (e.key === ']' || e.key === GS)) return GS;
  if ((e.ctrlKey || e.altKey || e.metaKey) && e.key.length === 1) return 'Modifier';
  return e.key;
}

export type ScanKind = 'gs1' | 'plain';

// A GS1 element string: an AIM symbology identifier ("]d2", "]C1", "]Q3", "]e0"), FNC1 separators, or
// the human-readable form with the AIs in parentheses ("(91)C-000021(10)L-2026-00009").
export function scanKind(text: string): ScanKind {
  if (/^\][A-Za-z][0-9A-Za-z]/.test(text)) return 'gs1';
  if (text.includes(GS)) return 'gs1';
  if (/^\(\d{2,4}\)/.test(text)) return 'gs1';
  return 'plain';
}

export interface Scan {
  text: string;
  kind: ScanKind;
  via: 'burst' | 'field';
}

function isTextField(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

// Sets a field's value the way typing would, so the screen's state (onInput) follows.
function setFieldValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface ScannerOptions {
  // Checked on every key: false while a dialog is open (a password is never a scan).
  enabled?: () => boolean;
  now?: () => number;
}

// Listens on the whole document (capture phase, before any field or form sees the Enter) and calls
// onScan for every scan. Returns the function that stops listening.
export function installScanner(root: Document, onScan: (scan: Scan) => void, options: ScannerOptions = {}): () => void {
  const detector = new BurstDetector();
  const now = options.now ?? (() => performance.now());
  function onKeyDown(e: KeyboardEvent) {
    if (options.enabled && !options.enabled()) {
      detector.reset();
      return;
    }
    const target = e.target;
    if (target instanceof HTMLInputElement && target.type === 'password') return;
    const key = keyText(e);
    const field = isTextField(target) ? target : null;
    const burst = detector.feed(key, now(), target, field ? field.value : null);
    if (burst) {
      e.preventDefault();
      e.stopPropagation();
      let text = burst.text;
      if (isTextField(burst.target)) {
        // In a scan field everything typed is the code, even the start of a burst a pause cut off.
        const scanField = burst.target.hasAttribute('data-scan-field');
        if (scanField) text = burst.target.value.trim() || text;
        setFieldValue(burst.target, scanField ? '' : (burst.valueBefore ?? ''));
      }
      onScan({ text, kind: scanKind(text), via: 'burst' });
      return;
    }
    if (key === 'Enter' && field && field.hasAttribute('data-scan-field')) {
      e.preventDefault();
      e.stopPropagation();
      const text = field.value.trim();
      if (!text) return;
      setFieldValue(field, '');
      onScan({ text, kind: scanKind(text), via: 'field' });
      return;
    }
    // GS typed by a scanner must not reach the field as a shortcut.
    if (key === GS) {
      e.preventDefault();
      if (field) setFieldValue(field, field.value + GS);
    }
  }
  root.addEventListener('keydown', onKeyDown, true);
  return () => root.removeEventListener('keydown', onKeyDown, true);
}

// The screen's scan handler for as long as the component is shown.
export function useScanner(onScan: (scan: Scan) => void, enabled: () => boolean = () => true): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  const isEnabled = useRef(enabled);
  isEnabled.current = enabled;
  useEffect(
    () => installScanner(document, (s) => handler.current(s), { enabled: () => isEnabled.current() }),
    [],
  );
}
