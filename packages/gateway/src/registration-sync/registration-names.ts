import { detach } from './detach.js';

export const DEFAULT_REGISTRATION_TEMPLATE = 'genesys_reg_{dn}';

/**
 * The one place that knows how a DN relates to its outbound registration in pjsip.conf: the
 * registration's name (from the template, `genesys_reg_5001`; `PJSIPRegister` and the reconciliation
 * list use it) and its client URI (`sip:5001@<SIP Server>`; `Registry` events carry only that). The
 * configuration generator writes both through it and registration sync reads both back through it.
 */
export class RegistrationNames {
  readonly template: string;
  readonly #name: RegExp;
  readonly #isManaged: (dn: string) => boolean;
  readonly #dnByClientUri = new Map<string, string>();

  /** `template` must pass `validateRegistrationTemplate`; `isManaged` says which DNs are ours. */
  constructor(template: string = DEFAULT_REGISTRATION_TEMPLATE, isManaged: (dn: string) => boolean = () => true) {
    this.template = template;
    const [before = '', after = ''] = template.split('{dn}');
    this.#name = new RegExp(`^${escapeRegExp(before)}([0-9]{1,15})${escapeRegExp(after)}$`);
    this.#isManaged = isManaged;
  }

  /** The registration name of a DN: `genesys_reg_{dn}` → `genesys_reg_5001`. */
  nameOf(dn: string): string {
    return this.template.replaceAll('{dn}', dn);
  }

  /** The DN a registration name was made for, or undefined for any other name. */
  dnOfName(name: string): string | undefined {
    return this.#name.exec(name)?.[1];
  }

  /** The client URI of a DN registering at SIP Server `registrarHost`, as pjsip.conf says it. */
  clientUriOf(dn: string, registrarHost: string): string {
    return `sip:${dn}@${registrarHost}`;
  }

  /** Remembers the client URI Asterisk lists for a DN's registration (it may differ from `clientUriOf`). */
  learnClientUri(dn: string, clientUri: string): void {
    this.#dnByClientUri.set(detach(clientUri), dn);
  }

  /** The DN of a `Registry` event's client URI: as learnt, else the URI's user part if it is one of ours. */
  dnOfClientUri(clientUri: string): string | undefined {
    const known = this.#dnByClientUri.get(clientUri);
    if (known) return known;
    const user = /^sips?:([^@;]+)@/.exec(clientUri)?.[1];
    return user !== undefined && this.#isManaged(user) ? user : undefined;
  }
}

/** Why a registration name template cannot be used, or undefined. Names end up in AMI values and config section names. */
export function validateRegistrationTemplate(template: string): string | undefined {
  if (!template.includes('{dn}')) return 'must contain {dn}';
  if (!/^[A-Za-z0-9_.{}-]+$/.test(template.replaceAll('{dn}', ''))) return 'may contain only letters, digits, "_", "." and "-" besides {dn}';
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
