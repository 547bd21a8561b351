import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {parseIni, readAwsProfile, sharedFilePaths} from '../../../../src/lib/settings/aws-shared-files.js'

describe('aws-shared-files', () => {
  it('parses sections, keys, comments and indented sub-settings', () => {
    const ini = parseIni([
      '# a comment', '[default]', 'aws_access_key_id = AKID ', 'region=eu-west-1', '; another', '',
      '[profile  dev]', 'services = local', '[services local]', 's3 =', '  endpoint_url = http://127.0.0.1:7480', '  addressing_style = path',
      'sts =', '  endpoint_url = http://sts',
    ].join('\r\n'))
    // Maps without a prototype (see parseIni): compared as plain JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(ini)), {
      default: {aws_access_key_id: 'AKID', region: 'eu-west-1'},
      'profile dev': {services: 'local'},
      'services local': {'s3.endpoint_url': 'http://127.0.0.1:7480', 's3.addressing_style': 'path', 'sts.endpoint_url': 'http://sts'},
    })
  })

  it('finds the files under HOME, or where AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE say', () => {
    assert.deepEqual(sharedFilePaths({HOME: '/h'}), {credentials: '/h/.aws/credentials', config: '/h/.aws/config'})
    assert.deepEqual(sharedFilePaths({HOME: '/h', AWS_SHARED_CREDENTIALS_FILE: '~/c', AWS_CONFIG_FILE: '/etc/c'}), {credentials: '/h/c', config: '/etc/c'})
  })

  describe('readAwsProfile', () => {
    const home = mkdtempSync(path.join(tmpdir(), 's3-aws-'))
    const credentials = path.join(home, 'credentials')
    const config = path.join(home, 'config')
    writeFileSync(credentials, '[default]\naws_access_key_id = DEF\naws_secret_access_key = DEFSECRET\n[dev]\naws_access_key_id = DEV\naws_secret_access_key = DEVSECRET\naws_session_token = TOK\n')
    writeFileSync(config, '[default]\nregion = us-west-2\n[profile dev]\nregion = eu-central-1\nendpoint_url = http://dev:1\nservices = svc\n' +
      '[services svc]\ns3 =\n  endpoint_url = http://s3dev:2\n[profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = dev\n' +
      '[profile proc]\ncredential_process = /bin/creds\naws_access_key_id = IGNORED\naws_secret_access_key = IGNORED\n')
    const env = {HOME: home, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config}

    it('reads static keys and the region of [default]', () => {
      const p = readAwsProfile('default', env)
      assert.equal(p.found, true)
      assert.deepEqual(p.staticKeys, {access_key_id: 'DEF', secret_access_key: 'DEFSECRET'})
      assert.equal(p.region, 'us-west-2')
      assert.deepEqual(p.origin, {keys: credentials, region: config})
    })

    it('reads a named profile: its token, region, and the s3 endpoint of its services section first', () => {
      const p = readAwsProfile('dev', env)
      assert.deepEqual(p.staticKeys, {access_key_id: 'DEV', secret_access_key: 'DEVSECRET', session_token: 'TOK'})
      assert.equal(p.region, 'eu-central-1')
      assert.equal(p.endpointUrl, 'http://s3dev:2')
      assert.equal(p.origin.endpoint, `${config} [services svc]`)
    })

    it('leaves assume-role and credential_process profiles to the SDK, even with keys beside them', () => {
      for (const name of ['role', 'proc']) {
        const p = readAwsProfile(name, env)
        assert.equal(p.needsProvider, true, name)
        assert.equal(p.staticKeys, undefined, name)
      }
    })

    it('says when a profile is nowhere, and takes missing files as empty', () => {
      assert.equal(readAwsProfile('nope', env).found, false)
      assert.equal(readAwsProfile('default', {HOME: path.join(home, 'missing')}).found, false)
    })
  })

  it('reads [__proto__] and constructor as plain names: nothing reaches Object.prototype', () => {
    const ini = parseIni('[__proto__]\npolluted = yes\n[constructor]\nprototype = x\n[default]\n__proto__ = y\n')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(Object.getPrototypeOf({}), Object.prototype)
    assert.equal(ini['__proto__'].polluted, 'yes')
    assert.equal(ini.default['__proto__'], 'y')
  })
})
