import assert from 'node:assert/strict'
import {StorageError} from '../../../../src/lib/errors.js'
import {errorDetail, etagOf, headerValue, notS3Reason, parseBody, xmlRootName} from '../../../../src/lib/client/response.js'
import type {S3Response} from '../../../../src/lib/client/response.js'

const response = (statusCode: number, body = '', headers: S3Response['headers'] = {}): S3Response =>
  ({statusCode, headers, body: Buffer.from(body), method: 'GET', url: 'http://x/'})

const errorDocument = (code: string, message: string, requestId = 'req-1') =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`

describe('reading S3 answers', () => {
  it('reads the first value of a repeated header', () => {
    assert.equal(headerValue({etag: '"a"'}, 'etag'), '"a"')
    assert.equal(headerValue({'x-amz-meta-a': ['1', '2']}, 'x-amz-meta-a'), '1')
    assert.equal(headerValue({}, 'etag'), undefined)
  })

  it('takes the ETag of an upload, and refuses an answer without one', () => {
    assert.equal(etagOf('write', response(200, '', {etag: '"abc"'})), '"abc"')
    const answer = response(200)
    assert.throws(() => etagOf('write', answer), (error: unknown) => {
      assert.ok(error instanceof StorageError)
      assert.equal(error.op, 'write')
      assert.match(error.message, /without an ETag/)
      assert.equal(error.response, answer)
      return true
    })
  })

  it('parses an XML body, and an empty body as an empty document', async () => {
    assert.deepEqual(await parseBody('bucketGet', response(200)), {})
    assert.deepEqual(await parseBody('bucketGet', response(200, '  \n')), {})
    const doc = await parseBody('bucketGetLocation', response(200, '<LocationConstraint>eu-west-1</LocationConstraint>'))
    assert.deepEqual(doc, {LocationConstraint: 'eu-west-1'})
  })

  it('turns an <Error> document inside a 200 into a StorageError with its code', async () => {
    await assert.rejects(parseBody('copy', response(200, errorDocument('InternalError', 'We encountered an internal error'))), (error: unknown) => {
      assert.ok(error instanceof StorageError)
      assert.equal(error.msg, 'copy')
      assert.equal(error.code, 'InternalError')
      assert.equal(error.status, 500, 'a 200 carrying an error counts as a server error')
      assert.match(error.message, /We encountered an internal error/)
      assert.match(error.message, /req-1/)
      return true
    })
  })

  it('reads code, message and request id from an S3 error document', async () => {
    const detail = await errorDetail(response(403, errorDocument('AccessDenied', 'Access Denied', 'r-403')), {bucket: 'b', key: 'k'})
    assert.deepEqual(detail, {code: 'AccessDenied', message: 'Access Denied', status: 403, requestId: 'r-403', bucket: 'b', key: 'k'})
  })

  it('falls back to the status when the body is empty (HEAD): NoSuchKey with a key, NoSuchBucket without', async () => {
    const withKey = await errorDetail(response(404, '', {'x-amz-request-id': 'from-header'}), {bucket: 'b', key: 'k'})
    assert.equal(withKey.code, 'NoSuchKey')
    assert.match(withKey.message, /^The specified key does not exist/)
    assert.equal(withKey.requestId, 'from-header')
    const noKey = await errorDetail(response(404), {bucket: 'b'})
    assert.equal(noKey.code, 'NoSuchBucket')
    assert.match(noKey.message, /^The specified bucket does not exist/)
    assert.equal(noKey.requestId, undefined)
  })

  it('falls back to the status when the body is an HTML page, well-formed or not', async () => {
    for (const html of ['<html><body><h1>502 Bad Gateway</h1></body></html>', '<html><body>Bad Gateway<br></body>']) {
      const detail = await errorDetail(response(502, html), {bucket: 'b'})
      assert.equal(detail.code, 'Http502', html)
      assert.equal(detail.message, 'HTTP status 502', html)
    }
    assert.equal((await errorDetail(response(503, '<html/>'), {})).code, 'ServiceUnavailable')
  })

  it('gives S3\'s wording when the server sends an empty <Message/> (RGW)', async () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>BucketNotEmpty</Code><Message/><RequestId>r</RequestId></Error>'
    const detail = await errorDetail(response(409, body), {bucket: 'b'})
    assert.equal(detail.code, 'BucketNotEmpty')
    assert.equal(detail.message, 'The bucket you tried to delete is not empty')
    await assert.rejects(parseBody('copy', response(200, '<Error><Code>AccessDenied</Code><Message/></Error>')),
      (error: StorageError) => error.message === 'copy: AccessDenied: Access denied', 'an error inside a 200 gets the wording too')
    const unknown = await errorDetail(response(400, '<Error><Code>OddCode</Code><Message></Message></Error>'), {bucket: 'b'})
    assert.equal(unknown.code, 'OddCode')
    assert.equal(unknown.message, '', 'no wording known, and not the status\'s code')
  })
})

describe('telling an S3 answer from another server\'s', () => {
  const page = '<!DOCTYPE html><html><body>It works!</body></html>'
  const html = {'content-type': 'text/html; charset=utf-8'}
  const xml = {'content-type': 'application/xml'}

  it('finds the root element past a declaration, a comment and a byte-order mark', () => {
    assert.equal(xmlRootName('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="x">'), 'ListBucketResult')
    assert.equal(xmlRootName('\uFEFF\n<!-- c --><Tagging/>'), 'Tagging')
    assert.equal(xmlRootName(page), undefined)
    assert.equal(xmlRootName('{"Version":"2012-10-17"}'), undefined)
  })

  it('accepts S3\'s XML answers, self-closed roots, empty bodies and <Error> inside a 200', () => {
    const req = {method: 'GET', xmlRoot: 'ListAllMyBucketsResult'}
    assert.equal(notS3Reason(req, response(200, '<?xml version="1.0"?><ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>\n', xml)), undefined)
    assert.equal(notS3Reason({method: 'GET', xmlRoot: 'VersioningConfiguration'}, response(200, '<VersioningConfiguration xmlns="x"/>', xml)), undefined)
    assert.equal(notS3Reason(req, response(200, '', {})), undefined)
    assert.equal(notS3Reason(req, response(200, errorDocument('InternalError', 'x'), xml)), undefined)
  })

  it('refuses a web page, another root, text that is not XML and an unclosed document', () => {
    const req = {method: 'GET', xmlRoot: 'CORSConfiguration'}
    assert.match(notS3Reason(req, response(200, page, html))!, /web page \(content type text\/html/)
    assert.match(notS3Reason(req, response(200, page, {}))!, /expected an XML document <CORSConfiguration>, got "<!DOCTYPE/)
    assert.match(notS3Reason(req, response(200, '<Other></Other>', xml))!, /got <Other>/)
    assert.match(notS3Reason(req, response(200, '<CORSConfiguration><CORSRule>', xml))!, /not closed/)
  })

  it('refuses a web page on calls without a body to check (PUT, DELETE, HEAD of a bucket)', () => {
    assert.match(notS3Reason({method: 'PUT'}, response(200, page, html))!, /web page/)
    assert.match(notS3Reason({method: 'HEAD'}, response(200, '', html))!, /web page/)
    assert.equal(notS3Reason({method: 'DELETE'}, response(204, '', {})), undefined)
  })

  it('wants an ETag on an object\'s GET or HEAD, whatever its content type', () => {
    const withEtag = response(200, page, {...html, etag: '"abc"', 'content-length': String(page.length)})
    assert.equal(notS3Reason({method: 'GET', key: 'index.html'}, withEtag), undefined)
    assert.equal(notS3Reason({method: 'HEAD', key: 'k', query: {versionId: 'v1'}}, withEtag), undefined)
    assert.match(notS3Reason({method: 'GET', key: 'k'}, response(200, page, html))!, /GET of an object answered without an ETag/)
    assert.match(notS3Reason({method: 'HEAD', key: 'k', query: 'partNumber=1'}, response(200, '', {}))!, /without an ETag/)
    // A subresource of an object (its tags) is XML, not the object's bytes.
    assert.equal(notS3Reason({method: 'GET', key: 'k', query: {tagging: ''}}, response(200, '<Tagging/>', xml)), undefined)
  })

  it('wants a Content-Length on an object\'s GET (200 or 206): sent chunked, a body ending early would pass for the whole', () => {
    const chunked = {etag: '"abc"', 'transfer-encoding': 'chunked'}
    assert.match(notS3Reason({method: 'GET', key: 'k'}, response(200, 'half', chunked))!, /GET of an object answered without a Content-Length/)
    assert.match(notS3Reason({method: 'GET', key: 'k', query: {versionId: 'v'}}, response(206, 'half', chunked))!, /without a Content-Length/)
    assert.equal(notS3Reason({method: 'GET', key: 'k'}, response(200, 'whole', {etag: '"abc"', 'content-length': '5'})), undefined)
    assert.equal(notS3Reason({method: 'HEAD', key: 'k'}, response(200, '', {etag: '"abc"'})), undefined, 'HEAD: not checked here')
  })
})
