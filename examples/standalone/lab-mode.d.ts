import { SipLab, type LabCall, type SipFrame } from '@wwe-webrtc/lab';
import type { WweSoftphone } from '@wwe-webrtc/widget';
export declare const LAB_DN = "5001";
export type LabAction = 'auto-answer' | 'remote-answer' | 'ringing' | 'remote-hold' | 'remote-hangup';
export declare const LAB_ACTIONS: readonly LabAction[];
export declare class LabMode {
    #private;
    readonly lab: SipLab;
    constructor();
    /** Points the element at the lab. It keeps nothing in storage: a real server's settings stay intact. */
    configure(phone: WweSoftphone): void;
    /** The call a "Genesys" button acts on: the newest one still up. */
    get currentCall(): LabCall | undefined;
    /** Plays one Genesys scenario against the registered softphone. */
    run(action: LabAction): Promise<void>;
    onFrame(listener: (frame: SipFrame) => void): () => void;
    close(): void;
}
