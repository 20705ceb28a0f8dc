import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api/client';

/** A log read newest first (audit entries, incidents): a filter, the pages loaded so far, and older ones on demand. */
export interface PagedView<T, F extends object> {
  filter: F;
  entries: T[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Older entries match beyond those loaded. */
  hasMore: boolean;
  loadingOlder: boolean;
  setFilter(patch: Partial<F>): void;
  clear(): void;
  /** What is shown, read again (a new entry, another device's change): as many as were loaded, up to the channel's limit. */
  reload(): Promise<void>;
  loadOlder(): Promise<void>;
}

/** Empty strings are no filter. */
function clean<F extends object>(filter: F): F {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as F;
}

/**
 * A store over a log the core pages newest first: `fetch` asks for `limit` entries matching the
 * filter, older than `last` when it is given, at most `max` at once (the channel's own limit). A
 * reload reads again as many as are shown (up to `max`): entries change (a sign-in ends) or go (a
 * cleanup), so pages loaded before are not kept as they were. Each read asks for one more than it
 * keeps, so "more" is known, not guessed. A reload started while another runs wins.
 */
export function createPagedView<T, F extends object>(options: {
  page: number;
  max: number;
  fetch: (filter: F, last: T | null, limit: number) => Promise<T[]>;
}): UseBoundStore<StoreApi<PagedView<T, F>>> {
  const { page, max, fetch } = options;
  /** Up to `want` entries, and whether more lie beyond them. */
  const read = async (filter: F, last: T | null, want: number) => {
    const got = await fetch(filter, last, Math.min(max, want + 1));
    return { entries: got.slice(0, want), more: got.length > want };
  };
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
          const want = Math.min(max - 1, Math.max(page, get().entries.length));
          const { entries, more } = await read(get().filter, null, want);
          if (mine !== generation) return;
          set({ entries, status: 'ready', hasMore: more });
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
          const older = await read(filter, last, page);
          if (mine !== generation) return;
          set({ entries: [...entries, ...older.entries], hasMore: older.more });
        } catch (error) {
          set({ error: messageOf(error) });
        } finally {
          set({ loadingOlder: false });
        }
      },
    };
  });
}
