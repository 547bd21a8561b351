/**
 * --include / --exclude, with aws-cli's meaning: every path is included unless a rule says
 * otherwise, rules apply in the order given and a later rule wins, and patterns match the
 * path relative to the source folder or prefix. `*` matches any characters (slashes too), `?`
 * one character, `[abc]` / `[!abc]` one of a set. The command line's order of the rules is
 * read in src/cli/filter-args.ts: the library takes the typed list.
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
