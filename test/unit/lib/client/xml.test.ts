import assert from 'node:assert/strict'
import {escapeXmlText, parseXml, toXml, type XmlObject} from '../../../../src/lib/client/xml.js'

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'

// Documents shaped like S3's own responses, including its whitespace and namespaces.
const S3_DOCUMENTS: Record<string, string> = {
  CORSConfiguration: `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration ${NS}>
  <CORSRule>
    <ID>rule-1</ID>
    <AllowedOrigin>https://example.com</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
  </CORSRule>
</CORSConfiguration>`,
  Tagging: `<Tagging ${NS}><TagSet>
  <Tag><Key>project</Key><Value>s3 &amp; friends</Value></Tag>
  <Tag><Key>empty</Key><Value></Value></Tag>
  <Tag><Key>owner</Key><Value>Zoë</Value></Tag>
</TagSet></Tagging>`,
  LifecycleConfiguration: `<LifecycleConfiguration ${NS}>
  <Rule>
    <ID>expire-logs</ID>
    <Filter><Prefix>logs/</Prefix></Filter>
    <Status>Enabled</Status>
    <Expiration><Days>30</Days></Expiration>
  </Rule>
  <Rule>
    <ID>everything</ID>
    <Filter><Prefix></Prefix></Filter>
    <Status>Disabled</Status>
    <Expiration><Days>365</Days></Expiration>
    <NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays></NoncurrentVersionExpiration>
  </Rule>
</LifecycleConfiguration>`,
  VersioningConfiguration: `<VersioningConfiguration ${NS}><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`,
  EmptyVersioningConfiguration: `<VersioningConfiguration ${NS}/>`,
  AccessControlPolicy: `<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy ${NS}>
  <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>owner</DisplayName></Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
        <DisplayName>owner</DisplayName>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>`,
  WebsiteConfiguration: `<WebsiteConfiguration ${NS}>
  <IndexDocument><Suffix>index.html</Suffix></IndexDocument>
  <ErrorDocument><Key>error.html</Key></ErrorDocument>
</WebsiteConfiguration>`,
  ListBucketResult: `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult ${NS}>
  <Name>bucket</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>
  <Contents>
    <Key>a &lt;b&gt; &amp; c.txt</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size>
    <Owner><ID>abc</ID><DisplayName>owner</DisplayName></Owner><StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>dir/файл 1.txt</Key><LastModified>2024-01-02T03:04:06.000Z</LastModified>
    <ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass>
  </Contents>
</ListBucketResult>`,
}

describe('xml', () => {
  describe('toXml', () => {
    it("writes the seed's own example: single-key objects in a list are siblings", () => {
      const obj = {'a xmlns="foo"': [{b1: {c1: 1}}, {b2: {c2: 2}}]}
      assert.equal(toXml(obj), '<a xmlns="foo"><b1><c1>1</c1></b1><b2><c2>2</c2></b2></a>')
    })

    it('uses the whole key as the opening tag and its first word as the closing tag', () => {
      const obj = {[`CreateBucketConfiguration ${NS}`]: {LocationConstraint: 'eu-west-1'}}
      assert.equal(
        toXml(obj),
        `<CreateBucketConfiguration ${NS}><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`,
      )
    })

    it('adds the declaration only when asked', () => {
      assert.equal(toXml({a: 'x'}, {declaration: true}), '<?xml version="1.0" encoding="UTF-8"?><a>x</a>')
      assert.equal(toXml({a: 'x'}, {declaration: false}), '<a>x</a>')
    })

    it('writes an array of scalars or multi-key objects as repeated elements', () => {
      assert.equal(
        toXml({CORSRule: {AllowedMethod: ['GET', 'PUT']}}),
        '<CORSRule><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod></CORSRule>',
      )
      assert.equal(
        toXml({TagSet: {Tag: [{Key: 'a', Value: '1'}, {Key: 'b', Value: '2'}]}}),
        '<TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></TagSet>',
      )
    })

    it('writes repeated single-child elements when given as siblings (the documented ambiguity)', () => {
      // As a list under CommonPrefixes they are siblings inside one element...
      assert.equal(
        toXml({R: {CommonPrefixes: [{Prefix: 'a/'}, {Prefix: 'b/'}]}}),
        '<R><CommonPrefixes><Prefix>a/</Prefix><Prefix>b/</Prefix></CommonPrefixes></R>',
      )
      // ...so repeated elements are written as siblings in their parent.
      assert.equal(
        toXml({R: [{Name: 'b'}, {CommonPrefixes: {Prefix: 'a/'}}, {CommonPrefixes: {Prefix: 'b/'}}]}),
        '<R><Name>b</Name><CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes></R>',
      )
    })

    it('writes numbers and booleans with String()', () => {
      assert.equal(
        toXml({a: {n: 30, f: 1.5, z: 0, t: true, no: false}}),
        '<a><n>30</n><f>1.5</f><z>0</z><t>true</t><no>false</no></a>',
      )
    })

    it('writes null, undefined, empty string and an empty array as an empty element', () => {
      assert.equal(
        toXml({a: {n: null, u: undefined, e: '', l: [], o: {}}}),
        '<a><n></n><u></u><e></e><l></l><o></o></a>',
      )
    })

    it('escapes text and attribute values', () => {
      const s = `a<b&c>"d'`
      assert.equal(toXml({a: s}), `<a>a&lt;b&amp;c&gt;"d'</a>`)
      assert.equal(toXml({a: {$: {v: s}, b: 'x'}}), `<a v="a&lt;b&amp;c&gt;&quot;d'"><b>x</b></a>`)
      assert.equal(escapeXmlText(s), `a&lt;b&amp;c&gt;"d'`)
      // A raw CR would become LF in any XML parser; in attributes tabs and newlines would become spaces.
      assert.equal(escapeXmlText('x\r\ny'), 'x&#13;\ny')
      assert.equal(toXml({a: {$: {v: 'x\ty\n'}}}), '<a v="x&#9;y&#10;"></a>')
    })

    it('refuses characters XML 1.0 cannot hold', () => {
      assert.throws(() => toXml({Key: 'a\u0000b'}), /U\+0000/)
      assert.throws(() => escapeXmlText('\u001b'), /U\+001B/)
      assert.throws(() => escapeXmlText('\uD800'), /U\+D800/)
      assert.equal(escapeXmlText('😀'), '😀')
    })

    it('writes $ as attributes and declares xsi when an xsi: attribute needs it', () => {
      assert.equal(
        toXml({Grantee: {$: {'xsi:type': 'CanonicalUser'}, ID: 'x'}}),
        '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>x</ID></Grantee>',
      )
      const declared = {$: {'xmlns:xsi': 'urn:x', 'xsi:type': 'Group'}, URI: 'u'}
      assert.equal(toXml({Grantee: declared}), '<Grantee xmlns:xsi="urn:x" xsi:type="Group"><URI>u</URI></Grantee>')
      assert.equal(toXml({a: {$: {id: 7}, _: 'text'}}), '<a id="7">text</a>')
    })

    it('rejects a top level without exactly one root, and broken names', () => {
      assert.throws(() => toXml({}), /exactly one key/)
      assert.throws(() => toXml({a: 1, b: 2}), /exactly one key/)
      assert.throws(() => toXml({a: {'<b>': 1}}), /invalid XML tag/)
      assert.throws(() => toXml({a: {$: {'x y': 1}}}), /invalid XML attribute name/)
    })
  })

  describe('parseXml', () => {
    it('keeps the root, drops namespaces and declarations, keeps text as-is', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint ${NS}>eu-west-1</LocationConstraint>`
      assert.deepEqual(await parseXml(xml), {LocationConstraint: 'eu-west-1'})
      assert.deepEqual(await parseXml(`<LocationConstraint ${NS}/>`), {LocationConstraint: ''})
      assert.deepEqual(await parseXml('<s:a xmlns:s="urn:s"><s:b> 007 </s:b></s:a>'), {a: {b: ' 007 '}})
    })

    it('returns arrays only for repeated elements, in document order', async () => {
      const xml = '<r><one>1</one><many>a</many><x/><many>b</many><many>c</many></r>'
      assert.deepEqual(await parseXml(xml), {r: {one: '1', many: ['a', 'b', 'c'], x: ''}})
    })

    it('keeps non-namespace attributes under $', async () => {
      const grant = (await parseXml(S3_DOCUMENTS.AccessControlPolicy)).AccessControlPolicy as XmlObject
      const grants = (grant.AccessControlList as XmlObject).Grant as XmlObject[]
      assert.deepEqual(grants[1], {
        Grantee: {$: {'xsi:type': 'Group'}, URI: 'http://acs.amazonaws.com/groups/global/AllUsers'},
        Permission: 'READ',
      })
    })

    it('decodes entities, CDATA and unicode', async () => {
      const xml = `<a><t>a&lt;b&amp;c&gt;&quot;d&apos;</t><c><![CDATA[x<y]]></c><u>Zoë 日本 😀</u><n>&#233;&#x1F600;</n></a>`
      assert.deepEqual(await parseXml(xml), {a: {t: `a<b&c>"d'`, c: 'x<y', u: 'Zoë 日本 😀', n: 'é😀'}})
    })

    it('rejects malformed XML with a one-line message saying where', async () => {
      const cases: [string, RegExp][] = [
        ['<a>\n  <b>1</a>', /^invalid XML: Unexpected close tag at line 2, column \d+$/],
        ['<a>', /^invalid XML: Unclosed root tag at line 1/],
        ['', /^invalid XML: empty document$/],
        ['not xml', /^invalid XML: Non-whitespace before first tag at line 1/],
        ['<a/>junk', /^invalid XML: Text data outside of root node/],
        ['<a/><b/>', /^invalid XML: more than one root element at line 1/],
        ['<a><b></c></a>', /^invalid XML: Unexpected close tag at line 1, column 10$/],
        ['<a x=1/>', /^invalid XML: Unquoted attribute value at line 1, column 6$/],
      ]
      for (const [xml, expected] of cases) {
        await assert.rejects(parseXml(xml), (e: Error) => {
          assert.match(e.message, expected)
          assert.doesNotMatch(e.message, /\n/)
          return true
        })
      }
    })

    it('never expands entities (billion laughs, external entities)', async () => {
      const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>`
      await assert.rejects(parseXml(laughs), /^Error: invalid XML: Invalid character entity at line 4/)
      const xxe = '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>'
      await assert.rejects(parseXml(xxe), /invalid XML: Invalid character entity/)
    })
  })

  describe('round trip', () => {
    for (const [name, xml] of Object.entries(S3_DOCUMENTS)) {
      it(`parseXml(toXml(parseXml(x))) equals parseXml(x) for ${name}`, async () => {
        const parsed = await parseXml(xml)
        assert.deepEqual(await parseXml(toXml(parsed)), parsed)
        assert.deepEqual(await parseXml(toXml(parsed, {declaration: true})), parsed)
      })
    }

    it('keeps the shapes S3 code relies on', async () => {
      const cors = (await parseXml(S3_DOCUMENTS.CORSConfiguration)).CORSConfiguration as XmlObject
      const rules = cors.CORSRule as XmlObject[]
      assert.deepEqual(rules[0].AllowedMethod, ['GET', 'PUT', 'POST'])
      assert.deepEqual(rules[1], {AllowedOrigin: '*', AllowedMethod: 'GET'})

      const lifecycle = await parseXml(S3_DOCUMENTS.LifecycleConfiguration)
      const rule = ((lifecycle.LifecycleConfiguration as XmlObject).Rule as XmlObject[])[0]
      assert.deepEqual(rule, {ID: 'expire-logs', Filter: {Prefix: 'logs/'}, Status: 'Enabled', Expiration: {Days: '30'}})

      const list = (await parseXml(S3_DOCUMENTS.ListBucketResult)).ListBucketResult as XmlObject
      const contents = list.Contents as XmlObject[]
      assert.equal(contents[0].Key, 'a <b> & c.txt')
      assert.equal(contents[0].ETag, '"d41d8cd98f00b204e9800998ecf8427e"')
      assert.equal(contents[1].Key, 'dir/файл 1.txt')
      assert.equal(list.Prefix, '')
      assert.equal(list.IsTruncated, 'false')

      const versioning = await parseXml(S3_DOCUMENTS.EmptyVersioningConfiguration)
      assert.deepEqual(versioning, {VersioningConfiguration: ''})
    })

    it('round-trips the ACL a caller builds, with the xsi declaration added', async () => {
      const acl = {
        [`AccessControlPolicy ${NS}`]: {
          Owner: {ID: 'id1'},
          AccessControlList: {
            Grant: [
              {Grantee: {$: {'xsi:type': 'CanonicalUser'}, ID: 'id1'}, Permission: 'FULL_CONTROL'},
              {Grantee: {$: {'xsi:type': 'Group'}, URI: 'http://acs.amazonaws.com/groups/global/AllUsers'}, Permission: 'READ'},
            ],
          },
        },
      }
      const xml = toXml(acl)
      assert.equal((xml.match(/xmlns:xsi=/g) ?? []).length, 2)
      const parsed = await parseXml(xml)
      assert.deepEqual(parsed, {AccessControlPolicy: acl[`AccessControlPolicy ${NS}`]})
      assert.equal(toXml(parsed), xml.replace(` ${NS}`, ''))
    })
  })
})
