/**
 * Pure renderers for the output formats. Commands hand records (plain objects) over; these
 * turn them into text. Streaming formats (ndjson, text, json arrays) render item by item.
 */

export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'yaml', 'table'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export type Row = Record<string, unknown>

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Column-aligned rows with a header line; columns default to the union of the rows' keys. */
export function renderTable(rows: Row[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]
  if (cols.length === 0) return ''
  const cells = rows.map((r) => cols.map((c) => cell(r[c])))
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)))
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(cols.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n') + '\n'
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

export function renderNdjson(value: unknown): string {
  return JSON.stringify(value) + '\n'
}

/** YAML via js-yaml, loaded only when asked for. */
export async function renderYaml(value: unknown): Promise<string> {
  const yaml = await import('js-yaml')
  return yaml.dump(value, {noRefs: true, lineWidth: 120})
}

/** Human text for a single record: `key: value` lines. */
export function renderKeyValues(record: Row): string {
  return Object.entries(record).map(([k, v]) => `${k}: ${cell(v)}`).join('\n') + '\n'
}
