import { createHash, randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { constants, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib'
import fc from 'fast-check'
import {
  CRC_TABLE,
  chunkBounds,
  crc32,
  crc32Table,
  gzipHeader,
  gzipTrailer,
  pgzip,
  PGZIP_CHUNK
} from '../../../src/image/oci/pgzip.js'
import { freshDir } from '../../support/paths.js'
import { mustRun } from '../../support/run.js'

async function gzipAll(
  pieces: readonly Buffer[],
  options: { level?: number; chunkSize?: number; inFlight?: number } = {}
): Promise<Buffer> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* pieces
  }
  const out: Buffer[] = []
  for await (const part of pgzip(source(), { level: 6, ...options })) out.push(part)
  return Buffer.concat(out)
}

/** Something that compresses like a binary: repeats at many distances, some noise. */
function binaryLike(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = i > 40_000 && x % 3 === 0 ? out[i - 1 - (x % 40_000)] : (x >>> 24) & 0x3f
  }
  return out
}

describe.each([
  ['crc32Table', crc32Table],
  ['crc32 (zlib where node has it)', crc32]
])('%s', (_name, crc32) => {
  test.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['abc', 0x352441c2],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
    ['message digest', 0x20159d7f]
  ])('crc32(%j) = %s', (text, expected) => {
    expect(crc32(Buffer.from(text))).toBe(expected)
  })

  test('the table is the reflected 0xEDB88320 one', () => {
    expect(CRC_TABLE).toHaveLength(256)
    expect([CRC_TABLE[0], CRC_TABLE[1], CRC_TABLE[128], CRC_TABLE[255]]).toEqual([
      0x00000000, 0x77073096, 0xedb88320, 0x2d02ef8d
    ])
  })

  test('continues across splits at every offset, through the 8-byte fast path', () => {
    const bytes = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz!')
    const whole = crc32(bytes)
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut)))).toBe(whole)
    }
  })

  test('agrees with the trailer zlib writes (1 MiB of noise, and odd lengths)', () => {
    for (const length of [1 << 20, 1, 7, 9, 1001]) {
      const bytes = randomBytes(length)
      const gz = gzipSync(bytes)
      expect(crc32(bytes)).toBe(gz.readUInt32LE(gz.length - 8))
    }
  })
})

test('property: the table CRC and the exported one agree on any bytes and any split', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), (bytes, at) => {
      const cut = bytes.length === 0 ? 0 : at % bytes.length
      const split = crc32Table(bytes.subarray(cut), crc32Table(bytes.subarray(0, cut)))
      expect(split).toBe(crc32(bytes))
    })
  )
})

describe('framing', () => {
  test('the header is fixed: no name, mtime 0, XFL as zlib sets it, OS Unix', () => {
    expect([...gzipHeader(6)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
    expect([...gzipHeader(constants.Z_DEFAULT_COMPRESSION)]).toEqual([...gzipHeader(6)])
    expect(gzipHeader(9)[8]).toBe(2)
    expect(gzipHeader(1)[8]).toBe(4)
  })

  test('the trailer is CRC then length mod 2^32, little-endian', () => {
    expect([...gzipTrailer(0xcbf43926, 2 ** 32 + 5)]).toEqual([0x26, 0x39, 0xf4, 0xcb, 5, 0, 0, 0])
  })

  test.each([
    [0, 4, [[0, 0]]],
    [3, 4, [[0, 3]]],
    [4, 4, [[0, 4]]],
    [
      5,
      4,
      [
        [0, 4],
        [4, 5]
      ]
    ],
    [
      8,
      4,
      [
        [0, 4],
        [4, 8]
      ]
    ],
    [
      9,
      4,
      [
        [0, 4],
        [4, 8],
        [8, 9]
      ]
    ]
  ])('chunkBounds(%i, %i): every chunk full but the last', (length, size, expected) => {
    expect(chunkBounds(length, size)).toEqual(expected)
  })
})

/** The gzip blob pgzip must make, built chunk by chunk with zlib's own deflateRawSync. */
function blobByHand(input: Buffer, chunkSize: number): Buffer {
  const bounds = chunkBounds(input.length, chunkSize)
  const deflated = bounds.map(([start, end], index) =>
    deflateRawSync(input.subarray(start, end), {
      level: 6,
      finishFlush: index === bounds.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      ...(start > 0 ? { dictionary: input.subarray(start - 32 * 1024, start) } : {})
    })
  )
  return Buffer.concat([gzipHeader(6), ...deflated, gzipTrailer(crc32(input), input.length)])
}

describe('pgzip', () => {
  test('one member that gunzip reads back, within 1% of plain level 6', async () => {
    const input = binaryLike(3 * PGZIP_CHUNK + 12_345)
    const gz = await gzipAll([input])
    expect(gunzipSync(gz).equals(input)).toBe(true)
    const plain = gzipSync(input, { level: 6 })
    expect(gz.length / plain.length).toBeLessThan(1.01)
  })

  test('the same bytes whatever the input pieces and however many run at once', async () => {
    const input = binaryLike(5 * PGZIP_CHUNK + 7)
    const reference = await gzipAll([input])
    const pieces = [input.subarray(0, 1), input.subarray(1, 200_000), input.subarray(200_000)]
    expect((await gzipAll(pieces, { inFlight: 1 })).equals(reference)).toBe(true)
    expect((await gzipAll(pieces, { inFlight: 16 })).equals(reference)).toBe(true)
  })

  test('the blob is: header, each chunkBounds chunk deflated with the last 32 KiB before it, trailer', async () => {
    const chunkSize = 40 * 1024
    const input = binaryLike(4 * chunkSize + 5, 3)
    const expected = blobByHand(input, chunkSize)
    expect((await gzipAll([input], { chunkSize })).equals(expected)).toBe(true)
  })

  test('repeated chunks (a binary padded with zeros) give the bytes of deflating each one', async () => {
    const chunkSize = 40 * 1024
    // Noise, then zeros over many chunks, then noise again: the runs of equal chunks with equal
    // dictionaries are deflated once and reused, and must come out as if each were deflated.
    // The first run starts on a chunk boundary, so its first zero chunk follows a noise
    // dictionary and the second a zero one: equal chunks, different dictionaries.
    const input = Buffer.concat([
      binaryLike(chunkSize, 5),
      Buffer.alloc(6 * chunkSize + 17),
      binaryLike(chunkSize + 999, 6),
      Buffer.alloc(3 * chunkSize)
    ])
    const expected = blobByHand(input, chunkSize)
    for (const inFlight of [1, 4]) {
      const gz = await gzipAll([input], { chunkSize, inFlight })
      expect(gz.equals(expected)).toBe(true)
      expect(gunzipSync(gz).equals(input)).toBe(true)
    }
  })

  test('an empty input is a valid empty gzip', async () => {
    const gz = await gzipAll([])
    expect(gunzipSync(gz)).toHaveLength(0)
  })

  test('GNU gzip -t accepts it and gunzip gives the input back', async () => {
    const dir = await freshDir('pgzip')
    try {
      const input = binaryLike(2 * PGZIP_CHUNK + 99, 7)
      const path = join(dir, 'x.gz')
      await writeFile(path, await gzipAll([input]))
      await mustRun('gzip', ['-t', path])
      const back = await mustRun('sh', ['-c', 'gunzip -c "$1" | sha256sum', 'sh', path])
      expect(back.stdout.split(' ')[0]).toBe(createHash('sha256').update(input).digest('hex'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a failing source fails the stream', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(3 * PGZIP_CHUNK)
      throw new Error('read failed')
    }
    const drain = async (): Promise<void> => {
      for await (const part of pgzip(broken(), { level: 6, chunkSize: 32 * 1024 })) void part
    }
    await expect(drain()).rejects.toThrow('read failed')
  })

  test('chunks smaller than the window are refused', async () => {
    const drain = async (): Promise<void> => {
      for await (const part of pgzip([Buffer.from('x')], { level: 6, chunkSize: 1024 })) void part
    }
    await expect(drain()).rejects.toThrow(RangeError)
  })

  test('property: random inputs and splits round-trip, and two runs give the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 40_000 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 6 }),
        async (parts, repeat, inFlight) => {
          // Repeating the parts gives matches that cross chunk boundaries.
          const pieces = Array.from({ length: repeat + 1 }, () =>
            parts.map((part) => Buffer.from(part))
          ).flat()
          const input = Buffer.concat(pieces)
          const first = await gzipAll(pieces, { chunkSize: 32 * 1024, inFlight })
          const second = await gzipAll([input], { chunkSize: 32 * 1024 })
          expect(gunzipSync(first).equals(input)).toBe(true)
          expect(second.equals(first)).toBe(true)
        }
      ),
      { numRuns: 60 }
    )
  })
})
