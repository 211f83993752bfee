/**
 * What an `X-Genesys-CallUUID` may look like. Genesys' are 32 upper-case letters and digits
 * (`UIVB8J6JE91C53UIM3VI59VHQ4000015`); a little more is allowed, but nothing that could break a SIP
 * header or an AMI line (no spaces, CR/LF, `<`, `;`, `,`) and never more than 128 characters.
 */
const GENESYS_CALL_UUID = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;

export function isGenesysCallUuid(value: string): boolean {
  return GENESYS_CALL_UUID.test(value);
}

/** A header value as received (surrounding blanks allowed) → the UUID, or undefined when it is not one. */
export function readGenesysCallUuid(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && isGenesysCallUuid(trimmed) ? trimmed : undefined;
}
