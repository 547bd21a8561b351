/**
 * A one-line progress bar (bytes, rate, ETA) on stderr, redrawn at most every 100 ms, and only
 * when stderr is a terminal: pipes and logs never see carriage returns. When done it leaves one
 * summary line (bytes, seconds, rate) in its place. Pure formatting lives in `renderProgress`
 * and `renderSummary` so it can be tested without a TTY.
 */
import {shortenMiddle} from './table.js'
import {formatBytes, formatDuration} from './units.js'

export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

/**
 * `label  [=====>    ]  45%  230.0 MiB / 512.0 MiB  85.3 MiB/s  ETA 00:03` fitted to `width`.
 * On a narrow terminal the bar goes first, then the label shrinks (its middle gives way), then
 * the amounts; the rate and the ETA stay to the last, as they are what a glance looks for.
 */
export function renderProgress(label: string, done: number, total: number | undefined, elapsedSeconds: number, width = 80): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0
  const rateText = `${formatBytes(Math.round(rate))}/s`
  const known = total !== undefined && total > 0
  const fraction = known ? Math.min(1, done / total) : 0
  const eta = known && rate > 0 ? (total - done) / rate : Infinity
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`
  // From the fullest tail to the barest: each drops what matters least.
  const tails = known
    ? [`${percent}  ${formatBytes(done)} / ${formatBytes(total)}  ${rateText}  ETA ${formatDuration(eta)}`,
      `${percent}  ${rateText}  ETA ${formatDuration(eta)}`,
      `${rateText}  ETA ${formatDuration(eta)}`]
    : [`${formatBytes(done)}  ${rateText}`, rateText]
  const labelRoom = (tail: string) => width - tail.length - 2
  const tail = tails.find((t) => labelRoom(t) >= Math.min(label.length, MIN_LABEL)) ?? tails[tails.length - 1]
  const room = labelRoom(tail)
  let bar = ''
  const barRoom = room - label.length - 2
  if (known && barRoom >= 10) {
    const cells = Math.min(barRoom, 30)
    const filled = Math.round(fraction * cells)
    bar = '[' + '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? (fraction >= 1 ? '=' : '>') : '') + ' '.repeat(cells - filled) + ']  '
  }
  const shown = room > 0 ? shortenMiddle(label, room) : ''
  const line = shown ? `${shown}  ${bar}${tail}` : tail
  return line.length > width ? line.slice(line.length - width) : line
}

/** The label keeps at least this much (or all of it) before the amounts are dropped. */
const MIN_LABEL = 12

/** What a finished transfer leaves on stderr: `put b/k: 512.0 MiB in 4.2 s, 122.0 MiB/s`; the label shrinks to fit. */
export function renderSummary(label: string, done: number, elapsedSeconds: number, width = Infinity): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0
  const facts = `${formatBytes(done)} in ${elapsedSeconds.toFixed(1)} s, ${formatBytes(Math.round(rate))}/s`
  const room = width - facts.length - 2
  return label && room > 0 ? `${shortenMiddle(label, room)}: ${facts}` : facts
}

export class ProgressBar {
  private readonly started = Date.now()
  private lastDraw = 0
  private drawn = false
  private done = 0
  private readonly enabled: boolean

  constructor(private label: string, enabled: boolean, private readonly stream: ProgressStream = process.stderr) {
    this.enabled = enabled && Boolean(stream.isTTY)
  }

  /** Call as bytes move; redraws at most every 100 ms. A batch updates its label too (files done). */
  update(done: number, total?: number, label?: string): void {
    if (label !== undefined) this.label = label
    this.done = done
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.lastDraw < 100 && (total === undefined || done < total)) return
    this.lastDraw = now
    this.drawn = true
    const width = this.width()
    this.stream.write('\r' + renderProgress(this.label, done, total, (now - this.started) / 1000, width).padEnd(width) + '\r')
  }

  /** Clears the line so what follows starts clean (the next update draws it again). */
  clear(): void {
    if (!this.enabled || !this.drawn) return
    this.stream.write('\r' + ' '.repeat(this.width()) + '\r')
  }

  /** Clears the bar and leaves the summary line in its place, when a bar was shown. */
  finish(): void {
    if (!this.enabled || !this.drawn) return
    this.clear()
    this.stream.write(renderSummary(this.label, this.done, (Date.now() - this.started) / 1000, this.width()) + '\n')
    this.drawn = false
  }

  private width(): number {
    return Math.max(20, (this.stream.columns ?? 80) - 1)
  }
}
