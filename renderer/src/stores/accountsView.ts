import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { Account, AccountCounts, AccountQuery } from '../../../shared/domain';
import { call, messageOf } from '../api/client';

/** Rows per request: a screenful and a half; scrolling asks for the pages that come into view. */
export const PAGE = 100;
/** Pages kept around the visible ones; the rest are dropped and fetched again if scrolled back to. */
const KEEP_PAGES = 6;

interface AccountsViewState {
  /** The filter and order the rows follow (sent to the core as is). */
  query: AccountQuery;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Over all accounts: by level, status, glance; null until first loaded. */
  counts: AccountCounts | null;
  /** How many accounts match the query (the list's length). */
  matching: number;
  /** Loaded rows by page number. */
  pages: ReadonlyMap<number, readonly Account[]>;
  /** The previous query's pages, shown until the new query's first page arrives (no flash of emptiness). */
  fallback: ReadonlyMap<number, readonly Account[]> | null;
  /** Bumped by every reload: views of single accounts elsewhere follow it. */
  version: number;
  setQuery: (query: AccountQuery) => void;
  /** Makes sure rows `first`…`last` are loaded (the virtualized list calls it as it scrolls). */
  ensure: (first: number, last: number) => void;
  /**
   * Loads the counts and the visible rows again (a change anywhere, a new minute). With `join`, a
   * reload already on its way is awaited instead, and the one asked for `early` (before React
   * started, main.tsx) is taken as it landed if nothing changed since: the screen mounting after
   * that first window arrived does not ask for it again.
   */
  reload: (options?: { join?: boolean; early?: boolean }) => Promise<void>;
}

/**
 * The Accounts screen's rows as windows of the store: the core filters, sorts and counts, the screen
 * holds only the pages in view, so 100,000 accounts cost what 100 do. A response to an older query or
 * reload than the newest is dropped.
 */
export const useAccountsView = create<AccountsViewState>((set, get) => {
  let generation = 0;
  let visible: [number, number] = [0, PAGE - 1];
  const inFlight = new Set<string>();
  let asking = false;
  let askAgain = false;
  let reloading: Promise<void> | null = null;
  /**
   * The generation of the reload asked for before React started, until the screen takes it or any
   * other reload starts.
   */
  let early: number | null = null;

  const fetchPage = async (page: number, withCounts: boolean, gen: number) => {
    const key = `${gen}:${page}:${withCounts}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const w = await call('accounts:window', {
        ...get().query,
        offset: page * PAGE,
        limit: PAGE,
        counts: withCounts,
      });
      if (gen !== generation) return;
      const pages = new Map(get().pages);
      pages.set(page, w.rows);
      // Keep the pages near the visible ones; a long scroll does not hold the whole list.
      const middle = Math.floor(visible[0] / PAGE);
      for (const p of pages.keys()) if (Math.abs(p - middle) > KEEP_PAGES) pages.delete(p);
      set({
        pages,
        ...(page === 0 ? { fallback: null } : {}),
        matching: w.matching,
        status: 'ready',
        error: null,
        ...(w.counts ? { counts: w.counts } : {}),
      });
    } catch (error) {
      if (gen === generation) set({ status: 'error', error: messageOf(error) });
    } finally {
      inFlight.delete(key);
    }
  };

  const visiblePages = () => {
    const pages: number[] = [];
    for (let p = Math.floor(visible[0] / PAGE); p <= Math.floor(visible[1] / PAGE); p++) pages.push(p);
    return pages;
  };

  const reloadNow = async (): Promise<void> => {
    generation += 1;
    const gen = generation;
    if (get().status === 'idle') set({ status: 'loading' });
    const [first, ...rest] = visiblePages();
    await Promise.all([fetchPage(first ?? 0, true, gen), ...rest.map((p) => fetchPage(p, false, gen))]);
    if (gen !== generation) return;
    // Pages out of view are fetched again when they come back into it.
    const keep = new Set(visiblePages());
    const now = get().pages;
    // The same map when every page is still in view: the list does not render again for nothing.
    const pages = [...now.keys()].every((p) => keep.has(p)) ? now : new Map([...now].filter(([p]) => keep.has(p)));
    set({ pages, version: get().version + 1 });
  };

  return {
    query: { sort: 'expiry' },
    status: 'idle',
    error: null,
    counts: null,
    matching: 0,
    pages: new Map(),
    fallback: null,
    version: 0,
    setQuery: (query) => {
      if (JSON.stringify(query) === JSON.stringify(get().query)) return;
      generation += 1;
      visible = [0, PAGE - 1];
      set({ query, pages: new Map(), fallback: get().fallback ?? get().pages });
      // Typing asks once per answer, not once per keystroke: while a first page is on its way, only
      // the newest query waits, and it is asked for as soon as that answer arrives.
      if (asking) {
        askAgain = true;
        return;
      }
      asking = true;
      void (async () => {
        do {
          askAgain = false;
          await fetchPage(0, false, generation);
        } while (askAgain);
        asking = false;
      })();
    },
    ensure: (first, last) => {
      visible = [Math.max(0, first), Math.max(0, last)];
      const { pages } = get();
      // Half a page ahead either way: rows are there before they scroll into view.
      const from = Math.floor(Math.max(0, first - PAGE / 2) / PAGE);
      const to = Math.min(Math.floor((last + PAGE / 2) / PAGE), Math.floor(Math.max(0, get().matching - 1) / PAGE));
      for (let p = from; p <= to; p++) if (!pages.has(p)) void fetchPage(p, false, generation);
    },
    reload: (options) => {
      // Taken once: the screen's next mount (back from another screen) asks again.
      const asked = early;
      early = null;
      if (options?.join) {
        if (reloading) return reloading;
        // Nothing on its way, so the early one landed; no query or reload since: the rows on hand
        // are the ones it would ask for.
        if (asked === generation && get().status === 'ready') return Promise.resolve();
      }
      const run = reloadNow().finally(() => {
        if (reloading === run) reloading = null;
      });
      if (options?.early) early = generation;
      reloading = run;
      return run;
    },
  };
});

/** The row at `index` of the list on screen, or undefined while its page loads. */
export function rowAt(view: Pick<AccountsViewState, 'pages' | 'fallback'>, index: number): Account | undefined {
  const page = Math.floor(index / PAGE);
  return (view.pages.get(page) ?? view.fallback?.get(page))?.[index % PAGE];
}

/** At most this many accounts answer `useAccountsWhere` (a picker says when there may be more). */
export const WHERE_LIMIT = 1000;

/**
 * A few accounts a screen names or asks for (the Sessions screen's, a picker's stores), fetched when
 * the query changes and again after every change to the accounts. Null until loaded.
 */
export function useAccountsWhere(query: AccountQuery | null): Account[] | null {
  const version = useAccountsView((v) => v.version);
  const key = query ? JSON.stringify(query) : null;
  const [found, setFound] = useState<{ key: string; rows: Account[] } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    call('accounts:window', { ...(JSON.parse(key) as AccountQuery), limit: WHERE_LIMIT, counts: false })
      .then((w) => live && setFound({ key, rows: w.rows }))
      .catch(() => live && setFound({ key, rows: [] }));
    return () => {
      live = false;
    };
  }, [key, version]);
  return found && found.key === key ? found.rows : null;
}
