export { VERSION } from './version.js';
export { main } from './cli.js';
