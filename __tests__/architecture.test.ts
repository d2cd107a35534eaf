import {
  SRC_DIR,
  importViolations,
  importsOf,
  packagesReachedFrom,
  readSourceTree,
  zoneOf
} from './support/import-rules.js'
import { codeTokens, platformSpellings, readSources } from './support/platform-spelling.js'

describe('the import rules of src/', () => {
  test('hold over the real tree', () => {
    const tree = readSourceTree(SRC_DIR)
    expect(tree.length).toBeGreaterThan(50)
    expect(importViolations(tree)).toEqual([])
  })

  test.each([
    ['image/oci/tar.ts', '../../report/measure-tar.js', 'image/ may not import report/'],
    ['ground/log.ts', '../compile/types.js', 'ground/ may not import compile/'],
    ['elf/inspect.ts', '../image/types.js', 'elf/ may not import image/'],
    ['compile/run.ts', '../publish/outputs.js', 'compile/ may not import publish/'],
    ['image/build.ts', '../main.js', 'image/ may not import a face'],
    [
      'report/compose.ts',
      '../compile/run.js',
      'report/ may import only compile/types.ts of compile/'
    ],
    [
      'report/measure.ts',
      '../image/context.js',
      'report/ may import only image/types.ts of image/'
    ],
    ['publish/outputs.ts', '../image/types.js', 'publish/ may not import image/'],
    ['publish/comment.ts', '../compile/types.js', 'publish/ may not import compile/'],
    ['report/baseline.ts', '@actions/cache', 'report/ may not use runner services'],
    ['elf/reader.ts', '../../bench/elf.js', 'leaves src/']
  ])('%s importing %s is refused: %s', (path, spec, why) => {
    expect(importViolations([{ path, imports: [spec] }])).toEqual([`${path} → ${spec}: ${why}`])
  })

  test.each([
    ['report/compose.ts', '../compile/types.js'],
    ['report/measure.ts', '../image/types.js'],
    ['image/prepare.ts', '../elf/types.js'],
    ['publish/comment.ts', '@actions/github'],
    ['main.ts', './publish/comment.js'],
    ['ground/exec.ts', 'node:child_process']
  ])('%s may import %s', (path, spec) => {
    expect(importViolations([{ path, imports: [spec] }])).toEqual([])
  })

  test('import lines are read in every form the tree uses', () => {
    const source = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      "export type { C } from './c.js'",
      'import {',
      '  d,',
      '  e',
      "} from './de.js'",
      "const lazy = await import('./lazy.js')"
    ].join('\n')
    expect(importsOf(source)).toEqual(['./a.js', '../b.js', './c.js', './de.js', './lazy.js'])
    expect(importsOf(source, true)).toEqual(['./a.js', './de.js', './lazy.js'])
  })

  test('top-level files are faces, folders are their zone', () => {
    expect(zoneOf('main.ts')).toBe('face')
    expect(zoneOf('pipeline.ts')).toBe('face')
    expect(zoneOf('image/oci/tar.ts')).toBe('image')
    expect(zoneOf('ground/exec.ts')).toBe('ground')
  })

  test('the terminal loads no runner services: `inspect` and `build` start without them', () => {
    // Each @actions/* package drags in its HTTP and Azure clients: hundreds of KB to parse on every run.
    const reached = packagesReachedFrom('cli-entry.ts', readSourceTree(SRC_DIR))
    const runner = [...reached].filter(([name]) => name.startsWith('@actions/'))
    expect(runner.map(([name, chain]) => `${name} via ${chain.join(' → ')}`)).toEqual([])
  })

  test('what an entry point reaches is followed through every relative import', () => {
    const files = [
      { path: 'cli.ts', imports: ['./publish/file.js', 'node:fs'] },
      { path: 'publish/file.ts', imports: ['../ground/log.js'] },
      { path: 'ground/log.ts', imports: ['@actions/core'] }
    ]
    expect([...packagesReachedFrom('cli.ts', files)]).toEqual([
      ['@actions/core', ['cli.ts', 'publish/file.ts', 'ground/log.ts']]
    ])
  })
})

describe('one platform value', () => {
  test('only ground/platform.ts spells amd64, x86-64, x86_64, arm64, aarch64 or their EM_ constants in code', () => {
    const sources = readSources(SRC_DIR)
    expect(sources.some((file) => file.path === 'ground/platform.ts')).toBe(true)
    expect(platformSpellings(sources)).toEqual([])
  })

  test.each([
    [
      'image/buildx.ts',
      "argv.push('--platform', 'linux/amd64')",
      ["image/buildx.ts:1: 'linux/amd64'"]
    ],
    ['compile/go.ts', "const env = { GOARCH: 'amd64' }", ["compile/go.ts:1: 'amd64'"]],
    ['elf/inspect.ts', 'if (machine !== EM_X86_64) return', ['elf/inspect.ts:1: EM_X86_64']],
    [
      'compile/c.ts',
      'const cc = `${cpu}-linux-musl-gcc` || `x86_64-${os}`',
      ['compile/c.ts:1: `x86_64-${']
    ],
    ['elf/describe.ts', "const name = 'an x86-64 ELF'", ["elf/describe.ts:1: 'an x86-64 ELF'"]],
    ['ground/platform.ts', "export const LINUX_AMD64 = { architecture: 'amd64' }", []],
    ['image/smoke.ts', '// not a linux/amd64 executable\n/** x86-64 */ const a = 1', []]
  ])('%s with %s: %j', (path, source, expected) => {
    expect(platformSpellings([{ path, source }])).toEqual(expected)
  })

  test('tokens are read without comments, template pieces included', () => {
    const texts = codeTokens('/* a */ const x = `p${y}q` // b').map((t) => t.text)
    expect(texts).toEqual(['const', 'x', '=', '`p${', 'y', '}q`', ''])
  })
})
