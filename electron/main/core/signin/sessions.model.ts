import type { Session } from '../../../../shared/domain';
import { ACTIVE, type SessionRow } from '../store/sessions';
import { readSay } from '../said';
import { isoTime, isoTimeOrNull } from '../iso';

/** Maps a row to the model; the authorization URL lives only in the owning process's memory. */
export function toSession(row: SessionRow, authorizationUrl: string | null): Session {
  return {
    id: row.id,
    accountId: row.account_id,
    accountLabel: row.account_label,
    provider: row.provider,
    state: row.state,
    step: row.step,
    redirectUri: row.redirect_uri,
    authorizationUrl: ACTIVE.includes(row.state) ? authorizationUrl : null,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: isoTime(row.created_at),
    expiresAt: isoTime(row.expires_at),
    finishedAt: isoTimeOrNull(row.finished_at),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    errorSay: readSay(row.error_say),
  };
}
