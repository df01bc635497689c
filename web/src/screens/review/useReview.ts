// The data of one batch under review (GET …/exceptions: the batch, its exceptions with their runs,
// the release blockers for the signed-in user), kept current by the batch's live events. A reload
// keeps what is shown until the new answer arrives, so nothing on screen jumps or unmounts.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useLiveEvents } from '../../lib/events';
import type { ExceptionsAnswer } from './types';

export function useReview(batchId: string): { data: ExceptionsAnswer | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<ExceptionsAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    api
      .get<ExceptionsAnswer>(`/api/v1/batches/${encodeURIComponent(batchId)}/exceptions`)
      .then(
        (d) => {
          setData(d);
          setError(null);
        },
        (e) => setError(e),
      )
      .finally(() => {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          reload();
        }
      });
  }, [batchId]);

  useEffect(() => {
    setData(null);
    reload();
  }, [reload]);

  useLiveEvents(['batch'], (e) => {
    if (e.type === 'reset' || e.subject?.id === batchId) reload();
  });

  return { data, error, reload };
}
