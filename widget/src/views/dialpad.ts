import { html, nothing } from 'lit';
import { phoneIcon } from './icons.js';

const KEYS: Array<[key: string, letters: string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

export interface DialpadProps {
  id: string;
  /** Number being dialled; absent for the in-call DTMF keypad. */
  value?: string;
  label: string;
  onKey: (key: string) => void;
  onInput?: (value: string) => void;
  onCall?: () => void;
}

export function renderDialpad(props: DialpadProps) {
  const dialling = props.value !== undefined;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    props.onCall?.();
  };
  const keys = html`<div class="dialpad" part="dialpad" role="group" aria-label=${props.label} id=${props.id}>
    ${KEYS.map(
      ([key, letters]) =>
        html`<button type="button" part="button dialpad-key" @click=${() => props.onKey(key)} aria-label=${key === '*' ? 'star' : key === '#' ? 'pound' : key}>
          ${key}${letters ? html`<small aria-hidden="true">${letters}</small>` : nothing}
        </button>`,
    )}
  </div>`;
  if (!dialling) return keys;
  return html`<form part="dialer" @submit=${submit} aria-label="Place a call">
    <input class="dial-input" name="target" .value=${props.value ?? ''} placeholder="Number or SIP address" aria-label="Number to call" autocomplete="off"
      @input=${(event: InputEvent) => props.onInput?.((event.target as HTMLInputElement).value)} />
    ${keys}
    <button class="answer wide" type="submit" part="button call-button" ?disabled=${!props.value?.trim()}>${phoneIcon} Call</button>
  </form>`;
}
