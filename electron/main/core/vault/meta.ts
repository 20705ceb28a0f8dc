import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';

/** The id of this store, created once; it names the store's data-key items in the OS keychain. */
export function installId(store: Store): Promise<string> {
  return store.read.meta.setOnce('install_id', randomUUID());
}
