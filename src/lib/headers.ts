/**
 * What an HTTP header can carry. A name is an RFC 9110 token; a value is printable ASCII (and
 * tabs). Anything else is refused before a request is sent: Node refuses line breaks with a
 * socket error, and non-ASCII bytes reach S3 altered, so the signature no longer matches
 * (SignatureDoesNotMatch, which points at the credentials instead of the header). Values are
 * never quoted in messages: a header may hold a secret (an SSE-C key).
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const PRINTABLE_ASCII = /^[\t\x20-\x7e]*$/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/

/** Why `name: value` cannot be sent as an HTTP header, or null when it can. */
export function headerProblem(name: string, value: string | number): string | null {
  if (!TOKEN.test(name)) {
    return `header name ${JSON.stringify(name)} is not valid in HTTP: use only letters, digits and !#$%&'*+-.^_\`|~ (no spaces, colons or non-ASCII)`
  }
  const text = String(value) // JavaScript callers may pass numbers, sent as their text
  if (PRINTABLE_ASCII.test(text)) return null
  if (CONTROL.test(text)) return `the value of ${name} holds a line break or another control character, which HTTP headers cannot carry`
  return `the value of ${name} holds a non-ASCII character, which HTTP headers cannot carry: encode it first (e.g. percent-encoding or RFC 2047)`
}

/** The first problem of a header map (see headerProblem), or null. */
export function headersProblem(headers: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value)
    if (problem) return problem
  }
  return null
}
