import { gzipSync } from 'node:zlib'
import * as zlib from 'node:zlib'
import { dataPadding, encodeHeader, endOfArchive } from '../../src/image/oci/tar.js'
import { readArchiveMember, UNPACKED_LIMIT } from '../../src/publish/baseline-archive.js'

// The baseline read out of a cache archive in memory: one member, by its exact name.

const NAME = 'from-scratch-baseline/default.json'

function member(name: string, body: string, type: 'file' | 'symlink' | 'dir' = 'file'): Buffer[] {
  const bytes = Buffer.from(type === 'file' ? body : '')
  const header = encodeHeader({
    name,
    type,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: bytes.length,
    mtime: 0,
    linkname: type === 'symlink' ? body : ''
  })
  return [header, bytes, dataPadding(bytes.length)]
}

const tar = (...members: Buffer[][]): Buffer => Buffer.concat([...members.flat(), endOfArchive()])

// Node 24 has zstd in zlib; the action runs there, and so do the tests.
const zstd = (data: Buffer): Buffer =>
  (zlib as unknown as { zstdCompressSync: (b: Buffer) => Buffer }).zstdCompressSync(data)

describe('readArchiveMember', () => {
  test.each<[string, () => Buffer, { text: string } | { why: string }]>([
    ['gzip', () => gzipSync(tar(member(NAME, '{"a":1}'))), { text: '{"a":1}' }],
    ['zstd', () => zstd(tar(member(NAME, '{"a":1}'))), { text: '{"a":1}' }],
    [
      'after hostile members, the one named',
      () =>
        zstd(
          tar(
            member(`/${NAME}`, 'absolute'),
            member(`../../${NAME}`, 'up'),
            member(`x/../${NAME}`, 'around'),
            member(`${NAME}/`, '', 'dir'),
            member(NAME, 'the one')
          )
        ),
      { text: 'the one' }
    ],
    ['a ./ name', () => gzipSync(tar(member(`./${NAME}`, 'dotted'))), { text: 'dotted' }],
    [
      'a name longer than 100 bytes (PAX)',
      () => gzipSync(tar(member(`${'d'.repeat(120)}/x.json`, 'long'), member(NAME, 'after'))),
      { text: 'after' }
    ],
    [
      'the report as a symlink',
      () => gzipSync(tar(member(NAME, '/etc/passwd', 'symlink'))),
      { why: 'the cached archive is damaged: the report in it is not a regular file' }
    ],
    [
      'only other members',
      () => gzipSync(tar(member(`/${NAME}`, 'absolute'))),
      { why: 'the cached archive holds no report' }
    ],
    [
      'a member cut short',
      () => gzipSync(Buffer.concat(member(NAME, 'x'.repeat(2000))).subarray(0, 1024)),
      { why: 'the cached archive is damaged: a member runs past its end' }
    ],
    [
      'gzip of text that is no tar',
      () => gzipSync(Buffer.alloc(1024, '<img src=x> @octo')),
      { why: 'the cached archive is damaged: it is not a readable tar archive' }
    ],
    [
      'a gzip bomb',
      () => gzipSync(Buffer.alloc(UNPACKED_LIMIT + 1)),
      { why: 'the cached archive is damaged: it unpacks to more than 33 MB' }
    ],
    [
      'a zstd bomb',
      () => zstd(Buffer.alloc(UNPACKED_LIMIT + 1)),
      { why: 'the cached archive is damaged: it unpacks to more than 33 MB' }
    ],
    [
      'bytes that are no archive',
      () => Buffer.from('<img src=x> @octo-org/admins'),
      { why: 'the cached archive is damaged: it is neither zstd nor gzip' }
    ]
  ])('%s', async (_name, archive, expected) => {
    expect(await readArchiveMember(archive(), NAME)).toEqual(expected)
  })
})
