import { html, nothing } from 'lit';

export interface DeviceChoice {
  id: string;
  label: string;
}

export interface FooterProps {
  connected: boolean;
  autoAnswer: boolean;
  inputs: DeviceChoice[];
  outputs: DeviceChoice[];
  inputId: string;
  outputId: string;
  /** Microphone level, 0 to 1; null when the microphone is not open. */
  level: number | null;
  onAutoAnswer: (enabled: boolean) => void;
  onInput: (deviceId: string) => void;
  onOutput: (deviceId: string) => void;
  onDisconnect: () => void;
  /** The device panel opened or closed (the level meter runs only while it is open). */
  onDevicesToggle: (open: boolean) => void;
  /** Opens "Test my setup". */
  onTestSetup: () => void;
}

export function renderFooter(props: FooterProps) {
  return html`<footer part="footer">
    <label class="switch">
      <span>Auto-answer <span class="hint">(as set in WWE)</span></span>
      <input type="checkbox" role="switch" part="auto-answer" .checked=${props.autoAnswer}
        @change=${(event: Event) => props.onAutoAnswer((event.target as HTMLInputElement).checked)} />
    </label>
    <details part="devices" @toggle=${(event: Event) => props.onDevicesToggle((event.target as HTMLDetailsElement).open)}>
      <summary>Audio devices</summary>
      <div class="devices">
        <label>
          Microphone
          <select @change=${(event: Event) => props.onInput((event.target as HTMLSelectElement).value)}>
            ${renderOptions(props.inputs, props.inputId)}
          </select>
        </label>
        ${props.level === null
          ? nothing
          : html`<meter part="level" min="0" max="1" low="0.02" high="0.9" optimum="0.4" .value=${props.level} aria-label="Microphone level"></meter>`}
        <label>
          Speaker
          <select @change=${(event: Event) => props.onOutput((event.target as HTMLSelectElement).value)} ?disabled=${props.outputs.length === 0}>
            ${props.outputs.length === 0 ? html`<option>Browser default</option>` : renderOptions(props.outputs, props.outputId)}
          </select>
        </label>
      </div>
    </details>
    <div class="footer-row">
      <button class="link" type="button" part="test-setup-button" @click=${props.onTestSetup}>Test my setup</button>
      ${props.connected ? html`<button class="link" type="button" part="disconnect-button" @click=${props.onDisconnect}>Disconnect</button>` : nothing}
    </div>
  </footer>`;
}

function renderOptions(devices: DeviceChoice[], selected: string) {
  if (devices.length === 0) return html`<option value="">Default</option>`;
  return devices.map((device) => html`<option value=${device.id} ?selected=${device.id === selected}>${device.label}</option>`);
}
