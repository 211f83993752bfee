/** `packageDir/dist/<entry>`, after `pnpm run build` if it is missing or older than `packageDir/src`. */
export function builtPackage(packageDir: string, entry?: string): string;
