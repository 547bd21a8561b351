/**
 * THE table of everyday object options: each row is one flag, the header it sets and the
 * commands that take it. Commands build their flags with `objectOptionFlags(use)` and their
 * headers with `objectOptionHeaders(flags, use)`, so a flag means the same header everywhere.
 * Uses: `write` (put, put -r, sync and move uploads, copy's destination), `read` (get,
 * exists), `source` (copy's source). Only oclif and pure lib code here: the CLI builds its
 * command classes from it at start-up.
 */
import * as Flags from '@oclif/core/flags'
import {httpDate, sseCustomerHeaders, taggingHeader} from '../lib/object-headers.js'
import {CANNED_OBJECT_ACLS} from '../lib/ops/subresource-tables.js'
import {headerProblem} from '../lib/headers.js'
import {type Headers, ValueError} from '../lib/types.js'

export type OptionUse = 'write' | 'read' | 'source'

export interface ObjectOption {
  readonly flag: string
  /** The header it sets (the first, for options that set several). */
  readonly header: string
  readonly description: string
  readonly uses: readonly OptionUse[]
  readonly helpValue?: string
  readonly options?: readonly string[]
  readonly multiple?: boolean
  /** Other names of the flag. */
  readonly aliases?: readonly string[]
  /** The value is a secret: never shown (oclif's help and errors never echo it; nor do we). */
  readonly secret?: boolean
  /** The headers of the flag's value (default: {header: value}). */
  readonly toHeaders?: (value: string | string[]) => Headers
}

export const OBJECT_OPTIONS: readonly ObjectOption[] = [
  {flag: 'acl', header: 'x-amz-acl', description: 'canned ACL of the new object', uses: ['write'], options: CANNED_OBJECT_ACLS},
  {flag: 'tags', header: 'x-amz-tagging', description: 'tag the new object, KEY=VALUE (repeatable)', uses: ['write'], multiple: true, helpValue: 'KEY=VALUE',
    toHeaders: (tags) => ({'x-amz-tagging': taggingHeader(tags as string[])})},
  {flag: 'storage-class', header: 'x-amz-storage-class', description: 'storage class, e.g. STANDARD, STANDARD_IA, GLACIER (the store decides which exist)', uses: ['write'], helpValue: 'CLASS'},
  {flag: 'cache-control', header: 'cache-control', description: 'Cache-Control served with the object, e.g. "max-age=3600"', uses: ['write'], helpValue: 'VALUE'},
  {flag: 'content-disposition', header: 'content-disposition', description: 'Content-Disposition, e.g. "attachment; filename=report.pdf"', uses: ['write'], helpValue: 'VALUE'},
  {flag: 'content-encoding', header: 'content-encoding', description: 'Content-Encoding, e.g. gzip', uses: ['write'], helpValue: 'VALUE'},
  {flag: 'content-language', header: 'content-language', description: 'Content-Language, e.g. en-US', uses: ['write'], helpValue: 'VALUE'},
  {flag: 'expires', header: 'expires', aliases: ['expires-header'],
    description: 'the object\'s Expires header, served with it to caches: an HTTP date or ISO date, not a lifetime (a URL\'s lifetime is presign --expires)', uses: ['write'], helpValue: 'DATE',
    toHeaders: (date) => ({expires: httpDate(date as string)})},
  {flag: 'sse', header: 'x-amz-server-side-encryption', description: 'server-side encryption with keys the store manages', uses: ['write'], options: ['AES256', 'aws:kms']},
  {flag: 'sse-kms-key-id', header: 'x-amz-server-side-encryption-aws-kms-key-id', description: 'the KMS key of --sse aws:kms', uses: ['write'], helpValue: 'KEY_ID'},
  {flag: 'sse-c-key', header: 'x-amz-server-side-encryption-customer-key',
    description: 'SSE-C: encrypt (or read) the object with this 256-bit key of yours: base64 of 32 bytes, 32 characters, or fileb://PATH',
    uses: ['write', 'read'], helpValue: 'KEY', secret: true, toHeaders: (key) => sseCustomerHeaders(key as string)},
  {flag: 'source-sse-c-key', header: 'x-amz-copy-source-server-side-encryption-customer-key',
    description: 'SSE-C key of the source object (as --sse-c-key)', uses: ['source'], helpValue: 'KEY', secret: true,
    toHeaders: (key) => sseCustomerHeaders(key as string)},
]

/** The options a command of this use takes. */
export function optionsFor(use: OptionUse): readonly ObjectOption[] {
  return OBJECT_OPTIONS.filter((o) => o.uses.includes(use))
}

/** The oclif flags of a use, from the table. */
export function objectOptionFlags(use: OptionUse) {
  return Object.fromEntries(optionsFor(use).map((o) => {
    const description = o.secret ? o.description : `${o.description} (${o.header})`
    const aliases = o.aliases ? {aliases: [...o.aliases]} : {}
    return [o.flag, o.multiple
      ? Flags.string({description, multiple: true, helpValue: o.helpValue, ...aliases})
      : Flags.string({description, ...aliases, ...(o.options ? {options: [...o.options]} : {helpValue: o.helpValue})})]
  })) as Record<string, ReturnType<typeof Flags.string>>
}

/**
 * The headers the given flags set, for one use. For `source`, the headers that read the source
 * (sent on its HEAD; the library sends them
 * in the x-amz-copy-source-... form on the copy).
 */
export function objectOptionHeaders(flags: Record<string, unknown>, use: OptionUse): Headers {
  const headers: Headers = {}
  for (const option of optionsFor(use)) {
    const value = flags[option.flag] as string | string[] | undefined
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    const set = option.toHeaders ? option.toHeaders(value) : {[option.header]: value as string}
    for (const [name, text] of Object.entries(set)) {
      const problem = headerProblem(name, text)
      // A secret's problem is described without its value.
      if (problem) throw new ValueError(`--${option.flag}: ${option.secret ? 'the key cannot be sent in a header' : problem}`)
      headers[name] = text
    }
  }
  if (headers['x-amz-server-side-encryption-aws-kms-key-id'] && headers['x-amz-server-side-encryption'] !== 'aws:kms') {
    throw new ValueError('--sse-kms-key-id needs --sse aws:kms')
  }
  if (headers['x-amz-server-side-encryption'] && headers['x-amz-server-side-encryption-customer-key']) {
    throw new ValueError('--sse and --sse-c-key exclude each other: one kind of encryption per object')
  }
  return headers
}
