import { pjsipNotify } from '../ami/actions.js';
import type { AmiClient } from '../ami/client.js';
import type { DnDirectory } from '../registration-sync/registration-sync.js';
import type { RemoteAnswerDelegate } from './remote-answer-relay.js';

/**
 * The relay's delegate over the gateway's AMI connection and registration state: browser presence from
 * the contacts registration sync tracks, and `PJSIPNotify` through the AmiClient (which refuses any
 * value carrying CR/LF before it reaches the socket).
 */
export function amiRemoteAnswerDelegate(client: AmiClient, directory: Pick<DnDirectory, 'hasBrowserContacts'>): RemoteAnswerDelegate {
  return {
    hasBrowser: (dn) => directory.hasBrowserContacts(dn),
    sendNotify: async (dn, headers) => {
      await pjsipNotify(client, { endpoint: dn, headers });
    },
  };
}
