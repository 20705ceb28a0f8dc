import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { listAccountRows, toAccount } from './accounts.repository';

/** Handlers of the accounts domain. */
export function accountsHandlers(s: Services): Pick<Handlers, 'accounts:list'> {
  return {
    'accounts:list': () => {
      const now = s.clock.now();
      const { settings } = readSettings(s.prefs);
      return listAccountRows(s.db).map((row) => toAccount(row, now, settings));
    },
  };
}
