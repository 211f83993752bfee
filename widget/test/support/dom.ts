// Small helpers for driving the element in tests.
import { executeServerCommand } from '@web/test-runner-commands';

/** Polls `read` until it returns something truthy. */
export async function until<T>(read: () => T | undefined | null | false, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the next event of `type` dispatched on `target`. */
export function nextEvent<E extends Event = CustomEvent>(target: EventTarget, type: string, timeoutMs = 8000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as E);
      },
      { once: true },
    );
  });
}

/** Records every event of the given types on `target`. */
export function record(target: EventTarget, types: string[]): Array<{ type: string; detail: unknown; event: Event }> {
  const seen: Array<{ type: string; detail: unknown; event: Event }> = [];
  for (const type of types) target.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail, event }));
  return seen;
}

export function shadow<T extends Element = HTMLElement>(host: Element, selector: string): T | null {
  return host.shadowRoot?.querySelector<T>(selector) ?? null;
}

export function button(host: Element, part: string): HTMLButtonElement | null {
  return host.shadowRoot?.querySelector<HTMLButtonElement>(`button[part~="${part}"]`) ?? null;
}

/** Saves a PNG of `element` to test-results/screenshots/<name>.png for review. */
export async function screenshot(name: string, element: Element): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const rect = element.getBoundingClientRect();
  await executeServerCommand('save-screenshot', {
    name,
    clip: { x: Math.max(0, rect.x - 8), y: Math.max(0, rect.y - 8), width: rect.width + 16, height: rect.height + 16 },
  });
}
