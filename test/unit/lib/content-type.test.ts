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
})
