/**
 * A strict reader of Asterisk's configuration syntax, used to check generated files: sections
 * (`[name]`, `[name](!)`, `[name](template,…)`), `key=value` / `key => value`, `;` comments,
 * `#include`/`#tryinclude`. Reports lines it cannot read, settings outside a section, templates used
 * before they are defined, and duplicate objects (in pjsip.conf a name may repeat with another `type`).
 */
export interface ConfSection {
  readonly name: string;
  readonly line: number;
  readonly isTemplate: boolean;
  readonly templates: readonly string[];
  readonly settings: ReadonlyArray<readonly [string, string]>;
  /** `type=` of the section or, failing that, of its templates. */
  readonly type: string | undefined;
}

export interface ConfCheck {
  readonly sections: readonly ConfSection[];
  readonly problems: readonly string[];
}

export function checkAsteriskConf(text: string, options: { typedObjects?: boolean } = {}): ConfCheck {
  const problems: string[] = [];
  const sections: Array<ConfSection & { settings: Array<[string, string]> }> = [];
  const templates = new Map<string, ConfSection>();
  let current: (typeof sections)[number] | undefined;
  text.split('\n').forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = stripComment(rawLine).trim();
    if (rawLine.includes('\r')) problems.push(`line ${lineNo}: carriage return`);
    if (line === '') return;
    if (line.startsWith('#')) {
      if (!/^#(try)?include\s+\S+$/.test(line)) problems.push(`line ${lineNo}: unknown directive ${line}`);
      return;
    }
    const header = /^\[([^\]\s]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (header) {
      const name = header[1]!;
      const flags = (header[2] ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
      const isTemplate = flags.includes('!');
      const used = flags.filter((f) => f !== '!' && f !== '+');
      for (const t of used) if (!templates.has(t)) problems.push(`line ${lineNo}: [${name}] uses template ${t} before it is defined`);
      current = { name, line: lineNo, isTemplate, templates: used, settings: [], type: undefined };
      sections.push(current);
      if (isTemplate) templates.set(name, current);
      return;
    }
    const setting = /^([A-Za-z0-9_.()-]+)\s*(=>|=)\s*(.*)$/.exec(line);
    if (!setting) {
      problems.push(`line ${lineNo}: cannot read ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    if (!current) {
      problems.push(`line ${lineNo}: setting outside any section`);
      return;
    }
    current.settings.push([setting[1]!, setting[3]!.trim()]);
  });
  const typeOf = (section: ConfSection, seen = new Set<string>()): string | undefined => {
    const own = section.settings.find(([k]) => k === 'type')?.[1];
    if (own) return own;
    for (const t of section.templates) {
      const template = templates.get(t);
      if (template && !seen.has(t)) {
        seen.add(t);
        const inherited = typeOf(template, seen);
        if (inherited) return inherited;
      }
    }
    return undefined;
  };
  const seen = new Map<string, number>();
  const resolved = sections.map((s) => ({ ...s, type: typeOf(s) }));
  for (const section of resolved) {
    if (options.typedObjects && !section.isTemplate && section.name !== 'global' && section.type === undefined) {
      problems.push(`line ${section.line}: [${section.name}] has no type`);
    }
    const key = options.typedObjects ? `${section.name}/${section.type ?? ''}` : section.name;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(`line ${section.line}: [${section.name}]${options.typedObjects ? ` (type=${section.type})` : ''} duplicates line ${earlier}`);
    else seen.set(key, section.line);
  }
  return { sections: resolved, problems };
}

/** `;` starts a comment unless escaped as `\;`. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ';' && line[i - 1] !== '\\') return line.slice(0, i);
  }
  return line;
}
