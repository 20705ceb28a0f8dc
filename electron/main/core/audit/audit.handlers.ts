import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { listAudit, verifyAudit } from './audit';

/** Handlers of the audit domain. */
export function auditHandlers(s: Services): Pick<Handlers, 'audit:list' | 'audit:verify'> {
  return {
    'audit:list': (input) => listAudit(s.store, input?.limit ?? 200, input?.beforeSeq),
    'audit:verify': () => verifyAudit(s.store),
  };
}
