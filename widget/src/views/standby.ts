import { html, nothing } from 'lit';

export interface StandbyProps {
  /** Calls in progress in the tab that owns the DN: "use here" waits for them. */
  otherTabCalls: number;
  /** "Use here" is under way. */
  takingOver: boolean;
  onUseHere: () => void;
}

/**
 * Another tab of this browser registers the DN: calls ring there, not here. "Use here" moves it to this
 * tab (never while a call is in progress there); the tab also takes over by itself when that one closes.
 */
export function renderStandby({ otherTabCalls, takingOver, onUseHere }: StandbyProps) {
  const busy = otherTabCalls > 0;
  return html`<section class="standby" part="standby" aria-labelledby="standby-label">
    <p class="call-label" id="standby-label">Active in another tab</p>
    <p class="standby-text">
      This DN is registered in another tab of this browser${busy ? ', which has a call in progress' : ''}. Calls ring there.
    </p>
    <button class="answer wide" part="button use-here-button" type="button" @click=${onUseHere} ?disabled=${takingOver || busy} aria-describedby=${busy ? 'standby-hint' : nothing}>
      ${takingOver ? 'Moving here…' : 'Use here'}
    </button>
    ${busy ? html`<p class="hint" id="standby-hint" part="standby-hint">Available when the call in the other tab ends.</p>` : nothing}
  </section>`;
}
