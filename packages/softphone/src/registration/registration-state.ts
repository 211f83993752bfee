/**
 * Registration lifecycle:
 * `disconnected → connecting → registered ⇄ reconnecting → failed`, and back to `disconnected` on
 * `disconnect()`. `failed` is terminal until the app calls `connect()` again (wrong password, gave up).
 */
export type RegistrationState = 'disconnected' | 'connecting' | 'registered' | 'reconnecting' | 'failed';

const ALLOWED: Record<RegistrationState, readonly RegistrationState[]> = {
  disconnected: ['connecting'],
  connecting: ['registered', 'reconnecting', 'failed', 'disconnected'],
  registered: ['reconnecting', 'failed', 'disconnected'],
  reconnecting: ['registered', 'failed', 'disconnected'],
  failed: ['connecting', 'disconnected'],
};

export function canTransition(from: RegistrationState, to: RegistrationState): boolean {
  return ALLOWED[from].includes(to);
}
