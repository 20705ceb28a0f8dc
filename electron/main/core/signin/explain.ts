import type { Provider } from '../../../../shared/domain';

/** Microsoft Entra codes seen at sign-in, in plain words (providers.md 3). */
const AADSTS: Record<string, string> = {
  '50011':
    'the redirect URI does not match the app registration. Register http://localhost (Mobile and desktop applications) or the exact redirect Gatehouse shows.',
  '700016': 'the application (client id) was not found in this tenant. Check the client id and tenant.',
  '65001': 'nobody has consented to the app for this tenant yet. Ask a tenant admin to grant consent.',
  '700025': 'the app is a public client and must not send a secret. Remove the client secret from this account.',
  '7000218': 'the app registration requires a client secret. Allow public client flows in the app registration.',
  '50076': 'multi-factor authentication is required. Complete it in the browser and try again.',
  '50105': 'your account is not assigned to this application. Ask an admin to assign it.',
};

/**
 * A plain explanation of an OAuth error for an account. Only the error code and known provider
 * codes are used: `error_description` is provider text that may echo anything, so it is never shown.
 */
export function explainAuthError(
  provider: Provider,
  error: string,
  description: string | null,
): { code: string; message: string } {
  const code = error.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60) || 'error';
  const aad = provider === 'microsoft' ? /AADSTS(\d{5,7})/.exec(description ?? '')?.[1] : undefined;
  if (aad)
    return {
      code: `AADSTS${aad}`,
      message: `Microsoft refused the sign-in (AADSTS${aad}): ${AADSTS[aad] ?? 'see the Microsoft error code reference for this code.'}`,
    };
  switch (code) {
    case 'access_denied':
      return {
        code,
        message: 'The sign-in was declined or cancelled in the browser. Start it again to connect the account.',
      };
    case 'invalid_grant':
      return {
        code,
        message:
          'The provider rejected the authorization code (it expired, was already used, or the redirect did not match). Start the sign-in again.',
      };
    case 'invalid_client':
    case 'unauthorized_client':
      return {
        code,
        message:
          'The provider does not accept this client id or secret. Check the app registration and the account’s client settings.',
      };
    case 'invalid_scope':
      return {
        code,
        message: 'The provider refused one of the requested scopes. Check that the app registration allows them.',
      };
    case 'redirect_uri_mismatch':
      return {
        code,
        message:
          'The redirect URI is not registered for this app. Register the redirect Gatehouse shows for this account.',
      };
    case 'consent_required':
    case 'interaction_required':
    case 'login_required':
      return {
        code,
        message:
          'The provider needs you to complete the sign-in interactively. Start it again and finish every step in the browser.',
      };
    case 'temporarily_unavailable':
    case 'server_error':
      return { code, message: 'The provider had a temporary problem. Try again in a few minutes.' };
    default:
      return {
        code,
        message: `The provider returned the error "${code}". Start the sign-in again; if it repeats, check the app registration.`,
      };
  }
}
