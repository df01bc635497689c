// What every part of the execution screen shares: the batch, its runs and procedure, the one way to
// act on it (`act`: a POST whose answer is applied at once, signed through the signature dialog when
// asked), and where scans go (the step on screen registers its handler).
import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { SignatureRequest } from '../../components/SignatureDialog';
import type { Scan } from '../../lib/scanner';
import type { ActionAnswer, BatchDetail, RecordProcedure, StepRun } from './types';

export interface Exec {
  batchId: string;
  batch: BatchDetail;
  runs: StepRun[];
  procedure: RecordProcedure | null;
  // POSTs `path` (under the batch) with `body`. With `sign`, asks for the signature first and sends
  // it as body.signature; resolves null when the person cancels. Errors other than a refused
  // signature are thrown to the caller, which shows them at the step (nothing typed is lost).
  act: (path: string, body: object, sign?: SignatureRequest) => Promise<ActionAnswer | null>;
  scanTarget: { current: ((scan: Scan) => void) | null };
}

export const ExecContext = createContext<Exec | null>(null);

export function useExec(): Exec {
  const e = useContext(ExecContext);
  if (!e) throw new Error('useExec outside the execution screen');
  return e;
}

// Scans reach `handler` while the component is shown.
export function useScanTarget(handler: (scan: Scan) => void): void {
  const { scanTarget } = useExec();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const h = (scan: Scan) => latest.current(scan);
    scanTarget.current = h;
    return () => {
      if (scanTarget.current === h) scanTarget.current = null;
    };
  }, []);
}
