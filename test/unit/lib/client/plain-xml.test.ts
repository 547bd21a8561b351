import assert from 'node:assert/strict'
import {readPlainXml} from '../../../../src/lib/client/plain-xml.js'
import {parsePlainXml, parseXml} from '../../../../src/lib/client/xml.js'

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'

const LISTING = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult ${NS}><Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr</NextContinuationToken>
<Contents><Key>a+b%2Fc</Key><LastModified>2026-11-25T18:53:56.817Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
<Size>4096</Size><StorageClass>STANDARD</StorageClass><Owner><ID>tester</ID><DisplayName>Tester &amp; Co</DisplayName></Owner><Type>Normal</Type></Contents>
<Contents><Key>z&#x1F600;&#65;</Key><LastModified>2026-11-25T18:53:57.317Z</LastModified><ETag>&quot;x-2&quot;</ETag><Size>0</Size>
<StorageClass>STANDARD</StorageClass><Owner><ID>tester</ID><DisplayName></DisplayName></Owner></Contents>
<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>q/</Prefix></CommonPrefixes>
</ListBucketResult>
`

// Documents the quick reader must read exactly as xml2js does: S3's and xml2js's corner cases.
const SAME: string[] = [
  LISTING,
  `<ListVersionsResult ${NS}><Version><Key>k</Key></Version><DeleteMarker><Key>k</Key></DeleteMarker><Version><Key>j</Key></Version></ListVersionsResult>`,
  '<A/>',
  `<A ${NS}/>`,
  `<A ${NS}>   </A>`,
  '<A>   </A>',
  '<A>\r\n x \t</A>',
  '<A>text<B>1</B> more <B>2</B><C/></A>',
  '<A>\n  <B>1</B>\n  <B>2</B>\n</A>',
  `<s3:A xmlns:s3="urn:x"><s3:B>b</s3:B><a:b:C>c</a:b:C></s3:A>`,
  `<A xmlns='urn:y' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ><B >x</B ></A  >`,
  '<A><B>&lt;&gt;&amp;&apos;&quot;&#9;&#x0041;&#0066;</B></A>',
  '  \n<A>x</A>\n\n',
  '<?xml version="1.0"?><A><B><C><D>deep</D></C></B></A>',
  '<A><Error><Code>NoSuchKey</Code><Message>The key &lt;x&gt; does not exist</Message></Error></A>',
  '<A>\u00a0</A>',
  '<A>\u00a0<B/></A>',
]

// Documents it leaves to xml2js: not plain, or not well formed (xml2js gives the error).
const NOT_PLAIN: string[] = [
  '',
  '   ',
  '<A><!-- a comment --></A>',
  '<A><![CDATA[x]]></A>',
  '<!DOCTYPE A><A/>',
  '<A><?pi x?></A>',
  '<A id="1">x</A>',
  '<A>x</B>',
  '<A><B></A></B>',
  '<A>',
  '<A></A><B></B>',
  '<A/>junk',
  'junk<A/>',
  '<A>&nbsp;</A>',
  '<A>&AMP;</A>',
  '<A>&#0;</A>',
  '<A>&#x110000;</A>',
  '<A>a & b</A>',
  '<A><__proto__>x</__proto__></A>',
  '<A><constructor>x</constructor></A>',
  '<A><_>x</_></A>',
  '<Ä/>',
  '<A xmlns="a>b"/>',
  '\uFEFF<A/>',
  ' <?xml version="1.0"?><A/>',
]

describe('lib/plain-xml', () => {
  for (const doc of SAME) {
    it(`reads ${JSON.stringify(doc.slice(0, 60))} as parseXml does`, async () => {
      const quick = readPlainXml(doc)
      assert.notEqual(quick, undefined)
      assert.deepEqual(quick, await parseXml(doc))
      assert.equal(JSON.stringify(quick), JSON.stringify(await parseXml(doc))) // the same key order
    })
  }

  for (const doc of NOT_PLAIN) {
    it(`leaves ${JSON.stringify(doc.slice(0, 60))} to xml2js`, () => {
      assert.equal(readPlainXml(doc), undefined)
    })
  }

  it('reads generated documents as parseXml does', async () => {
    let seed = 12
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const texts = ['', ' ', '\n  ', 'x', 'a b', '&amp;', '&quot;q&quot;', 'é&#233;', '\u2028', '0']
    const names = ['A', 'B', 'ns:C', 'Key', 'D.e-f_1']
    const element = (depth: number): string => {
      const name = names[random(names.length)]
      const ns = random(4) === 0 ? ` ${NS}` : ''
      if (depth > 3 || random(5) === 0) return random(2) ? `<${name}${ns}/>` : `<${name}${ns}>${texts[random(texts.length)]}</${name}>`
      let inside = ''
      for (let i = random(5); i > 0; i--) inside += (random(3) === 0 ? texts[random(texts.length)] : '') + element(depth + 1)
      return `<${name}${ns}>${inside}${texts[random(texts.length)]}</${name}>`
    }
    for (let i = 0; i < 300; i++) {
      const doc = element(0)
      const quick = readPlainXml(doc)
      assert.notEqual(quick, undefined, doc)
      assert.equal(JSON.stringify(quick), JSON.stringify(await parseXml(doc)), doc)
    }
  })

  it('parsePlainXml gives xml2js errors for documents that are not well formed', async () => {
    await assert.rejects(parsePlainXml('<A>x</B>'), /invalid XML: Unexpected close tag/)
    await assert.rejects(parsePlainXml('<A/><B/>'), /invalid XML: more than one root element/)
    assert.deepEqual(await parsePlainXml('<A><!-- c --><B>1</B></A>'), {A: {B: '1'}})
  })
})
