/**
 * A table printed row by row as a listing arrives, never held whole. Column widths come from
 * what each column holds, known before any row: sizes and dates have a bounded width, flags
 * the width of their header, ids (ETag, version id, upload id) the width of the first row's
 * (one server hands out ids of one length). The one `name` column (the key) takes the rest of
 * the terminal's width and is shortened in the middle when longer; put last, it is never padded.
 * Waiting for the whole listing to size the key column would hold a million rows in memory
 * and show nothing until the end; the first page is no better a guess for a key than the width
 * of the terminal it has to fit.
 */
import {formatBytes, formatLocalTime} from './units.js'

export type ColumnKind = 'bytes' | 'date' | 'flag' | 'id' | 'name'

export interface Column {
  /** The record's field; its upper-cased name heads the column. */
  name: string
  kind: ColumnKind
}

export interface TableOptions {
  /** The terminal's width; undefined (not a terminal): nothing is shortened. */
  width?: number
  /** Sizes as 1.2 MiB, dates as local time. */
  human?: boolean
}

const GAP = '  '
/** The narrowest a name column is made, however narrow the terminal. */
const MIN_NAME = 12
/** Raw sizes: 5 TiB, S3's largest object, has 13 digits. Human: '1023.9 KiB'. */
const BYTES_WIDTH = {raw: 13, human: 10}
/** Raw: '2024-05-01T14:03:22.000Z'; human: '2024-05-01 14:03:22'. */
const DATE_WIDTH = {raw: 24, human: 19}

export class StreamingTable {
  private widths?: number[]
  private readonly headers: string[]

  constructor(private readonly columns: Column[], private readonly options: TableOptions = {}) {
    this.headers = columns.map((c) => c.name.toUpperCase())
  }

  /** The lines for one record: the header line comes before the first. */
  row(record: Record<string, unknown>): string {
    const cells = this.columns.map((c) => this.cell(c, record[c.name]))
    if (this.widths) return this.line(cells) + '\n'
    this.widths = this.measure(cells)
    return this.line(this.headers) + '\n' + this.line(cells) + '\n'
  }

  /** What an empty listing prints: the header alone. Nothing when rows were printed. */
  end(): string {
    if (this.widths) return ''
    this.widths = this.measure(this.headers)
    return this.line(this.headers) + '\n'
  }

  private cell(column: Column, value: unknown): string {
    if (value === null || value === undefined) return ''
    if (this.options.human && column.kind === 'bytes' && typeof value === 'number') return formatBytes(value)
    if (this.options.human && column.kind === 'date' && typeof value === 'string') return formatLocalTime(value)
    if (typeof value === 'object') return JSON.stringify(value)
    return String(value)
  }

  private measure(first: string[]): number[] {
    const style = this.options.human ? 'human' : 'raw'
    const widths = this.columns.map((c, i) => {
      const header = this.headers[i].length
      switch (c.kind) {
        case 'bytes': return Math.max(header, BYTES_WIDTH[style])
        case 'date': return Math.max(header, DATE_WIDTH[style])
        case 'flag': return Math.max(header, 5)
        default: return Math.max(header, first[i].length)
      }
    })
    const name = this.columns.findIndex((c) => c.kind === 'name')
    if (name >= 0) {
      const others = widths.reduce((sum, w, i) => (i === name ? sum : sum + w), 0) + GAP.length * (widths.length - 1)
      widths[name] = this.options.width === undefined ? Infinity : Math.max(MIN_NAME, this.options.width - others)
    }
    return widths
  }

  private line(cells: string[]): string {
    const widths = this.widths!
    const last = cells.length - 1
    return cells.map((text, i) => {
      const kind = this.columns[i].kind
      const fitted = kind === 'name' ? shortenMiddle(text, widths[i]) : text
      if (kind === 'bytes') return fitted.padStart(widths[i])
      return i === last || widths[i] === Infinity ? fitted : fitted.padEnd(widths[i])
    }).join(GAP).trimEnd()
  }
}

/** `photos/2024/…/IMG_1234.jpg`: the start and the end of a long name, which say the most. */
export function shortenMiddle(text: string, width: number): string {
  const chars = [...text]
  if (chars.length <= width) return text
  if (width <= 1) return '…'.slice(0, width)
  const tail = Math.floor((width - 1) / 2)
  const head = width - 1 - tail
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('')
}
