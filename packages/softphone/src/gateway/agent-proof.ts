// How the browser proves its DN's SIP password to wwe-gateway without sending it: HMAC-SHA256 keyed
// with the password over `<context>\n<dn>\n<nonce>` (a single-use nonce from the gateway), sent as
// `Authorization: <scheme> dn="…", nonce="…", proof="…"`. Each use has its own scheme and context.

export interface AgentProofPurpose {
  readonly scheme: string;
  readonly context: string;
}

export const TURN_PROOF: AgentProofPurpose = { scheme: 'WWE-TURN', context: 'wwe-turn-v1' };
export const QUALITY_PROOF: AgentProofPurpose = { scheme: 'WWE-QUALITY', context: 'wwe-quality-v1' };

export async function agentProofHeader(purpose: AgentProofPurpose, dn: string, password: string, nonce: string): Promise<string> {
  const proof = await hmacBase64Url(password, `${purpose.context}\n${dn}\n${nonce}`);
  return `${purpose.scheme} dn="${dn}", nonce="${nonce}", proof="${proof}"`;
}

async function hmacBase64Url(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
