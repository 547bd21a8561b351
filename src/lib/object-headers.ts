/**
 * Request headers of everyday object options whose value S3 wants encoded: tags (a URL query
 * string in x-amz-tagging), SSE-C (a customer key as base64 with its MD5, for the object or for
 * a copy's source) and Expires (an HTTP date). Pure functions: the CLI's flag table
 * (src/cli/object-options.ts) and library users build headers with them.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import type {Headers} from './types.js'
import {ValueError} from './types.js'

const SSE_C = 'x-amz-server-side-encryption-customer-'
const COPY_SOURCE_SSE_C = 'x-amz-copy-source-server-side-encryption-customer-'

/** {k: v} or ['k=v', ...] -> `k=v&k2=v2`, percent-encoded, for x-amz-tagging. */
export function taggingHeader(tags: Record<string, string> | readonly string[]): string {
  const pairs = Array.isArray(tags) ? tags.map(parseTag) : Object.entries(tags)
  const keys = new Set<string>()
  for (const [key] of pairs) {
    if (keys.has(key)) throw new ValueError(`tag ${JSON.stringify(key)} given twice`)
    keys.add(key)
  }
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
}

function parseTag(item: string): [string, string] {
  const at = item.indexOf('=')
  const key = at < 0 ? '' : item.slice(0, at)
  if (!key) throw new ValueError(`tag ${JSON.stringify(item)}: expected KEY=VALUE`)
  return [key, item.slice(at + 1)]
}

/**
 * A 256-bit SSE-C key from what a user can type: base64 of 32 bytes (`openssl rand -base64 32`),
 * 32 characters taken as bytes (aws-cli's form), or `fileb://PATH` holding the 32 raw bytes. The
 * key itself never appears in an error message.
 */
export function sseCustomerKey(key: string | Buffer): Buffer {
  if (Buffer.isBuffer(key)) return checkedKey(key, 'the SSE-C key')
  if (key.startsWith('fileb://')) {
    const file = key.slice('fileb://'.length)
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch (error) {
      throw new ValueError(`the SSE-C key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
    return checkedKey(bytes, `the SSE-C key file ${file}`)
  }
  if (/^[A-Za-z0-9+/]{43}=$/.test(key)) return Buffer.from(key, 'base64')
  return checkedKey(Buffer.from(key, 'utf8'), 'the SSE-C key')
}

function checkedKey(bytes: Buffer, what: string): Buffer {
  if (bytes.length !== 32) {
    throw new ValueError(`${what} must be 256 bits: 32 bytes, or their base64 (44 characters, e.g. from "openssl rand -base64 32"); it has ${bytes.length} bytes`)
  }
  return bytes
}

/**
 * The SSE-C headers of a customer key: algorithm AES256, the key in base64 and the key's MD5;
 * for `copy-source`, the x-amz-copy-source-... forms a CopyObject needs to read its source.
 */
export function sseCustomerHeaders(key: string | Buffer, of: 'object' | 'copy-source' = 'object'): Headers {
  const bytes = sseCustomerKey(key)
  const prefix = of === 'object' ? SSE_C : COPY_SOURCE_SSE_C
  return {
    [`${prefix}algorithm`]: 'AES256',
    [`${prefix}key`]: bytes.toString('base64'),
    [`${prefix}key-md5`]: createHash('md5').update(bytes).digest('base64'),
  }
}

/** The SSE-C headers among `headers` (every request touching an SSE-C object's bytes needs them: parts, HEADs). */
export function sseCustomerOnly(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase().startsWith(SSE_C)))
}

/** A source's SSE-C headers (as sent to read it) in the x-amz-copy-source-... form of a copy. */
export function asCopySourceHeaders(sourceHeaders: Headers): Headers {
  return Object.fromEntries(Object.entries(sseCustomerOnly(sourceHeaders)).map(([name, value]) => [COPY_SOURCE_SSE_C + name.toLowerCase().slice(SSE_C.length), value]))
}

/** An Expires value: an HTTP date, or anything Date.parse reads (2030-01-01, an ISO time), as an HTTP date. */
export function httpDate(text: string): string {
  const time = Date.parse(text)
  if (Number.isNaN(time)) throw new ValueError(`invalid date ${JSON.stringify(text)}: use an HTTP date or ISO 8601, e.g. 2030-01-01T00:00:00Z`)
  return new Date(time).toUTCString()
}
