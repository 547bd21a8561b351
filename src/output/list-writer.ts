/**
 * A listing rendered as it arrives, in every output format: json as a streamed array, ndjson
 * and text line by line, yaml item by item, table row by row when its columns have kinds
 * (table.ts; untyped columns wait for the end to size them). With a summary, the count and
 * total size come after the items:
 *   text, table: one line, `Total: 3 objects, 1.2 MiB`
 *   json:        {"items": [...], "summary": {"count": 3, "size": 1234567}} (an object, so the
 *                list stays one document; without --summarize it is the plain array)
 *   ndjson:      a last line {"summary": {...}} (every line stays one JSON value)
 *   yaml:        items: [...] and summary: {...}
 */
import {type OutputFormat, renderNdjson, renderTable, renderYaml, type Row} from './format.js'
import {type Column, StreamingTable} from './table.js'
import {formatBytes} from './units.js'

export interface ListSummary<T> {
  /** What is counted, plural: 'objects', 'versions', 'uploads' (one: the s goes). */
  noun: string
  /** Whether an item counts; default all (common prefixes do not). */
  counts?: (item: T) => boolean
  /** An item's size; without it the summary has a count only. */
  size?: (item: T) => number
}

export interface ListSpec<T> {
  /** The record shown for json, ndjson, yaml and table. */
  record: (item: T) => Row
  /** The human line for text output (the original's format where the original had one). */
  text: (item: T) => string
  /** What ends each text item: a newline unless given (find --print0: NUL). */
  terminator?: string
  /** Table columns: names (the table waits for the end), or typed columns (streamed). */
  columns?: Array<string | Column>
  /** The table's row, when it differs from the record (a common prefix in the key column). */
  row?: (item: T) => Row
  /** Table sizes as 1.2 MiB and dates as local time (text: the `text` function's business). */
  human?: boolean
  /** Asked for with --summarize. */
  summary?: ListSummary<T>
}

export interface Totals {
  count: number
  size?: number
}

export class ListWriter<T> {
  /** Items written. */
  count = 0
  private readonly totals: Totals
  private readonly table?: StreamingTable
  private readonly rows: Row[] = []

  constructor(private readonly format: OutputFormat, private readonly spec: ListSpec<T>, terminalWidth?: number) {
    this.totals = spec.summary?.size ? {count: 0, size: 0} : {count: 0}
    const columns = spec.columns ?? []
    if (format === 'table' && columns.length > 0 && columns.every((c) => typeof c !== 'string')) {
      this.table = new StreamingTable(columns as Column[], {width: terminalWidth, human: spec.human})
    }
  }

  /** The text for one item. */
  async item(item: T): Promise<string> {
    this.count++
    const summary = this.spec.summary
    if (summary && (summary.counts?.(item) ?? true)) {
      this.totals.count++
      if (summary.size) this.totals.size! += summary.size(item)
    }
    const first = this.count === 1
    const wrapped = this.spec.summary !== undefined
    switch (this.format) {
      case 'json': {
        const json = JSON.stringify(this.spec.record(item), null, 2)
        return (first ? (wrapped ? '{\n  "items": [\n' : '[\n') : ',\n') + indent(json, wrapped ? 4 : 2)
      }
      case 'ndjson': return renderNdjson(this.spec.record(item))
      case 'yaml': {
        const yaml = await renderYaml([this.spec.record(item)])
        return wrapped ? (first ? 'items:\n' : '') + indent(yaml.trimEnd(), 2) + '\n' : yaml
      }
      case 'table': {
        const row = (this.spec.row ?? this.spec.record)(item)
        if (this.table) return this.table.row(row)
        this.rows.push(row)
        return ''
      }
      default: return this.spec.terminator === undefined ? ensureNewline(this.spec.text(item)) : this.spec.text(item) + this.spec.terminator
    }
  }

  /**
   * Closes what the items began (the json array, an empty list's `[]`, the table) and adds the
   * summary. `complete` false (the listing failed part way): the document is closed, so stdout
   * stays parseable, but no summary is given, as its totals would be wrong.
   */
  async end(complete = true): Promise<string> {
    const summary = complete && this.spec.summary ? this.totals : undefined
    const wrapped = this.spec.summary !== undefined
    switch (this.format) {
      case 'json': {
        if (!wrapped) return this.count === 0 ? '[]\n' : '\n]\n'
        const items = this.count === 0 ? '{\n  "items": []' : '\n  ]'
        return items + (summary ? `,\n  "summary": ${JSON.stringify(summary)}` : '') + '\n}\n'
      }
      case 'ndjson': return summary ? renderNdjson({summary}) : ''
      case 'yaml': {
        const items = this.count === 0 ? (wrapped ? 'items: []\n' : '[]\n') : ''
        return items + (summary ? await renderYaml({summary}) : '')
      }
      case 'table': {
        const table = this.table ? this.table.end() : renderTable(this.rows, this.spec.columns?.map((c) => (typeof c === 'string' ? c : c.name)))
        return table + (summary ? this.summaryLine(summary) : '')
      }
      default: return summary ? this.summaryLine(summary) : ''
    }
  }

  private summaryLine(totals: Totals): string {
    const plural = this.spec.summary!.noun
    const noun = totals.count === 1 ? plural.replace(/s$/, '') : plural
    if (totals.size === undefined) return `Total: ${totals.count} ${noun}\n`
    const size = this.spec.human ? formatBytes(totals.size) : `${totals.size} bytes`
    return `Total: ${totals.count} ${noun}, ${size}\n`
  }
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n'
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text.split('\n').map((l) => pad + l).join('\n')
}
