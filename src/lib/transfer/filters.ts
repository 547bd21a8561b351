/**
 * --include / --exclude, with aws-cli's meaning: every path is included unless a rule says
 * otherwise, rules apply in the order given and a later rule wins, and patterns match the
 * path relative to the source folder or prefix. `*` matches any characters (slashes too), `?`
 * one character, `[abc]` / `[!abc]` one of a set.
 */

export interface FilterRule {
  kind: 'include' | 'exclude'
  pattern: string
}

/** A predicate: is this relative path part of the batch? */
export function compileFilters(rules: readonly FilterRule[]): (relPath: string) => boolean {
  const compiled = rules.map((rule) => ({include: rule.kind === 'include', regex: globToRegex(rule.pattern)}))
  return (relPath) => {
    let included = true
    for (const rule of compiled) if (rule.regex.test(relPath)) included = rule.include
    return included
  }
}

/** fnmatch-style glob -> an anchored regular expression. */
export function globToRegex(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') source += '.*'
    else if (c === '?') source += '.'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) {
        source += '\\['
        continue
      }
      let set = glob.slice(i + 1, end)
      const negated = set.startsWith('!')
      if (negated) set = set.slice(1)
      source += `[${negated ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`
      i = end
    } else source += c.replace(/[.+^${}()|\\/]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 's')
}

/**
 * The rules in the order the user gave them: oclif collects --include and --exclude into two
 * lists, so the order between them is read back from the raw arguments.
 */
export function rulesInOrder(argv: readonly string[]): FilterRule[] {
  const rules: FilterRule[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') break
    const m = /^--(include|exclude)(?:=(.*))?$/s.exec(arg)
    if (!m) continue
    const pattern = m[2] ?? argv[++i]
    if (pattern !== undefined) rules.push({kind: m[1] as FilterRule['kind'], pattern})
  }
  return rules
}
