import { createHash, randomBytes, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants, createGzip } from 'node:zlib'
import { UserError } from '../../errors.js'
import { headerFor, type LayerItem } from './entries.js'
import { dataPadding, encodeHeader, endOfArchive } from './tar.js'

/** zlib's default level: what BuildKit uses for a push and what the report's estimate assumes. */
export const DEFAULT_GZIP_LEVEL = constants.Z_DEFAULT_COMPRESSION

/** Byte 9 of a gzip header names the OS; zlib writes the one it was built for (3 Unix, 19 macOS). */
const GZIP_OS_OFFSET = 9
const GZIP_OS_UNIX = 3

export interface LayerBlob {
  /** `sha256:` of the uncompressed tar. */
  readonly diffId: string
  /** `sha256:` of the gzip blob. */
  readonly digest: string
  /** Bytes of the gzip blob. */
  readonly size: number
  /** Bytes of the tar. */
  readonly uncompressedSize: number
}

/** Passes bytes through while hashing and counting them. */
class Tap extends Transform {
  readonly hash: Hash = createHash('sha256')
  bytes = 0

  constructor(private readonly pinGzipOs = false) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let out = chunk
    if (
      this.pinGzipOs &&
      this.bytes <= GZIP_OS_OFFSET &&
      this.bytes + chunk.length > GZIP_OS_OFFSET
    ) {
      // So a layer gzipped on macOS is the same blob as one gzipped on Linux.
      out = Buffer.from(chunk)
      out[GZIP_OS_OFFSET - this.bytes] = GZIP_OS_UNIX
    }
    this.hash.update(out)
    this.bytes += out.length
    done(null, out)
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`
  }
}

/** The tar of a layer, chunk by chunk; each file is read once, straight from where it lies. */
async function* tarChunks(items: readonly LayerItem[], epoch: number): AsyncGenerator<Buffer> {
  for (const item of items) {
    yield encodeHeader(headerFor(item, epoch))
    if (item.type === 'data') {
      yield item.data
      yield dataPadding(item.data.length)
    } else if (item.type === 'file') {
      let read = 0
      for await (const chunk of createReadStream(item.src, { highWaterMark: 1 << 20 })) {
        const bytes = chunk as Buffer
        read += bytes.length
        // The header already promised `size` bytes; a file that grew would corrupt the tar.
        if (read > item.size) break
        yield bytes
      }
      if (read !== item.size) {
        throw new UserError(`${item.src} changed size while the image was written.`, [
          `It had ${item.size} bytes when listed and ${read} when read; build again once nothing writes to it.`
        ])
      }
      yield dataPadding(item.size)
    }
  }
  yield endOfArchive()
}

/**
 * Writes one layer as a gzip blob into `blobsDir` (named by its digest) and
 * returns its DiffID, digest and sizes, all computed on the way through.
 */
export async function writeLayer(
  items: readonly LayerItem[],
  epoch: number,
  blobsDir: string,
  level: number = DEFAULT_GZIP_LEVEL
): Promise<LayerBlob> {
  const temporary = join(blobsDir, `.layer-${randomBytes(6).toString('hex')}`)
  const tar = new Tap()
  const gzip = new Tap(true)
  try {
    await pipeline(
      Readable.from(tarChunks(items, epoch), { objectMode: false }),
      tar,
      createGzip({ level }),
      gzip,
      createWriteStream(temporary)
    )
    const digest = gzip.digest()
    await rename(temporary, join(blobsDir, digest.slice('sha256:'.length)))
    return { diffId: tar.digest(), digest, size: gzip.bytes, uncompressedSize: tar.bytes }
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
