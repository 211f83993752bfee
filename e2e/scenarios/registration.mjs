// 1. Registration with digest auth, the typed error for a wrong password, and no binding left after
//    disconnect.
import assert from 'node:assert/strict';

export const registration = {
  name: 'registration: digest auth registers, wrong password is a typed AUTH_FAILED, disconnect leaves no binding',
  timeoutMs: 20_000,
  async run(lab) {
    const agent = await lab.agent(lab.subject, '5001');
    assert.equal((await lab.kamailio.bindings('5001')).length, 1, 'Kamailio should hold one binding for 5001 after connect');

    const { result } = await lab.tryAgent(lab.subject, '5002', { password: `${lab.kamailio.passwordFor('5002')}-wrong` });
    assert.equal(result.ok, false, 'connect with a wrong password should fail');
    assert.equal(result.code, lab.expect.authFailedCode, `wrong password: expected code ${lab.expect.authFailedCode}, got ${result.code} (${result.message})`);
    assert.deepEqual(await lab.kamailio.bindings('5002'), [], 'a failed registration must not leave a binding');

    await agent.run('disconnect');
    assert.deepEqual(await lab.kamailio.bindings('5001'), [], 'disconnect should unregister: Kamailio still holds a binding for 5001');
  },
};
