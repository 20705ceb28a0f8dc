import type { GatehouseApi } from '../../../shared/api';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../shared/contract';
import type { ApiError } from '../../../shared/result';
import { spoken, t } from '../i18n';

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
      message: t('common.bridgeMissing'),
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

/** A field's problem in the screens' language ("is required"). */
export function fieldMessage(f: NonNullable<ApiError['fields']>[number]): string {
  return spoken(f.message, f.say);
}

/** The message to show for anything a call threw, in the screens' language where the core gave its words. */
export function messageOf(error: unknown): string {
  if (error instanceof ClientError) {
    const { say, fields, message } = error.error;
    // "Please check these fields: …": the list is said again with each field's words.
    if (say && fields?.length)
      return spoken(message, {
        key: say.key,
        params: {
          ...say.params,
          // Named fields ("label is required; …"), or whole problems that name their own file.
          list: fields.every((f) => f.field === '')
            ? fields.map(fieldMessage).join(' ')
            : fields.map((f) => `${f.field} ${fieldMessage(f)}`).join('; '),
        },
      });
    return spoken(message, say);
  }
  return error instanceof Error ? error.message : String(error);
}
