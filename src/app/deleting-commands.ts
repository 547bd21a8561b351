/**
 * Which commands delete, for "did you mean": a typo may be suggested a command that deletes
 * only when the word typed begins as that command does (`delte` -> `delete`, `mvv` -> `mv`),
 * never for a word of another verb (`cp` must not become `mv`, `rn` not `rm`, `ds` not `rb`).
 * The rule is explicit so a new deleting command is added here, and the test says so.
 */

/** Commands (ids and aliases) that delete objects, buckets or uploads, or move (delete the source). */
export const DELETING_COMMANDS: ReadonlySet<string> = new Set([
  'object:delete', 'delete', 'rm',
  'object:move', 'mv',
  'bucket:delete', 'delete-bucket', 'rb',
  'bucket:abort-uploads',
])

/** Whether a command id (or alias) deletes: one of the set, or a delete-* of a topic (bucket:delete-cors...). */
export function deletes(id: string): boolean {
  const name = id.split(':').pop() ?? id
  return DELETING_COMMANDS.has(id) || name.startsWith('delete')
}

/** Whether `candidate` may be offered for the word `typed`: never a deleting command for a word that does not begin as it does. */
export function maySuggest(typed: string, candidate: string): boolean {
  if (!deletes(candidate)) return true
  const word = (s: string) => s.split(':').pop() ?? s
  return word(typed).slice(0, 2) === word(candidate).slice(0, 2)
}
