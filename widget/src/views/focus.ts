// Keeps the keyboard on the next thing to do — Answer when a call rings, Hang up once it is up — but only
// while the agent is already in the widget: it never steals focus from what they type elsewhere.

export class FocusKeeper {
  readonly #host: HTMLElement;
  readonly #root: () => HTMLElement | DocumentFragment;
  /** Whether the keyboard is in the widget, also while a focused button is being replaced by the next view. */
  #inside = false;
  #lastRinging: string | undefined;
  #lastCurrent: string | undefined;

  constructor(host: HTMLElement, root: () => HTMLElement | DocumentFragment) {
    this.#host = host;
    this.#root = root;
    host.addEventListener('focusin', () => (this.#inside = true));
    host.addEventListener('focusout', (event) => {
      // A removed button (Answer, once answered) loses focus with no related target: still ours.
      const next = event.relatedTarget as Node | null;
      if (next && !host.contains(next) && !this.#root().contains(next)) this.#inside = false;
    });
  }

  /** After each render: moves focus when the ringing or the current call changed. */
  follow(ringingId: string | undefined, currentId: string | undefined): void {
    const focusable = this.#inside && (this.#host.matches(':focus-within') || document.activeElement === document.body);
    if (ringingId && ringingId !== this.#lastRinging && focusable) {
      this.#root().querySelector<HTMLButtonElement>('button.answer')?.focus();
    } else if (!ringingId && currentId && currentId !== this.#lastCurrent && focusable) {
      this.#root().querySelector<HTMLButtonElement>('button.hangup')?.focus();
    }
    this.#lastRinging = ringingId;
    this.#lastCurrent = currentId;
  }
}
