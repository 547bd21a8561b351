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
