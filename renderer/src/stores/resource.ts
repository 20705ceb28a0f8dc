import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api/client';

/** Data loaded over IPC, with its status and error, as every screen needs it. */
export interface Resource<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: string | null;
  load: () => Promise<void>;
}

/** A zustand store for one IPC read; `load` can be called again (by events) at any time. */
export function createResource<T>(fetcher: () => Promise<T>): UseBoundStore<StoreApi<Resource<T>>> {
  return create<Resource<T>>((set, get) => ({
    status: 'idle',
    data: null,
    error: null,
    load: async () => {
      set({ status: get().data === null ? 'loading' : get().status, error: null });
      try {
        const data = await fetcher();
        set({ status: 'ready', data, error: null });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
  }));
}
