// One batch as the execution screen holds it: its header and step runs (GET …/steps), its
// procedure and formula (record.json, read once), kept current by the live events of this batch
// (a step done on another tablet shows here) and by the answers of our own actions, applied at
// once, then confirmed by a refetch in the background.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useLiveEvents } from '../../lib/events';
import { mergeRuns } from './model';
import type { ActionAnswer, BatchDetail, RecordProcedure, StepRun, StepsAnswer } from './types';

export function batchPath(id: string): string {
  return `/api/v1/batches/${encodeURIComponent(id)}`;
}

export interface BatchData {
  batch: BatchDetail | null;
  runs: StepRun[];
  procedure: RecordProcedure | null;
  error: unknown;
  apply: (answer: ActionAnswer) => void;
  refresh: () => void;
}

export function useBatch(id: string): BatchData {
  const [batch, setBatch] = useState<BatchDetail | null>(null);
  const [runs, setRuns] = useState<StepRun[]>([]);
  const [procedure, setProcedure] = useState<RecordProcedure | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The newest batch version shown: an answer older than it is dropped.
  const version = useRef(0);
  const loading = useRef(false);
  const again = useRef(false);

  async function load(): Promise<void> {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const answer = await api.get<StepsAnswer>(`${batchPath(id)}/steps`);
        if (answer.version >= version.current) {
          version.current = answer.version;
          const { steps, ...header } = answer;
          setBatch(header);
          setRuns(steps);
          setError(null);
        }
      } while (again.current);
    } catch (e) {
      setError(e);
    } finally {
      loading.current = false;
    }
  }

  useEffect(() => {
    version.current = 0;
    setBatch(null);
    setRuns([]);
    setProcedure(null);
    void load();
    api.get<RecordProcedure>(`${batchPath(id)}/record.json`).then(setProcedure, setError);
  }, [id]);

  useLiveEvents(['batch'], (e) => {
    if (e.type === 'reset') return void load();
    if (e.subject?.id !== id) return;
    const v = typeof e.data?.version === 'number' ? e.data.version : Infinity;
    if (v > version.current) void load();
  });

  function apply(answer: ActionAnswer): void {
    if (answer.batch.version >= version.current) {
      version.current = answer.batch.version;
      setBatch(answer.batch);
      setRuns((r) => mergeRuns(r, answer.changed_runs));
    }
    void load();
  }

  return { batch, runs, procedure, error, apply, refresh: () => void load() };
}
