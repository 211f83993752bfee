import { AmiActionError, AmiConnectionError } from '../errors.js';
import type { AmiMessage } from './message.js';

/** Reply to a list action: `Response: Success` + `EventList: start`, the items, the `…Complete` event. */
export interface AmiListResult {
  readonly response: AmiMessage;
  readonly items: readonly AmiMessage[];
  readonly complete: AmiMessage | undefined;
}

export interface AmiSendOptions {
  timeoutMs?: number;
  /** Resolve with a `Response: Error` reply instead of rejecting with AMI_ACTION_FAILED. */
  allowError?: boolean;
  /**
   * List actions only: receive each item as it arrives instead of in `items` (left empty), so a
   * 10,000-item list never sits in memory at once.
   */
  onItem?: (item: AmiMessage) => void;
}

interface Pending {
  readonly action: string;
  readonly list: boolean;
  readonly options: AmiSendOptions;
  readonly timer: NodeJS.Timeout;
  response?: AmiMessage;
  readonly items: AmiMessage[];
  readonly resolve: (value: AmiMessage | AmiListResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Matches replies to the actions waiting for them by ActionID, gathers list replies, and times out
 * the ones that never come. No I/O: the client feeds it messages.
 */
export class ReplyMatcher {
  readonly #pending = new Map<string, Pending>();

  get size(): number {
    return this.#pending.size;
  }

  /** Registers an action about to be written; the promise settles with its reply. */
  expect(id: string, action: string, list: boolean, options: AmiSendOptions, timeoutMs: number): Promise<AmiMessage | AmiListResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new AmiConnectionError('AMI_TIMEOUT', `AMI action ${action} got no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { action, list, options, timer, items: [], resolve, reject });
    });
  }

  /** Takes a message that belongs to a waiting action. Returns false for anything else (events). */
  accept(message: AmiMessage): boolean {
    const id = message.actionId;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending || id === undefined) return false;
    if (message.response !== undefined) {
      if (message.response === 'Error' && !pending.options.allowError) {
        this.#finish(id, pending);
        pending.reject(new AmiActionError(pending.action, message.get('Message') ?? 'no reason given'));
      } else if (pending.list && message.response === 'Success' && /^start$/i.test(message.get('EventList') ?? '')) {
        pending.response = message;
      } else {
        this.#finish(id, pending);
        pending.resolve(pending.list ? { response: message, items: [], complete: undefined } : message);
      }
      return true;
    }
    // An event that carries our ActionID but is not part of a list reply is an event.
    if (!pending.list || !pending.response) return false;
    if (/^complete$/i.test(message.get('EventList') ?? '')) {
      this.#finish(id, pending);
      pending.resolve({ response: pending.response, items: pending.items, complete: message });
    } else if (pending.options.onItem) {
      pending.options.onItem(message);
    } else {
      pending.items.push(message);
    }
    return true;
  }

  rejectAll(error: Error): void {
    for (const [id, pending] of this.#pending) {
      this.#finish(id, pending);
      pending.reject(error);
    }
  }

  #finish(id: string, pending: Pending): void {
    clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}
