import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type GatehouseApi } from '../../shared/api';

/**
 * The whole bridge (E20): invoke a contract channel, or subscribe to one event. No raw ipcRenderer,
 * no generic send, and listeners never see the IpcRendererEvent.
 */
const api: GatehouseApi = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on: (event, listener) => {
    const handler = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('gatehouse', api);
