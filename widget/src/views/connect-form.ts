// The connect form: shown when the host did not configure the element (it loads on first use).
import { html } from 'lit';

export interface ConnectFormValues {
  server: string;
  dn: string;
  password: string;
  gatewayUrl: string;
}

export interface ConnectFormProps extends ConnectFormValues {
  busy: boolean;
  /** Whether the host opted in to storing the password (`remember-password`). */
  rememberPassword: boolean;
  onSubmit: (values: ConnectFormValues) => void;
}

export function renderConnectForm(props: ConnectFormProps) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const read = (name: string) => String(data.get(name) ?? '').trim();
    props.onSubmit({ server: read('server'), dn: read('dn'), password: String(data.get('password') ?? ''), gatewayUrl: read('gatewayUrl') });
  };
  return html`<form part="form" @submit=${submit} aria-label="Connect the softphone">
    <label>
      Server (WebSocket URL)
      <input name="server" type="url" required placeholder="wss://pbx.example.com:8089/ws" .value=${props.server} autocomplete="url" />
    </label>
    <div class="row">
      <label class="grow">
        DN
        <input name="dn" required inputmode="numeric" pattern="[0-9A-Za-z._+-]{1,32}" placeholder="5001" .value=${props.dn} autocomplete="username" />
      </label>
      <label class="grow">
        Password
        <input name="password" type="password" .value=${props.password} autocomplete="current-password" />
      </label>
    </div>
    <details>
      <summary>Gateway (optional)</summary>
      <label>
        Gateway URL, for Genesys status
        <input name="gatewayUrl" type="url" placeholder="https://gateway.example.com" .value=${props.gatewayUrl} />
      </label>
    </details>
    <button class="primary wide" part="button connect-button" type="submit" ?disabled=${props.busy}>
      ${props.busy ? 'Connecting…' : 'Connect'}
    </button>
    <p class="hint">${props.rememberPassword ? 'The password is remembered on this computer.' : 'The password is not stored.'}</p>
  </form>`;
}
