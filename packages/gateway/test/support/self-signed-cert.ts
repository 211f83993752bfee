import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface SelfSignedCert {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A throwaway certificate for `localhost` / 127.0.0.1 (openssl), valid one day, written into `dir`. */
export function selfSignedCert(dir: string, name = 'localhost'): SelfSignedCert {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}
