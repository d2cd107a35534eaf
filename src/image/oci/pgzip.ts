// Deterministic parallel gzip, after pigz: the input is cut into fixed-size
// chunks, each chunk is deflated on its own (zlib's async calls run on libuv's
// thread pool, so several chunks compress at once), primed with the previous
// chunk's last 32 KiB so matches still reach back a full window, and ended
// with a sync flush so the raw deflate streams join on a byte boundary. The
// chunk boundaries depend only on byte offsets and each chunk's output only
// on its bytes, its dictionary and the level, so the blob is the same bytes
// whatever order the threads finish in.
import * as zlib from 'node:zlib'

/** Bytes per chunk: pigz's default; big enough that the per-chunk flush costs well under 1%. */
export const PGZIP_CHUNK = 128 * 1024
/** Deflate's window: the most a match can reach back, so the most of a dictionary that helps. */
const DICTIONARY = 32 * 1024
/** libuv's default thread pool has 4 threads; more in flight only holds memory. */
export const PGZIP_IN_FLIGHT = 4

export interface PgzipOptions {
  /** zlib level, -1 (zlib's default, 6) to 9. */
  readonly level: number
  /** Bytes per chunk; at least the 32 KiB window so a dictionary always lies in one chunk. */
  readonly chunkSize?: number
  /** Chunks being compressed at once; bounds memory to about this many chunks. */
  readonly inFlight?: number
}

// ---- CRC-32 (IEEE 802.3, reflected, as gzip's trailer wants) -----------------------------
// zlib.crc32 arrived in node 22.2 and 20.15; earlier node 20 releases lack it,
// so a table-driven CRC stands in there. Slicing-by-8 reads 8 bytes a step,
// several times faster in JS than the byte-at-a-time loop; the native one is
// faster still (about 2 ms against 9 ms for 5 MB here), and this CRC runs on
// the main thread while the chunks deflate.

const CRC_TABLES: readonly Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256))
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    tables[0][n] = c >>> 0
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) {
      const prev = tables[t - 1][n]
      tables[t][n] = (tables[0][prev & 0xff] ^ (prev >>> 8)) >>> 0
    }
  }
  return tables
})()

/** The byte-at-a-time table, exported so tests can pin it against the polynomial. */
export const CRC_TABLE: Uint32Array = CRC_TABLES[0]

/** CRC-32 of `bytes`, continuing from `crc` (the CRC of everything before them; 0 to start). */
export function crc32Table(bytes: Uint8Array, crc = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES
  let c = ~crc >>> 0
  let i = 0
  const fast = bytes.length - (bytes.length % 8)
  while (i < fast) {
    const a =
      (c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) >>> 0
    c =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[bytes[i + 4]] ^
      t2[bytes[i + 5]] ^
      t1[bytes[i + 6]] ^
      t0[bytes[i + 7]]
    i += 8
  }
  while (i < bytes.length) c = t0[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

// Typed as maybe missing: @types/node declares it, node 20 before 20.15 does not have it.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32

/** CRC-32 of `bytes`, continuing from `crc`: zlib's where node has it, else the table one. */
export const crc32: (bytes: Uint8Array, crc?: number) => number =
  typeof nativeCrc32 === 'function' ? (bytes, crc = 0) => nativeCrc32(bytes, crc) : crc32Table

// ---- gzip framing ------------------------------------------------------------------------

/**
 * RFC 1952 header: no name, mtime 0, OS 3 (Unix) wherever it runs, so a blob
 * written on macOS is the blob written on Linux. XFL as zlib sets it.
 */
export function gzipHeader(level: number): Buffer {
  const xfl = level === 9 ? 2 : level >= 0 && level < 2 ? 4 : 0
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3])
}

/** CRC-32 and the input's length mod 2^32, little-endian. */
export function gzipTrailer(crc: number, length: number): Buffer {
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(length % 2 ** 32, 4)
  return trailer
}

function deflateChunk(
  chunk: Buffer,
  dictionary: Buffer | null,
  level: number,
  last: boolean
): Promise<Buffer> {
  const options: zlib.ZlibOptions = {
    level,
    // Not last: sync flush ends on a byte boundary without the final-block bit, so the next
    // chunk's stream can follow it. Last: finish sets that bit.
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    // Room for the whole result at once (deflate grows incompressible input by a few bytes
    // per 16 KiB): with zlib's default 16 KiB each chunk makes several round trips between
    // the thread pool and the main thread, and each waits its turn on a busy machine.
    chunkSize: chunk.length + (chunk.length >>> 6) + 1024,
    ...(dictionary ? { dictionary } : {})
  }
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(chunk, options, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b)
}

/** Pieces of input, taken out again in exact-size chunks without copying when one piece covers a chunk. */
class ChunkQueue {
  private pieces: Buffer[] = []
  length = 0

  push(piece: Buffer): void {
    if (piece.length === 0) return
    this.pieces.push(piece)
    this.length += piece.length
  }

  take(size: number): Buffer {
    const first = this.pieces[0]
    if (first && first.length >= size) {
      this.length -= size
      if (first.length === size) this.pieces.shift()
      else this.pieces[0] = first.subarray(size)
      return first.subarray(0, size)
    }
    const out = Buffer.allocUnsafe(Math.min(size, this.length))
    let filled = 0
    while (filled < out.length) {
      const piece = this.pieces[0]
      const n = Math.min(piece.length, out.length - filled)
      piece.copy(out, filled, 0, n)
      filled += n
      if (n === piece.length) this.pieces.shift()
      else this.pieces[0] = piece.subarray(n)
    }
    this.length -= filled
    return out
  }
}

/**
 * Where the chunks of an `length`-byte input start and end: the pure rule the
 * compressor follows (every chunk full but the last; an empty input is one
 * empty chunk, so the stream still gets its final block).
 */
export function chunkBounds(length: number, chunkSize = PGZIP_CHUNK): [number, number][] {
  const bounds: [number, number][] = []
  for (let start = 0; start + chunkSize < length; start += chunkSize) {
    bounds.push([start, start + chunkSize])
  }
  const start = bounds.length * chunkSize
  bounds.push([start, length])
  return bounds
}

/**
 * Gzips a byte stream as one gzip member, several chunks at a time, reading
 * the input once. Equal input and options give equal output bytes.
 */
export async function* pgzip(
  source: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  options: PgzipOptions
): AsyncGenerator<Buffer> {
  const chunkSize = options.chunkSize ?? PGZIP_CHUNK
  const inFlight = Math.max(1, options.inFlight ?? PGZIP_IN_FLIGHT)
  if (chunkSize < DICTIONARY)
    throw new RangeError(`pgzip chunks must be at least ${DICTIONARY} bytes`)
  const queue = new ChunkQueue()
  const running: Promise<Buffer>[] = []
  let dictionary: Buffer | null = null
  let crc = 0
  let length = 0

  let previous: { chunk: Buffer; dictionary: Buffer | null; deflated: Promise<Buffer> } | null =
    null

  const submit = (chunk: Buffer, last: boolean): void => {
    crc = crc32(chunk, crc)
    length += chunk.length
    // A chunk equal to the one before, after an equal dictionary, deflates to the same bytes:
    // a binary padded with zeros (or any run of a repeated chunk) costs one deflate, not one
    // per 128 KiB. Comparing costs a memcmp; the output is the same bytes either way.
    const deflated =
      !last &&
      previous !== null &&
      sameBytes(previous.chunk, chunk) &&
      sameBytes(previous.dictionary, dictionary)
        ? previous.deflated
        : deflateChunk(chunk, dictionary, options.level, last)
    // Marked handled now: a chunk may fail while the consumer holds us at a `yield`, and an
    // unhandled rejection would end the process; awaiting it below still throws.
    deflated.catch(() => undefined)
    running.push(deflated)
    previous = { chunk, dictionary, deflated }
    // A copy, so the dictionary does not keep a whole (1 MiB) read buffer alive.
    dictionary =
      chunk.length > 0 ? Buffer.from(chunk.subarray(Math.max(0, chunk.length - DICTIONARY))) : null
  }

  yield gzipHeader(options.level)
  for await (const piece of source) {
    queue.push(
      Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length)
    )
    // Strictly more than a chunk: a chunk is sent as not-last only once a byte after it is known.
    while (queue.length > chunkSize) {
      submit(queue.take(chunkSize), false)
      // In order, and no more than `inFlight` at once, so memory stays bounded.
      if (running.length >= inFlight) yield await (running.shift() as Promise<Buffer>)
    }
  }
  submit(queue.take(queue.length), true)
  while (running.length > 0) yield await (running.shift() as Promise<Buffer>)
  yield gzipTrailer(crc, length)
}
