import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract';
import type { Result } from './result';

/** The whole surface the preload exposes to the renderer as `window.gatehouse`. */
export interface GatehouseApi {
  invoke<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The IPC channel names the preload uses to reach the router (the only two). */
export const IPC_INVOKE = 'gatehouse:invoke';
export const IPC_EVENT = 'gatehouse:event';
