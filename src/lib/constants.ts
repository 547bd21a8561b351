/**
 * The numbers of the S3 protocol and the sizes the library counts in: one home for each, so a
 * limit is changed in one place. Defaults of the connection's options live in options.ts.
 */

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

/** The namespace of every S3 XML document. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

/** A multipart upload has at most this many parts... */
export const MAX_PARTS = 10_000
/** ...each (but the last) at least this big... */
export const MIN_PART_SIZE = 5 * MiB
/** ...and at most this big. */
export const MAX_PART_SIZE = 5 * GiB
/** The largest body of one PutObject, and the largest source of one CopyObject. */
export const MAX_SINGLE_REQUEST_OBJECT = 5 * GiB

/** Bodies up to this size are hashed into the signature; larger ones rely on Content-MD5 (and stream from files). */
export const SIGNED_PAYLOAD_LIMIT = MiB

/** The most files a batch keeps in flight (`--files`); the connection's socket cap follows it. */
export const MAX_FILES_IN_FLIGHT = 256

/** Keys per DeleteObjects request. */
export const DELETE_BATCH = 1000
