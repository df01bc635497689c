// Code split per area: a screen's module is fetched the first time its route is shown.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage, Loading } from '../components/ui';

export type LazyComponent<P> = ComponentType<P> & { preload: () => void };

export function lazy<P>(load: () => Promise<{ default: ComponentType<P> }>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  // Starts fetching the module (at start-up, for the screen the address names, in parallel with
  // the session check instead of after it).
  const preload = () => {
    pending ??= load().then((m) => {
      loaded = m.default;
    });
    pending.catch(() => {
      pending = null;
    });
  };
  const Lazy = function Lazy(props: P) {
    const [, setTick] = useState(0);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) {
        setTick((t) => t + 1); // it arrived between the render and now
        return;
      }
      preload();
      pending!.then(
        () => setTick((t) => t + 1),
        (e) => {
          pending = null;
          setError(e);
        },
      );
    }, []);
    if (error) return <ErrorMessage error={new Error('This screen could not be loaded. Reload the page.')} />;
    if (!loaded) return <Loading />;
    const C = loaded;
    return <C {...(props as P & object)} />;
  };
  return Object.assign(Lazy, { preload });
}
