import type { GatehouseApi } from '../../../shared/api';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../shared/contract';
import type { ApiError } from '../../../shared/result';

declare global {
  interface Window {
    gatehouse?: GatehouseApi;
  }
}

/** An error from the core, carried with its stable code. */
export class ClientError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

function bridge(): GatehouseApi {
  if (!window.gatehouse) {
    throw new ClientError({
      code: 'INTERNAL',
      message: 'The Gatehouse bridge is missing: open this page from the app.',
    });
  }
  return window.gatehouse;
}

/** Calls a channel and returns its value, or throws a ClientError with the core's code and message. */
export async function call<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await bridge().invoke(channel, input);
  if (!result.ok) throw new ClientError(result.error);
  return result.value;
}

/** Subscribes to a pushed event; returns the unsubscribe. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge().on(event, listener);
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ClientError) return error.error.message;
  return error instanceof Error ? error.message : String(error);
}
