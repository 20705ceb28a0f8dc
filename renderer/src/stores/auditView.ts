import { create } from 'zustand';
import type { AuditEntry, AuditFilter } from '../../../shared/domain';
import { call, messageOf } from '../api/client';

const PAGE = 200;

/** The Audit screen's window on the log: a filter, the entries loaded so far, and older pages on demand. */
export interface AuditView {
  filter: AuditFilter;
  entries: AuditEntry[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** More entries match than are loaded. */
  hasMore: boolean;
  loadingOlder: boolean;
  actions: string[];
  setFilter(patch: Partial<AuditFilter>): void;
  clear(): void;
  /** The newest page again (a new entry, another device's change). */
  reload(): Promise<void>;
  loadOlder(): Promise<void>;
}

/** Empty strings are no filter. */
function clean(filter: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
}

export const useAuditView = create<AuditView>((set, get) => {
  let generation = 0;
  return {
    filter: {},
    entries: [],
    status: 'idle',
    error: null,
    hasMore: false,
    loadingOlder: false,
    actions: [],
    setFilter(patch) {
      set({ filter: clean({ ...get().filter, ...patch }) });
      void get().reload();
    },
    clear() {
      set({ filter: {} });
      void get().reload();
    },
    async reload() {
      const mine = ++generation;
      set({ status: get().status === 'idle' ? 'loading' : get().status, error: null });
      try {
        const [entries, actions] = await Promise.all([
          call('audit:list', { ...get().filter, limit: PAGE }),
          call('audit:actions'),
        ]);
        if (mine !== generation) return;
        set({ entries, actions, status: 'ready', hasMore: entries.length === PAGE });
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
        const older = await call('audit:list', { ...filter, limit: PAGE, beforeSeq: last.seq });
        if (mine !== generation) return;
        set({ entries: [...entries, ...older], hasMore: older.length === PAGE });
      } catch (error) {
        set({ error: messageOf(error) });
      } finally {
        set({ loadingOlder: false });
      }
    },
  };
});
