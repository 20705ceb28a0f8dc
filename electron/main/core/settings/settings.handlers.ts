import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { readSettings, updateSettings } from './preferences';

/** Handlers of the settings domain. */
export function settingsHandlers(s: Services): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => readSettings(s.prefs).settings,
    'settings:update': (change, ctx) => {
      ctx.setAuditTarget(Object.keys(change).join(',') || 'none');
      const next = updateSettings(s.prefs, change);
      s.events.emit('settings:changed', next);
      return next;
    },
  };
}
