// Lab mode: a simulated Asterisk + Genesys (@wwe-webrtc/lab) inside the page, and the softphone pointed
// at it. Shared by the standalone page and the WWE-embedding example.
import { SipLab } from '@wwe-webrtc/lab';
export const LAB_DN = '5001';
export const LAB_ACTIONS = ['auto-answer', 'remote-answer', 'ringing', 'remote-hold', 'remote-hangup'];
const CALLERS = [{ from: '1003' }, { from: '4155550123' }, { from: '2065550188' }];
export class LabMode {
    lab;
    #password;
    #next = 0;
    #held = new WeakSet();
    constructor() {
        // A fresh random password per page load: the lab is in-page, but it still does digest auth for real.
        this.#password = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
        this.lab = new SipLab({ accounts: { [LAB_DN]: this.#password }, host: 'asterisk.lab.invalid' });
    }
    /** Points the element at the lab. It keeps nothing in storage: a real server's settings stay intact. */
    configure(phone) {
        phone.storageKey = '';
        phone.configure({ server: this.lab.url, dn: LAB_DN, password: this.#password, displayName: 'Agent 5001 (lab)' });
        phone.softphoneOptions = { ...phone.softphoneOptions, webSocketFactory: this.lab.webSocketFactory };
    }
    /** The call a "Genesys" button acts on: the newest one still up. */
    get currentCall() {
        return this.lab.calls.filter((call) => call.state !== 'ended' && !call.end).at(-1);
    }
    /** Plays one Genesys scenario against the registered softphone. */
    async run(action) {
        const caller = CALLERS[this.#next++ % CALLERS.length];
        switch (action) {
            case 'auto-answer':
                // SIP Server asks the endpoint to answer on sight; Asterisk copies the header onto the browser leg.
                this.lab.call(LAB_DN, { ...caller, autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
                return;
            case 'remote-answer': {
                // The agent presses Answer in WWE: SIP Server sends NOTIFY Event: talk, relayed out of dialog.
                const call = this.lab.call(LAB_DN, caller);
                await call.waitFor('ringing');
                await new Promise((resolve) => setTimeout(resolve, 1200)); // let it ring, as an agent would
                if (call.state === 'ringing')
                    await this.lab.notify(LAB_DN, { event: 'talk', callUuid: call.genesysCallUuid ?? null });
                return;
            }
            case 'ringing':
                this.lab.call(LAB_DN, caller);
                return;
            case 'remote-hold': {
                const call = this.#require('answered');
                if (this.#held.has(call)) {
                    this.#held.delete(call);
                    await call.unhold();
                }
                else {
                    this.#held.add(call);
                    await call.hold();
                }
                return;
            }
            case 'remote-hangup': {
                const call = this.#require();
                if (call.state === 'answered')
                    await call.bye();
                else
                    call.cancel();
                return;
            }
        }
    }
    onFrame(listener) {
        return this.lab.on('frame', listener);
    }
    close() {
        this.lab.close();
    }
    #require(state) {
        const call = this.currentCall;
        if (!call || (state && call.state !== state)) {
            throw new Error(state ? 'No answered call in the lab: place one and answer it first.' : 'No call in the lab.');
        }
        return call;
    }
}
//# sourceMappingURL=lab-mode.js.map