// `wwe-gateway run` from the sources, for tests that run the gateway in a process of its own.
import { main } from '../../src/cli.js';

process.exitCode = await main(['run', ...process.argv.slice(2)]);
