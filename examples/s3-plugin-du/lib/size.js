// @ts-check
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/**
 * 1536 -> "1.5KiB", as `du -h` would say it (powers of 1024).
 * @param {number} bytes
 * @returns {string}
 */
export function humanSize(bytes) {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1)
  return shown + UNITS[unit]
}
