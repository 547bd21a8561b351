/** Durations as people write them on a command line: `7d`, `12h`, `1h30m`, `0s`. */
import {ValueError} from '../lib/types.js'

const SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400, w: 604_800}

/** Seconds in `text`: whole numbers, each with its unit (s, m, h, d, w), largest first or not. */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().toLowerCase()
  const parts = [...trimmed.matchAll(/(\d+)([smhdw])/g)]
  if (trimmed === '' || parts.map((m) => m[0]).join('') !== trimmed) {
    throw new ValueError(`${what} ${JSON.stringify(text)}: expected a number and a unit (s, m, h, d, w), such as 7d, 12h, 1h30m or 0s`)
  }
  return parts.reduce((sum, m) => sum + Number(m[1]) * SECONDS[m[2]], 0)
}

/** The longest a SigV4 presigned URL may live: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800

/** A presigned URL's lifetime: whole seconds (`3600`) or a duration (`90m`, `1h`, `7d`), 1 s to 7 days. */
export function parseLifetime(text: string, what = '--expires'): number {
  const seconds = /^\s*\d+\s*$/.test(text) ? Number(text) : parseDuration(text, what)
  if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new ValueError(`${what} ${JSON.stringify(text)}: a presigned URL lives from 1 second to 7 days (604800 s, 7d), as SigV4 allows`)
  }
  return seconds
}
