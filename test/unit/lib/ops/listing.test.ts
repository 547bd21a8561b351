import assert from 'node:assert/strict'
import {parseDeleteResult, parseKeysPage, parseUploadsPage, parseVersionsPage} from '../../../../src/lib/ops/listing.js'
import {ObjectVersion, S3Key, S3Owner} from '../../../../src/lib/types.js'

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
const buf = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`)

describe('listing pages', () => {
  it('parses a ListObjectsV2 page: keys as S3Key instances (owner an S3Owner) with numeric sizes, prefixes, token', async () => {
    const page = await parseKeysPage(buf(`<ListBucketResult ${NS}><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
      <Contents><Key>a%20b%2Bc</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass><Owner><ID>o</ID><DisplayName>Owner</DisplayName></Owner></Contents>
      <Contents><Key>x+y</Key><LastModified>t</LastModified><ETag>e</ETag><Size>0</Size></Contents>
      <CommonPrefixes><Prefix>dir%2F</Prefix></CommonPrefixes><CommonPrefixes><Prefix>d%C3%BCr/</Prefix></CommonPrefixes>
      <NextContinuationToken>tok==</NextContinuationToken></ListBucketResult>`))
    assert.deepEqual(page.keys, [
      new S3Key({key: 'a b+c', eTag: '"abc"', lastModified: '2024-01-01T00:00:00.000Z', size: 12, storageClass: 'STANDARD', owner: new S3Owner({id: 'o', displayName: 'Owner'})}),
      new S3Key({key: 'x y', eTag: 'e', lastModified: 't', size: 0, storageClass: 'STANDARD', owner: null}),
    ])
    assert.deepEqual(page.prefixes, ['dir/', 'dür/'])
    assert.equal(page.truncated, true)
    assert.equal(page.nextToken, 'tok==')
  })

  it('leaves keys alone when the server did not say it url-encoded them', async () => {
    const page = await parseKeysPage(buf(`<ListBucketResult ${NS}><IsTruncated>false</IsTruncated><Contents><Key>100%25 a+b</Key><Size>1</Size></Contents></ListBucketResult>`))
    assert.equal(page.keys[0].key, '100%25 a+b')
    assert.equal(page.truncated, false)
    assert.equal(page.nextToken, undefined)
  })

  it('says where a v1 answer goes on: NextMarker, else the last key or prefix', async () => {
    const withMarker = await parseKeysPage(buf(`<ListBucketResult ${NS}><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextMarker>b%20/</NextMarker><Contents><Key>a</Key></Contents></ListBucketResult>`))
    assert.equal(withMarker.nextMarker, 'b /')
    const prefixLast = await parseKeysPage(buf(`<ListBucketResult ${NS}><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents><CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes></ListBucketResult>`))
    assert.equal(prefixLast.nextMarker, 'b/')
    const keyLast = await parseKeysPage(buf(`<ListBucketResult ${NS}><IsTruncated>true</IsTruncated><Contents><Key>c</Key></Contents><CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes></ListBucketResult>`))
    assert.equal(keyLast.nextMarker, 'c')
  })

  it('tells a v1 answer (<Marker>, no <KeyCount>) from a v2 one, whose truncated page must carry a token', async () => {
    const v1 = await parseKeysPage(buf(`<ListBucketResult ${NS}><Marker></Marker><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents></ListBucketResult>`))
    assert.equal(v1.v1, true)
    const v2 = await parseKeysPage(buf(`<ListBucketResult ${NS}><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents><KeyCount>1</KeyCount></ListBucketResult>`))
    assert.equal(v2.v1, false)
    assert.equal(v2.nextToken, undefined)
  })

  it('parses an empty page, and refuses a document of another kind', async () => {
    const page = await parseKeysPage(buf(`<ListBucketResult ${NS}><IsTruncated>false</IsTruncated></ListBucketResult>`))
    assert.deepEqual([page.keys, page.prefixes], [[], []])
    await assert.rejects(parseKeysPage(buf('<Error><Code>X</Code></Error>')), /expected <ListBucketResult>, got <Error>/)
  })

  it('parses versions and delete markers ("null" for unversioned objects) as ObjectVersions, in S3\'s order', async () => {
    const page = await parseVersionsPage(buf(`<ListVersionsResult ${NS}><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
      <NextKeyMarker>k%202</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>
      <Version><Key>k%201</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2024-01-01T00:00:00.000Z</LastModified>
        <ETag>"e1"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass><Owner><ID>o</ID></Owner></Version>
      <Version><Key>k%202</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>2024-01-01T00:00:00.000Z</LastModified>
        <ETag>"e2"</ETag><Size>5</Size></Version>
      <DeleteMarker><Key>k%201</Key><VersionId>m1</VersionId><IsLatest>true</IsLatest><LastModified>2024-01-02T00:00:00.000Z</LastModified></DeleteMarker>
      </ListVersionsResult>`))
    const common = {owner: null, eTag: '', size: 0, storageClass: 'STANDARD'}
    assert.deepEqual(page.entries, [
      new ObjectVersion({...common, key: 'k 1', versionId: 'm1', deleteMarker: true, isLatest: true, lastModified: '2024-01-02T00:00:00.000Z', storageClass: ''}),
      new ObjectVersion({...common, key: 'k 1', versionId: 'v1', deleteMarker: false, isLatest: false, lastModified: '2024-01-01T00:00:00.000Z', eTag: '"e1"', size: 3, owner: new S3Owner({id: 'o', displayName: ''})}),
      new ObjectVersion({...common, key: 'k 2', versionId: 'null', deleteMarker: false, isLatest: true, lastModified: '2024-01-01T00:00:00.000Z', eTag: '"e2"', size: 5}),
    ])
    assert.ok(page.entries[0] instanceof S3Key, 'a version is an S3Key too')
    assert.equal(page.truncated, true)
    assert.equal(page.nextKeyMarker, 'k 2')
    assert.equal(page.nextVersionIdMarker, 'null')
  })

  it('parses multipart uploads and DeleteObjects errors', async () => {
    const uploads = await parseUploadsPage(buf(`<ListMultipartUploadsResult ${NS}><IsTruncated>false</IsTruncated><Upload><Key>big file</Key><UploadId>2~x</UploadId></Upload></ListMultipartUploadsResult>`))
    assert.deepEqual(uploads.uploads, [{key: 'big file', uploadId: '2~x', initiated: ''}])
    assert.deepEqual(await parseDeleteResult(Buffer.alloc(0)), [])
    assert.deepEqual(await parseDeleteResult(buf(`<DeleteResult ${NS}><Error><Key>a</Key><VersionId>v</VersionId><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>`)),
      [{key: 'a', versionId: 'v', code: 'AccessDenied', message: 'no'}])
    assert.deepEqual(await parseDeleteResult(buf(`<DeleteResult ${NS}></DeleteResult>`)), [])
  })
})
