import type { AuditEntry, AuditFilter } from '../../../shared/domain';
import { call } from '../api/client';
import { createPagedView } from './paged';

/** The Audit screen's window on the log: a filter, the entries loaded so far, and older pages on demand. */
export const useAuditView = createPagedView<AuditEntry, AuditFilter>({
  page: 200,
  max: 1000,
  fetch: (filter, last, limit) => call('audit:list', { ...filter, limit, ...(last ? { beforeSeq: last.seq } : {}) }),
});
