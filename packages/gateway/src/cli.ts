import { VERSION } from './version.js';

const HELP = `wwe-gateway ${VERSION}

Keeps Genesys SIP Server registrations in step with agents' browsers through Asterisk AMI.

Usage:
  wwe-gateway [run] [--config <file>]   start the gateway
  wwe-gateway --help                    show this help
  wwe-gateway --version                 print the version
`;

/** Entry point of the `wwe-gateway` command; resolves to the process exit code. */
export async function main(argv: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(HELP);
    return 0;
  }
  if (argv.includes('--version')) {
    out(`${VERSION}\n`);
    return 0;
  }
  out(HELP);
  return 2;
}
