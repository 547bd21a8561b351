import assert from 'node:assert/strict'
import {retainUntil} from '../../../../src/commands/object/lock.js'
import {ValueError} from '../../../../src/lib/types.js'

describe('object:set-retention --until', function () {
  const now = Date.parse('2026-12-03T16:00:00.250Z')

  it('takes a duration from now, rounded up to the whole second S3 dates have', async function () {
    assert.equal(await retainUntil('90s', now), '2026-12-03T16:01:31Z')
    assert.equal(await retainUntil('30d', now), '2027-01-02T16:00:01Z')
    assert.equal(await retainUntil('1h30m', now), '2026-12-03T17:30:01Z')
  })

  it('takes a date or a date and time', async function () {
    assert.equal(await retainUntil('2030-01-01', now), '2030-01-01T00:00:00Z')
    assert.equal(await retainUntil('2030-01-01T12:30:00+02:00', now), '2030-01-01T10:30:00Z')
  })

  it('refuses what is neither, and a date that has passed, in one line naming --until', async function () {
    await assert.rejects(retainUntil('soon', now), (e: Error) => e instanceof ValueError && /^--until "soon": expected a date/.test(e.message))
    await assert.rejects(retainUntil('2020-01-01', now), (e: Error) => e instanceof ValueError && /is not in the future$/.test(e.message))
    await assert.rejects(retainUntil('0s', now), ValueError)
  })
})
