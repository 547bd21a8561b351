import assert from 'node:assert/strict'
import {guessContentType} from '../../../src/lib/content-type.js'

describe('content types', function () {
  it('guesses Content-Type from the extension', function () {
    assert.equal(guessContentType('a/b/page.HTML'), 'text/html')
    assert.equal(guessContentType('x.tar.gz'), 'application/gzip')
    assert.equal(guessContentType('photo.jpeg'), 'image/jpeg')
    assert.equal(guessContentType('.bashrc'), 'application/octet-stream')
    assert.equal(guessContentType('noext'), 'application/octet-stream')
    assert.equal(guessContentType('trailing.'), 'application/octet-stream')
  })

  it('knows the types the old hand-written table missed (from the maintained table)', function () {
    const expected: Record<string, string> = {
      'subtitles.vtt': 'text/vtt',
      'stream.m3u8': 'application/vnd.apple.mpegurl',
      'manifest.mpd': 'application/dash+xml',
      'events.jsonl': 'application/jsonl',
      'map.geojson': 'application/geo+json',
      'pyproject.toml': 'application/toml',
      'script.py': 'text/x-python',
      'C:\\data\\Report.DOCX': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    }
    for (const [name, type] of Object.entries(expected)) assert.equal(guessContentType(name), type, name)
  })

  it('follows the IANA registrations where mime-db lags', function () {
    assert.equal(guessContentType('config.yaml'), 'application/yaml')
    assert.equal(guessContentType('lib.cjs'), 'text/javascript')
    assert.equal(guessContentType('song.flac'), 'audio/flac')
    assert.equal(guessContentType('table.parquet'), 'application/vnd.apache.parquet')
    assert.equal(guessContentType('backup.tgz'), 'application/gzip')
  })
})
