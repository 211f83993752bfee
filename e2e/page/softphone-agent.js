// The softphone under test, driven with the same commands as the plain JsSIP agent.
export class SoftphoneAgent {
  constructor() {
    throw Object.assign(new Error('the softphone agent is not wired yet'), { code: 'E2E_NOT_READY' });
  }
}
