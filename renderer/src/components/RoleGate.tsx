import { useId, type ReactNode } from 'react';
import type { ChannelName } from '../../../shared/contract';
import { useMayCall } from '../stores/role';

/**
 * Shows its controls disabled, with why, when the operator's role may not call `channel` (a viewer
 * sees the Enroll form greyed with "doing it needs admin"), and as they are otherwise.
 */
export function RoleGate({ channel, children }: { channel: ChannelName; children: ReactNode }) {
  const { allowed, why } = useMayCall(channel);
  const id = useId();
  if (allowed) return <>{children}</>;
  return (
    <div className="role-gate">
      <p className="role-note small" id={id}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path
            d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm1.5 0h4V5a2 2 0 0 0-4 0z"
            fill="currentColor"
          />
        </svg>
        {why}
      </p>
      <fieldset disabled aria-describedby={id}>
        {children}
      </fieldset>
    </div>
  );
}
