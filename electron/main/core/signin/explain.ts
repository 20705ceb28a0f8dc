import type { Provider } from '../../../../shared/domain';
import { said, type Said } from '../said';

/** Microsoft Entra codes seen at sign-in (providers.md 3): their words are `signin.aad.<code>`. */
const AADSTS = new Set(['50011', '700016', '65001', '700025', '7000218', '50076', '50105']);

/** What an OAuth error means for a sign-in: its code and its words. */
export type Explained = { code: string } & Said;

/**
 * A plain explanation of an OAuth error for an account. Only the error code and known provider
 * codes are used: `error_description` is provider text that may echo anything, so it is never shown.
 */
export function explainAuthError(provider: Provider, error: string, description: string | null): Explained {
  const code = error.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60) || 'error';
  const aad = provider === 'microsoft' ? /AADSTS(\d{5,7})/.exec(description ?? '')?.[1] : undefined;
  if (aad)
    return {
      code: `AADSTS${aad}`,
      ...(AADSTS.has(aad)
        ? said(`signin.aad.${aad}` as 'signin.aad.50011', { code: `AADSTS${aad}` })
        : said('signin.aadOther', { code: `AADSTS${aad}` })),
    };
  switch (code) {
    case 'access_denied':
      return { code, ...said('signin.error.accessDenied') };
    case 'invalid_grant':
      return { code, ...said('signin.error.invalidGrant') };
    case 'invalid_client':
    case 'unauthorized_client':
      return { code, ...said('signin.error.invalidClient') };
    case 'invalid_scope':
      return { code, ...said('signin.error.invalidScope') };
    case 'redirect_uri_mismatch':
      return { code, ...said('signin.error.redirectMismatch') };
    case 'consent_required':
    case 'interaction_required':
    case 'login_required':
      return { code, ...said('signin.error.interactive') };
    case 'temporarily_unavailable':
    case 'server_error':
      return { code, ...said('signin.error.temporary') };
    default:
      return { code, ...said('signin.error.other', { code }) };
  }
}
