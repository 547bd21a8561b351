/**
 * --include / --exclude as the user typed them: oclif collects the two flags into two lists,
 * and the order between them matters (a later rule wins), so it is read back from the raw
 * arguments. The library takes the typed list (lib/transfer/filters.ts).
 */
import type {FilterRule} from '../lib/transfer/filters.js'

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
