import assert from 'node:assert/strict'
import {formatBytes, formatDuration, formatLocalTime} from '../../../src/output/units.js'

describe('units', () => {
  it('formats sizes in binary units with one decimal', () => {
    assert.equal(formatBytes(0), '0 B')
    assert.equal(formatBytes(1023), '1023 B')
    assert.equal(formatBytes(1024), '1.0 KiB')
    assert.equal(formatBytes(1.2 * 1024 * 1024), '1.2 MiB')
    assert.equal(formatBytes(5 * 1024 ** 4), '5.0 TiB')
  })

  it('never shows 1024.0 of a unit: that is one of the next', () => {
    assert.equal(formatBytes(1024 * 1024 - 1), '1.0 MiB')
    assert.equal(formatBytes(1023.9 * 1024), '1023.9 KiB')
  })

  it('formats durations as mm:ss, h:mm:ss from an hour, --:-- when unknown', () => {
    assert.equal(formatDuration(65), '01:05')
    assert.equal(formatDuration(3725), '1:02:05')
    assert.equal(formatDuration(Infinity), '--:--')
    assert.equal(formatDuration(-1), '--:--')
  })

  it('shows S3 timestamps in local time, other text as given', () => {
    const iso = '2024-05-01T14:03:22.000Z'
    const d = new Date(iso)
    const two = (n: number) => String(n).padStart(2, '0')
    assert.equal(formatLocalTime(iso), `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:22`)
    assert.match(formatLocalTime(iso), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    assert.equal(formatLocalTime(''), '')
    assert.equal(formatLocalTime('not a date'), 'not a date')
  })
})
