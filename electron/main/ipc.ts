import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/api';
import type { Core } from './core/core';
import type { Caller } from './core/router/router';
import { isTrustedSender } from './security';

/**
 * Shell: the only ipcMain registration. Every call goes through the router; a call from any frame
 * but the app's own top frame is refused before its arguments are looked at (E17).
 */
export function registerIpc(core: Core, caller: Caller, devServerOrigin: string | null): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, devServerOrigin)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Gatehouse window.' } };
    }
    return core.invoke(channel, input, caller);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

/** Forwards the core's pushed events to one window; returns the unsubscribe. */
export function forwardEvents(core: Core, contents: WebContents): () => void {
  return core.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload);
  });
}
