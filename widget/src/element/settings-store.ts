// Remembers the connect form between visits. The password is kept only when the host opts in with
// `remember-password`; otherwise it is removed from storage, so turning the option off also forgets it.

export interface StoredSettings {
  server?: string;
  dn?: string;
  gatewayUrl?: string;
  password?: string;
}

export class SettingsStore {
  constructor(
    private readonly key: string,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {}

  load(): StoredSettings {
    try {
      const value: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '{}');
      if (typeof value !== 'object' || value === null) return {};
      const read = (field: keyof StoredSettings) => {
        const entry = (value as Record<string, unknown>)[field];
        return typeof entry === 'string' ? entry : undefined;
      };
      return { server: read('server'), dn: read('dn'), gatewayUrl: read('gatewayUrl'), password: read('password') };
    } catch {
      return {}; // unreadable storage (privacy mode, corrupt JSON): start blank
    }
  }

  save(settings: StoredSettings, { rememberPassword }: { rememberPassword: boolean }): void {
    const { password, ...rest } = settings;
    const value: StoredSettings = rememberPassword && password ? { ...rest, password } : rest;
    try {
      this.storage?.setItem(this.key, JSON.stringify(value));
    } catch {
      // Storage full or blocked: remembering is a convenience, never a failure.
    }
  }
}
