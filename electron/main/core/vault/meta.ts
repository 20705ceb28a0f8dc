import { randomUUID } from 'node:crypto';
import type { Repos } from '../store/store';

/** The id of this store, created once; it names the store's data-key items in the OS keychain. */
export function installId(repos: Pick<Repos, 'meta'>): Promise<string> {
  return repos.meta.setOnce('install_id', randomUUID());
}
