import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { depthOf, globToRegExp, listFiles, matchFiles } from '../../src/compile/glob.js'
import { freshDir } from '../support/paths.js'

describe('globToRegExp', () => {
  test.each([
    ['*.c', 'hello.c', true],
    ['*.c', 'src/hello.c', false],
    ['*.c', 'hello.h', false],
    ['*.c', 'hello.cc', false],
    ['./*.c', 'hello.c', true],
    ['src/*.c', 'src/a.c', true],
    ['src/*.c', 'src/x/a.c', false],
    ['**/*.c', 'a.c', true],
    ['**/*.c', 'src/x/a.c', true],
    ['src/**/*.c', 'src/a.c', true],
    ['src/**/*.c', 'src/x/y/a.c', true],
    ['src/**/*.c', 'lib/a.c', false],
    ['src/**', 'src/x/a.c', true],
    ['a?.c', 'ab.c', true],
    ['a?.c', 'a/.c', false],
    ['[ab].c', 'a.c', true],
    ['[ab].c', 'c.c', false],
    ['[!ab].c', 'c.c', true],
    ['[!ab].c', 'a.c', false],
    ['[a-c]x.c', 'bx.c', true],
    ['a+b(1).c', 'a+b(1).c', true],
    ['a.c', 'abc', false],
    ['[.c', '[.c', true]
  ])('%s vs %s → %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches)
  })
})

describe('matchFiles', () => {
  const files = ['main.c', 'util.c', 'util.h', 'src/b.c', 'src/a.c', 'test/t.c', 'README.md']
  test.each([
    [['*.c'], ['main.c', 'util.c']],
    [['**/*.c'], ['main.c', 'src/a.c', 'src/b.c', 'test/t.c', 'util.c']],
    [
      ['**/*.c', '!test/**'],
      ['main.c', 'src/a.c', 'src/b.c', 'util.c']
    ],
    [
      ['main.c', 'src/*.c'],
      ['main.c', 'src/a.c', 'src/b.c']
    ],
    [['*.go'], []]
  ])('%j → %j', (patterns, matched) => {
    expect(matchFiles(patterns, files)).toEqual(matched)
  })
})

describe('depthOf', () => {
  test.each([
    [['*.c'], 1],
    [['./*.c'], 1],
    [['src/*.c', '*.c'], 2],
    [['src/**/*.c'], Infinity],
    [['!**/x.c', 'a/b/c.c'], 3]
  ])('%j → %s', (patterns, depth) => {
    expect(depthOf(patterns)).toBe(depth)
  })
})

describe('listFiles', () => {
  test('walks as deep as asked, skipping hidden folders and node_modules', async () => {
    const root = await freshDir('glob')
    for (const path of [
      'a.c',
      'src/b.c',
      'src/deep/c.c',
      '.git/x.c',
      'node_modules/m/y.c',
      '.hidden.c'
    ]) {
      await mkdir(join(root, path, '..'), { recursive: true })
      await writeFile(join(root, path), '')
    }
    expect((await listFiles(root, 1)).sort()).toEqual(['.hidden.c', 'a.c'])
    expect((await listFiles(root, Infinity)).sort()).toEqual([
      '.hidden.c',
      'a.c',
      'src/b.c',
      'src/deep/c.c'
    ])
  })
})
