import assert from 'node:assert/strict'
import {bypassesProxy, describeProxy, proxyFor} from '../../../../src/lib/http/proxy.js'

describe('proxy', () => {
  const http = new URL('http://s3.example.com:7480/b/k')
  const https = new URL('https://bucket.s3.amazonaws.com/k')

  it('takes the proxy of the scheme, lower-case names first', () => {
    assert.equal(proxyFor(http, {HTTP_PROXY: 'http://up:3128'})?.href, 'http://up:3128/')
    assert.equal(proxyFor(http, {HTTPS_PROXY: 'http://up:3128'}), null)
    assert.equal(proxyFor(https, {HTTPS_PROXY: 'up:3128'})?.href, 'http://up:3128/')
    assert.equal(proxyFor(https, {https_proxy: 'http://low:1', HTTPS_PROXY: 'http://high:2'})?.host, 'low:1')
    assert.equal(proxyFor(https, {}), null)
  })

  it('goes direct for hosts NO_PROXY lists', () => {
    assert.equal(proxyFor(http, {HTTP_PROXY: 'http://up:3128', NO_PROXY: 'example.com'}), null)
    assert.equal(proxyFor(http, {HTTP_PROXY: 'http://up:3128', no_proxy: 'other.com'})?.host, 'up:3128')
    assert.equal(bypassesProxy(https, '.amazonaws.com'), true)
    assert.equal(bypassesProxy(https, '*.amazonaws.com'), true)
    assert.equal(bypassesProxy(https, 'zonaws.com'), false, 'a suffix matches whole labels only')
    assert.equal(bypassesProxy(https, '*'), true)
    assert.equal(bypassesProxy(new URL('http://127.0.0.1:9000'), 'localhost, 127.0.0.1'), true)
    assert.equal(bypassesProxy(http, 's3.example.com:7480'), true)
    assert.equal(bypassesProxy(http, 's3.example.com:80'), false, 'another port')
    assert.equal(bypassesProxy(new URL('http://[::1]:9000'), '[::1]'), true)
  })

  it('hides a proxy password when shown', () => {
    assert.equal(describeProxy(new URL('http://user:secret@up:3128')), 'http://user:****@up:3128')
  })
})
