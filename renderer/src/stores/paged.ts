import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api/client';

/** A log read newest first (audit entries, incidents): a filter, the pages loaded so far, and older ones on demand. */
export interface PagedView<T, F extends object> {
  filter: F;
  entries: T[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** The last page was full: older entries may match. */
  hasMore: boolean;
  loadingOlder: boolean;
  setFilter(patch: Partial<F>): void;
  clear(): void;
  /** The newest page again (a new entry, another device's change); older pages already loaded stay. */
  reload(): Promise<void>;
  loadOlder(): Promise<void>;
}

/** Empty strings are no filter. */
function clean<F extends object>(filter: F): F {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as F;
}

/**
 * A store over a log the core pages newest first: `fetch` asks for `limit` entries matching the
 * filter, older than `last` when it is given. A reload started while another runs wins.
 */
export function createPagedView<T, F extends object>(options: {
  page: number;
  fetch: (filter: F, last: T | null, limit: number) => Promise<T[]>;
  /** What names an entry (a sequence number, an id). */
  id: (entry: T) => string | number;
}): UseBoundStore<StoreApi<PagedView<T, F>>> {
  const { page, fetch, id } = options;
  return create<PagedView<T, F>>((set, get) => {
    let generation = 0;
    return {
      filter: {} as F,
      entries: [],
      status: 'idle',
      error: null,
      hasMore: false,
      loadingOlder: false,
      setFilter(patch) {
        set({ filter: clean({ ...get().filter, ...patch }), entries: [] });
        void get().reload();
      },
      clear() {
        set({ filter: {} as F, entries: [] });
        void get().reload();
      },
      async reload() {
        const mine = ++generation;
        set({ status: get().status === 'idle' ? 'loading' : get().status, error: null });
        try {
          const fresh = await fetch(get().filter, null, page);
          if (mine !== generation) return;
          // The log only grows at its new end: older pages read before still hold, below the fresh
          // page's oldest entry (when it was among them; else more than a page arrived, and they go).
          const loaded = get().entries;
          const oldest = fresh.at(-1);
          const at = oldest && fresh.length === page ? loaded.findIndex((e) => id(e) === id(oldest)) : -1;
          const below = at >= 0 ? loaded.slice(at + 1) : [];
          set({
            entries: [...fresh, ...below],
            status: 'ready',
            hasMore: below.length > 0 ? get().hasMore : fresh.length === page,
          });
        } catch (error) {
          if (mine === generation) set({ status: 'error', error: messageOf(error) });
        }
      },
      async loadOlder() {
        const { entries, loadingOlder, filter } = get();
        const last = entries[entries.length - 1];
        if (loadingOlder || !last) return;
        const mine = generation;
        set({ loadingOlder: true });
        try {
          const older = await fetch(filter, last, page);
          if (mine !== generation) return;
          set({ entries: [...entries, ...older], hasMore: older.length === page });
        } catch (error) {
          set({ error: messageOf(error) });
        } finally {
          set({ loadingOlder: false });
        }
      },
    };
  });
}
