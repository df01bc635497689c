// The item master, fetched once per screen (it changes rarely; a new item reloads it).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Item } from './types';

export function useItems(tick = 0): Item[] | null {
  const [items, setItems] = useState<Item[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: Item[] }>('/api/v1/items')
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [tick]);
  return items;
}
