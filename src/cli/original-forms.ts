/**
 * The original tool's answers of "not found": `s3 list-buckets NAME` printed `NAME NOT FOUND`,
 * `s3 list NAME` printed `exists: false`, and both succeeded; scripts written for it rely on
 * exit 0. Those names (aliases here) keep that; `bucket:list`/`object:list` keep their codes.
 * main.ts notes the name typed, as oclif gives an alias's command its main id.
 */
const ORIGINAL_FORMS = new Set(['list-buckets', 'list'])

let typed: string | undefined

export function noteTypedCommand(id: string | undefined): void {
  typed = id
}

/** Whether the command runs under one of the original's names. */
export function typedAsOriginal(): boolean {
  return typed !== undefined && ORIGINAL_FORMS.has(typed)
}

/** The command's name as typed (`sync`, `object:sync`), for usage lines; undefined when no command was noted. */
export function typedCommand(): string | undefined {
  return typed
}
