/**
 * A one-line progress bar (bytes, rate, ETA) on stderr, redrawn at most every 100 ms, and only
 * when stderr is a terminal: pipes and logs never see carriage returns. Pure formatting lives
 * in `renderProgress` so it can be tested without a TTY.
 */

export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function formatBytes(n: number): string {
  let value = n
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
  return h > 0 ? `${h}:${mmss}` : mmss
}

/** `label  [=====>    ]  45%  230.0 MiB / 512.0 MiB  85.3 MiB/s  ETA 00:03` fitted to `width`. */
export function renderProgress(label: string, done: number, total: number | undefined, elapsedSeconds: number, width = 80): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0
  const rateText = `${formatBytes(Math.round(rate))}/s`
  let tail: string
  let bar = ''
  if (total !== undefined && total > 0) {
    const fraction = Math.min(1, done / total)
    const eta = rate > 0 ? (total - done) / rate : Infinity
    tail = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}  ${rateText}  ETA ${formatDuration(eta)}`
    const room = width - label.length - tail.length - 6
    if (room >= 10) {
      const cells = Math.min(room, 30)
      const filled = Math.round(fraction * cells)
      bar = '[' + '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? (fraction >= 1 ? '=' : '>') : '') + ' '.repeat(cells - filled) + ']  '
    }
  } else {
    tail = `${formatBytes(done)}  ${rateText}`
  }
  const line = `${label}  ${bar}${tail}`
  return line.length > width ? line.slice(0, width) : line
}

export class ProgressBar {
  private readonly started = Date.now()
  private lastDraw = 0
  private drawn = false
  private readonly enabled: boolean

  constructor(private label: string, enabled: boolean, private readonly stream: ProgressStream = process.stderr) {
    this.enabled = enabled && Boolean(stream.isTTY)
  }

  /** Call as bytes move; redraws at most every 100 ms. A batch updates its label too (files done). */
  update(done: number, total?: number, label?: string): void {
    if (label !== undefined) this.label = label
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.lastDraw < 100 && (total === undefined || done < total)) return
    this.lastDraw = now
    this.drawn = true
    const width = Math.max(40, (this.stream.columns ?? 80) - 1)
    this.stream.write('\r' + renderProgress(this.label, done, total, (now - this.started) / 1000, width).padEnd(width) + '\r')
  }

  /** Clears the line so what follows starts clean (the next update draws it again). */
  finish(): void {
    if (!this.enabled || !this.drawn) return
    const width = Math.max(40, (this.stream.columns ?? 80) - 1)
    this.stream.write('\r' + ' '.repeat(width) + '\r')
  }
}
