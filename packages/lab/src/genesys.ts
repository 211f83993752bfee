/** How the simulated Genesys SIP Server asks for auto-answer on the INVITE Asterisk relays. */
export type GenesysAutoAnswer =
  /** `Call-Info: <sip:…>;answer-after=N` */
  | { signal: 'call-info'; answerAfterSeconds?: number }
  /** `Alert-Info: <http://…>;info=alert-autoanswer` */
  | { signal: 'alert-info' }
  /** `Answer-Mode: Auto` */
  | { signal: 'answer-mode' }
  | { signal: 'none' };

/** A Genesys-style call UUID: 32 upper-case letters and digits, like `UIVB8J6JE91C53UIM3VI59VHQ4000015`. */
export function genesysCallUuid(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b % alphabet.length]).join('');
}

/** The headers Asterisk's pre-dial handler copies from the Genesys INVITE onto the browser leg. */
export function genesysHeaders(options: { callUuid?: string | null; autoAnswer?: GenesysAutoAnswer; host: string }): [string, string][] {
  const headers: [string, string][] = [];
  if (options.callUuid) headers.push(['X-Genesys-CallUUID', options.callUuid]);
  const auto = options.autoAnswer ?? { signal: 'none' };
  switch (auto.signal) {
    case 'call-info':
      headers.push(['Call-Info', `<sip:${options.host}>;answer-after=${auto.answerAfterSeconds ?? 0}`]);
      break;
    case 'alert-info':
      headers.push(['Alert-Info', `<http://${options.host}>;info=alert-autoanswer`]);
      break;
    case 'answer-mode':
      headers.push(['Answer-Mode', 'Auto']);
      break;
    case 'none':
      break;
  }
  return headers;
}
