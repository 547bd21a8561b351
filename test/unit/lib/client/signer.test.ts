import assert from 'node:assert/strict'
import {
  canonicalRequest,
  encodeKeyPath,
  presignUrl,
  sha256Hex,
  signHeaders,
  uriEncode,
  type Credentials,
} from '../../../../src/lib/client/signer.js'

// ---------------------------------------------------------------------------------------------
// 1. AWS's SigV4 test suite ("aws-sig-v4-test-suite", 2015-08-30), generic service "service".
//    Data transcribed from the suite's .req/.creq/.authz files (copy read in boto/botocore,
//    tests/unit/auth/aws4_testsuite, Apache-2.0). `path` is the request line target; every
//    request also carried `X-Amz-Date: 20150830T123600Z`, which signHeaders adds itself.
// ---------------------------------------------------------------------------------------------

const SUITE_CREDS: Credentials = {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}
const SUITE_DATE = new Date('2015-08-30T12:36:00Z')
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=='

interface SuiteCase {
  name: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  sessionToken?: string
  /**
   * The suite writes some paths raw ('/ሴ', '/example space/'), i.e. not yet encoded. A WHATWG URL
   * encodes them once, so the suite's single encoding is reached with doubleEncodePath off.
   */
  singleEncode?: boolean
  creq: string
  signature: string
  signedHeaders?: string
}

const host = 'host:example.amazonaws.com\n'
const date = 'x-amz-date:20150830T123600Z\n'
const creqOf = (method: string, path: string, query: string, headers: string, signed = 'host;x-amz-date', hash = EMPTY) =>
  [method, path, query, headers, signed, hash].join('\n')

const SUITE: SuiteCase[] = [
  {
    name: 'get-vanilla', method: 'GET', path: '/',
    creq: creqOf('GET', '/', '', host + date),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query-order-key-case', method: 'GET', path: '/?Param2=value2&Param1=value1',
    creq: creqOf('GET', '/', 'Param1=value1&Param2=value2', host + date),
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-vanilla-query-order-key', method: 'GET', path: '/?Param1=value2&Param1=Value1',
    creq: creqOf('GET', '/', 'Param1=Value1&Param1=value2', host + date),
    signature: 'eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1',
  },
  {
    name: 'get-vanilla-query-order-value', method: 'GET', path: '/?Param1=value2&Param1=value1',
    creq: creqOf('GET', '/', 'Param1=value1&Param1=value2', host + date),
    signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694',
  },
  {
    name: 'get-vanilla-query-order-encoded', method: 'GET', path: '/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1',
    creq: creqOf('GET', '/', '%E1%88%B4=Value1&Param=Value2&Param-3=Value3', host + date),
    signature: '371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac',
  },
  {
    name: 'get-vanilla-query-unreserved', method: 'GET',
    path: '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    creq: creqOf('GET', '/',
      '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
      host + date),
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  {
    name: 'get-vanilla-utf8-query', method: 'GET', path: '/?ሴ=bar',
    creq: creqOf('GET', '/', '%E1%88%B4=bar', host + date),
    signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
  },
  {
    name: 'get-vanilla-empty-query-key', method: 'GET', path: '/?Param1=value1',
    creq: creqOf('GET', '/', 'Param1=value1', host + date),
    signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb',
  },
  {
    name: 'get-unreserved', method: 'GET', path: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    creq: creqOf('GET', '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', '', host + date),
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  {
    name: 'get-utf8', method: 'GET', path: '/ሴ', singleEncode: true,
    creq: creqOf('GET', '/%E1%88%B4', '', host + date),
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'get-header-key-duplicate', method: 'GET', path: '/',
    headers: {'My-Header1': 'value2,value2,value1'}, // three My-Header1 lines, joined as HTTP does
    creq: creqOf('GET', '/', '', host + 'my-header1:value2,value2,value1\n' + date, 'host;my-header1;x-amz-date'),
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order', method: 'GET', path: '/',
    headers: {'My-Header1': 'value4,value1,value3,value2'},
    creq: creqOf('GET', '/', '', host + 'my-header1:value4,value1,value3,value2\n' + date, 'host;my-header1;x-amz-date'),
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    name: 'get-header-value-multiline', method: 'GET', path: '/',
    headers: {'My-Header1': 'value1\n  value2\n     value3'},
    creq: creqOf('GET', '/', '', host + 'my-header1:value1 value2 value3\n' + date, 'host;my-header1;x-amz-date'),
    signature: 'cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd',
  },
  {
    name: 'get-header-value-trim', method: 'GET', path: '/',
    headers: {'My-Header1': ' value1', 'My-Header2': ' "a   b   c"'},
    creq: creqOf('GET', '/', '', host + 'my-header1:value1\nmy-header2:"a b c"\n' + date, 'host;my-header1;my-header2;x-amz-date'),
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'normalize-path/get-relative', method: 'GET', path: '/example/..',
    creq: creqOf('GET', '/', '', host + date),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-relative-relative', method: 'GET', path: '/example1/example2/../..',
    creq: creqOf('GET', '/', '', host + date),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-slash', method: 'GET', path: '//',
    creq: creqOf('GET', '/', '', host + date),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-slash-dot-slash', method: 'GET', path: '/./',
    creq: creqOf('GET', '/', '', host + date),
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'normalize-path/get-slash-pointless-dot', method: 'GET', path: '/./example',
    creq: creqOf('GET', '/example', '', host + date),
    signature: 'ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5',
  },
  {
    name: 'normalize-path/get-slashes', method: 'GET', path: '//example//',
    creq: creqOf('GET', '/example/', '', host + date),
    signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84',
  },
  {
    name: 'normalize-path/get-space', method: 'GET', path: '/example space/', singleEncode: true,
    creq: creqOf('GET', '/example%20space/', '', host + date),
    signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741',
  },
  {
    name: 'normalize-path/get-special-character', method: 'GET', path: '/example/$delete',
    creq: creqOf('GET', '/example/%24delete', '', host + date),
    signature: 'a853c9b21b528b19643d00910d35b83a10c366a10833ceefb45edd6c80e40f27',
  },
  {
    name: 'post-vanilla', method: 'POST', path: '/',
    creq: creqOf('POST', '/', '', host + date),
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-vanilla-query', method: 'POST', path: '/?Param1=value1',
    creq: creqOf('POST', '/', 'Param1=value1', host + date),
    signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
  },
  {
    name: 'post-header-key-sort', method: 'POST', path: '/',
    headers: {'My-Header1': 'value1'},
    creq: creqOf('POST', '/', '', host + 'my-header1:value1\n' + date, 'host;my-header1;x-amz-date'),
    signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c',
  },
  {
    name: 'post-header-value-case', method: 'POST', path: '/',
    headers: {'My-Header1': 'VALUE1'},
    creq: creqOf('POST', '/', '', host + 'my-header1:VALUE1\n' + date, 'host;my-header1;x-amz-date'),
    signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
  {
    name: 'post-x-www-form-urlencoded', method: 'POST', path: '/',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'Param1=value1',
    creq: creqOf('POST', '/', '', 'content-type:application/x-www-form-urlencoded\n' + host + date,
      'content-type;host;x-amz-date', '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e'),
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters', method: 'POST', path: '/',
    headers: {'Content-Type': 'application/x-www-form-urlencoded; charset=utf8'}, body: 'Param1=value1',
    creq: creqOf('POST', '/', '', 'content-type:application/x-www-form-urlencoded; charset=utf8\n' + host + date,
      'content-type;host;x-amz-date', '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e'),
    signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
  {
    name: 'get-vanilla-with-session-token', method: 'GET', path: '/',
    sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
    creq: creqOf('GET', '/', '',
      host + date + 'x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n',
      'host;x-amz-date;x-amz-security-token'),
    signature: '07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8',
  },
  {
    name: 'post-sts-token/post-sts-header-before', method: 'POST', path: '/',
    sessionToken: STS_TOKEN,
    creq: creqOf('POST', '/', '', host + date + `x-amz-security-token:${STS_TOKEN}\n`, 'host;x-amz-date;x-amz-security-token'),
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
]

describe('signer: AWS SigV4 test suite (service "service", us-east-1)', () => {
  for (const v of SUITE) {
    it(v.name, () => {
      const url = new URL('https://example.amazonaws.com' + v.path)
      const pathOpts = {normalizePath: true, doubleEncodePath: !v.singleEncode}
      const payloadHash = sha256Hex(v.body ?? '')
      const creds = {...SUITE_CREDS, sessionToken: v.sessionToken}

      // The canonical request, with the headers as they appear on the wire (X-Amz-Date included).
      const wire: Record<string, string> = {...v.headers, 'X-Amz-Date': '20150830T123600Z'}
      if (v.sessionToken) wire['X-Amz-Security-Token'] = v.sessionToken
      assert.equal(canonicalRequest({method: v.method, url, headers: wire}, payloadHash, pathOpts).canonicalRequest, v.creq)

      // The full signature, from the caller's headers only.
      const added = signHeaders({method: v.method, url, headers: {...v.headers}}, creds, {
        service: 'service', region: 'us-east-1', date: SUITE_DATE, payloadHash, ...pathOpts,
      })
      const signed = v.creq.split('\n').at(-2)
      assert.equal(
        added.authorization,
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signed}, Signature=${v.signature}`,
      )
      assert.equal(added['x-amz-date'], '20150830T123600Z')
      assert.equal('x-amz-content-sha256' in added, false, 'only S3 gets x-amz-content-sha256')
      assert.equal(added['x-amz-security-token'], v.sessionToken)
    })
  }

  it('has at least 10 vectors', () => assert.ok(SUITE.length >= 10))
})

// ---------------------------------------------------------------------------------------------
// 2. The S3 examples from "Examples: Signature Calculations in AWS Signature Version 4"
//    (sig-v4-header-based-auth.html) and the presigned URL example (sigv4-query-string-auth.html).
// ---------------------------------------------------------------------------------------------

const S3_CREDS: Credentials = {accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}
const S3_DATE = new Date('2013-05-24T00:00:00Z')
const S3_BASE = 'https://examplebucket.s3.amazonaws.com'
const s3Opts = (payloadHash: string) => ({region: 'us-east-1', date: S3_DATE, payloadHash})
const s3Auth = (signedHeaders: string, signature: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`
const s3Wire = (payloadHash: string) => ({'x-amz-content-sha256': payloadHash, 'x-amz-date': '20130524T000000Z'})

describe('signer: AWS S3 documentation examples', () => {
  it('GET object with Range', () => {
    const req = {method: 'GET', url: new URL(S3_BASE + '/test.txt'), headers: {Range: 'bytes=0-9'}}
    assert.equal(
      canonicalRequest({...req, headers: {...req.headers, ...s3Wire(EMPTY)}}, EMPTY).canonicalRequest,
      'GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n' +
        `x-amz-content-sha256:${EMPTY}\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n${EMPTY}`,
    )
    assert.deepEqual(signHeaders(req, S3_CREDS, s3Opts(EMPTY)), {
      authorization: s3Auth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': EMPTY,
    })
  })

  it('PUT object (a "$" in the key, a body, x-amz-storage-class)', () => {
    const hash = sha256Hex('Welcome to Amazon S3.')
    assert.equal(hash, '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072')
    const req = {
      method: 'PUT',
      url: new URL(S3_BASE + '/' + encodeKeyPath('test$file.text')),
      headers: {Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY'},
    }
    assert.equal(
      canonicalRequest({...req, headers: {...req.headers, ...s3Wire(hash)}}, hash).canonicalRequest,
      'PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\nhost:examplebucket.s3.amazonaws.com\n' +
        `x-amz-content-sha256:${hash}\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n` +
        `date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n${hash}`,
    )
    const added = signHeaders(req, S3_CREDS, s3Opts(hash))
    assert.equal(
      added.authorization,
      s3Auth('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    )
    assert.equal(added['x-amz-content-sha256'], hash)
  })

  it('PUT object: a "$" the URL parser leaves raw is still signed as %24 (as S3 computes it)', () => {
    const hash = sha256Hex('Welcome to Amazon S3.')
    const url = new URL(S3_BASE + '/test$file.text')
    assert.equal(url.pathname, '/test$file.text')
    const added = signHeaders(
      {method: 'PUT', url, headers: {Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY'}},
      S3_CREDS, s3Opts(hash),
    )
    assert.match(added.authorization, /Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/)
  })

  it('GET bucket lifecycle (?lifecycle, a query key without value)', () => {
    const req = {method: 'GET', url: new URL(S3_BASE + '/?lifecycle'), headers: {}}
    assert.equal(
      canonicalRequest({...req, headers: s3Wire(EMPTY)}, EMPTY).canonicalRequest,
      `GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:${EMPTY}\nx-amz-date:20130524T000000Z\n\n` +
        `host;x-amz-content-sha256;x-amz-date\n${EMPTY}`,
    )
    assert.equal(
      signHeaders(req, S3_CREDS, s3Opts(EMPTY)).authorization,
      s3Auth('host;x-amz-content-sha256;x-amz-date', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
    )
  })

  it('GET bucket (list objects), query given out of order', () => {
    const req = {method: 'GET', url: new URL(S3_BASE + '/?prefix=J&max-keys=2'), headers: {}}
    assert.equal(canonicalRequest({...req, headers: s3Wire(EMPTY)}, EMPTY).canonicalRequest.split('\n')[2], 'max-keys=2&prefix=J')
    assert.equal(
      signHeaders(req, S3_CREDS, s3Opts(EMPTY)).authorization,
      s3Auth('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
    )
  })

  it('presigned GET URL, 86400 s', () => {
    const url = presignUrl({method: 'GET', url: new URL(S3_BASE + '/test.txt'), headers: {}}, S3_CREDS, {
      region: 'us-east-1', date: S3_DATE, expiresIn: 86400,
    })
    assert.equal(
      url,
      S3_BASE + '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    )
  })
})

// ---------------------------------------------------------------------------------------------
// 3. Behaviour the transport relies on.
// ---------------------------------------------------------------------------------------------

describe('signer: encoding helpers', () => {
  const cases: [string, string][] = [
    ['my file.txt', 'my%20file.txt'],
    ['a+b', 'a%2Bb'],
    ['100%', '100%25'],
    ['what?.txt', 'what%3F.txt'],
    ['c#/notes', 'c%23/notes'],
    ['~user/-._', '~user/-._'],
    ['a//b', 'a//b'],
    ['dir/', 'dir/'],
    ['/leading', '/leading'],
    ['café', 'caf%C3%A9'],
    ['日本/語', '%E6%97%A5%E6%9C%AC/%E8%AA%9E'],
    ['😀.png', '%F0%9F%98%80.png'],
    ["!'()*", '%21%27%28%29%2A'],
    ['a=b&c;d:e@f,g$h', 'a%3Db%26c%3Bd%3Ae%40f%2Cg%24h'],
  ]
  for (const [key, path] of cases) {
    it(`encodeKeyPath(${JSON.stringify(key)})`, () => {
      assert.equal(encodeKeyPath(key), path)
      // The URL parser must keep our encoding byte for byte, and the signer must sign it as is.
      const url = new URL(`https://h.example/bucket/${encodeKeyPath(key)}`)
      assert.equal(url.pathname, `/bucket/${path}`)
      assert.equal(canonicalRequest({method: 'GET', url, headers: {}}, EMPTY).canonicalRequest.split('\n')[1], `/bucket/${path}`)
      assert.equal(decodeURIComponent(path), key)
    })
  }

  it('uriEncode encodes "/" only when asked', () => {
    assert.equal(uriEncode('a/b c', true), 'a%2Fb%20c')
    assert.equal(uriEncode('a/b c', false), 'a/b%20c')
  })

  it('sha256Hex of string and Buffer', () => {
    assert.equal(sha256Hex(''), EMPTY)
    assert.equal(sha256Hex(Buffer.from('Welcome to Amazon S3.')), '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072')
  })
})

describe('signer: canonical request details', () => {
  const creq = (url: string, headers: Record<string, string> = {}, opts = {}) =>
    canonicalRequest({method: 'get', url: new URL(url), headers}, EMPTY, opts).canonicalRequest.split('\n')

  it('keeps "+" in query values as a plus, not a space', () => {
    assert.equal(creq('https://h/b?prefix=a+b&delimiter=%2F')[2], 'delimiter=%2F&prefix=a%2Bb')
    assert.equal(creq('https://h/b?prefix=a%20b')[2], 'prefix=a%20b')
  })

  it('signs valueless and empty query keys as "name="', () => {
    assert.equal(creq('https://h/b?uploads&acl=&versionId=3')[2], 'acl=&uploads=&versionId=3')
  })

  it('sorts by encoded name (byte order, uppercase first) then value', () => {
    assert.equal(creq('https://h/?b=2&a=2&B=1&a=1')[2], 'B=1&a=1&a=2&b=2')
  })

  it('uppercases the method, uses "/" for an empty path, takes host with a non-default port', () => {
    const lines = creq('http://127.0.0.1:9000')
    assert.equal(lines[0], 'GET')
    assert.equal(lines[1], '/')
    assert.equal(lines[3], 'host:127.0.0.1:9000')
  })

  it('does not normalize or double-encode S3 paths by default', () => {
    assert.equal(creq('https://h/b/a//b/%20x/')[1], '/b/a//b/%20x/')
    assert.equal(creq('https://h/b/a//b/%20x/', {}, {normalizePath: true, doubleEncodePath: true})[1], '/b/a/b/%2520x/')
  })

  it('keeps an encoded slash inside a segment', () => {
    assert.equal(creq('https://h/b/a%2Fb')[1], '/b/a%2Fb')
  })

  it('leaves out headers that proxies may change, keeps content-length', () => {
    const {signedHeaders} = canonicalRequest({
      method: 'PUT', url: new URL('https://h/b/k'),
      headers: {
        'User-Agent': 'x', Connection: 'keep-alive', 'Transfer-Encoding': 'chunked', Expect: '100-continue',
        'X-Amzn-Trace-Id': 't', Authorization: 'old', 'Content-Length': '5', 'Content-Type': 'text/plain',
      },
    }, EMPTY)
    assert.equal(signedHeaders, 'content-length;content-type;host')
  })
})

describe('signer: signHeaders', () => {
  const req = {method: 'GET', url: new URL('https://s3.example.com/bucket/key'), headers: {}}

  it('defaults to service s3 and UNSIGNED-PAYLOAD', () => {
    const added = signHeaders(req, S3_CREDS, {region: 'eu-west-1', date: S3_DATE})
    assert.equal(added['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD')
    assert.match(added.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20130524\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/)
  })

  it('adds and signs x-amz-security-token for temporary credentials', () => {
    const added = signHeaders(req, {...S3_CREDS, sessionToken: 'tok'}, {region: 'us-east-1', date: S3_DATE})
    assert.equal(added['x-amz-security-token'], 'tok')
    assert.match(added.authorization, /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/)
  })

  it('overrides stale copies of its own headers instead of signing them twice', () => {
    const fresh = signHeaders(req, S3_CREDS, s3Opts(EMPTY))
    const stale = signHeaders({...req, headers: {'X-Amz-Date': '19990101T000000Z', 'X-Amz-Content-Sha256': 'x'}}, S3_CREDS, s3Opts(EMPTY))
    assert.deepEqual(stale, fresh)
  })

  it('changes with every signed input', () => {
    const base = signHeaders(req, S3_CREDS, s3Opts(EMPTY)).authorization
    const variants = [
      signHeaders({...req, method: 'HEAD'}, S3_CREDS, s3Opts(EMPTY)),
      signHeaders({...req, url: new URL('https://s3.example.com/bucket/key2')}, S3_CREDS, s3Opts(EMPTY)),
      signHeaders({...req, url: new URL('https://s3.example.com/bucket/key?x=1')}, S3_CREDS, s3Opts(EMPTY)),
      signHeaders({...req, headers: {range: 'bytes=0-1'}}, S3_CREDS, s3Opts(EMPTY)),
      signHeaders(req, {...S3_CREDS, secretAccessKey: 'other'}, s3Opts(EMPTY)),
      signHeaders(req, S3_CREDS, s3Opts(sha256Hex('x'))),
      signHeaders(req, S3_CREDS, {...s3Opts(EMPTY), region: 'us-west-2'}),
      signHeaders(req, S3_CREDS, {...s3Opts(EMPTY), date: new Date('2013-05-24T00:00:01Z')}),
    ].map((h) => h.authorization.slice(-64))
    assert.equal(new Set([base.slice(-64), ...variants]).size, variants.length + 1)
  })
})

describe('signer: presignUrl', () => {
  const req = {method: 'GET', url: new URL('https://s3.example.com/bucket/a%20b?versionId=v+1#frag'), headers: {}}
  const opts = {region: 'us-east-1', date: S3_DATE, expiresIn: 60}

  it('rejects expiry outside 1..604800 seconds', () => {
    for (const expiresIn of [0, -1, 604801, 1.5, Number.NaN]) {
      assert.throws(() => presignUrl(req, S3_CREDS, {...opts, expiresIn}), RangeError)
    }
    assert.doesNotThrow(() => presignUrl(req, S3_CREDS, {...opts, expiresIn: 604800}))
    assert.doesNotThrow(() => presignUrl(req, S3_CREDS, {...opts, expiresIn: 1}))
  })

  it('keeps the existing query and path bytes, drops the fragment, signs the token and given headers', () => {
    const out = new URL(presignUrl({...req, headers: {'Content-Type': 'text/plain'}}, {...S3_CREDS, sessionToken: 'a/b+c='}, opts))
    assert.equal(out.pathname, '/bucket/a%20b')
    assert.equal(out.hash, '')
    assert.ok(out.search.startsWith('?versionId=v+1&X-Amz-Algorithm='))
    const q = out.searchParams // safe here: none of our values has a raw '+'
    assert.equal(q.get('X-Amz-SignedHeaders'), 'content-type;host')
    assert.equal(q.get('X-Amz-Security-Token'), 'a/b+c=')
    assert.equal(q.get('X-Amz-Expires'), '60')
    assert.match(q.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/)
    assert.ok(out.search.indexOf('X-Amz-Security-Token') < out.search.indexOf('X-Amz-Signature'))
  })

  it('signs the token: changing it changes the signature', () => {
    const sig = (sessionToken: string) => new URL(presignUrl(req, {...S3_CREDS, sessionToken}, opts)).searchParams.get('X-Amz-Signature')
    assert.notEqual(sig('one'), sig('two'))
  })
})
