import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import {
  findModuleRoot,
  mainPackagesBelow,
  packageClause,
  resolveGoTarget
} from '../../src/compile/go-discover.js'
import { freshDir } from '../support/paths.js'

test.each([
  ['package main\n', 'main'],
  ['// Copyright\n\n//go:build linux\n\npackage server // import "x"\n', 'server'],
  ['/* package fake */\npackage real\n', 'real'],
  ['// package main\npackage lib\n', 'lib'],
  ['func main() {}\n', null]
])('package clause of %j is %s', (source, name) => {
  expect(packageClause(source)).toBe(name)
})

async function tree(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await freshDir('discover')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), text)
  }
  return root
}

test('main packages below a folder: tests, testdata, vendor, hidden folders and nested modules left out', async () => {
  const root = await tree({
    'go.mod': 'module x\n',
    'cmd/api/main.go': 'package main\n',
    'cmd/api/main_test.go': 'package main\n',
    'cmd/tool/internal/gen/main.go': 'package main\n',
    'pkg/lib/lib.go': 'package lib\n',
    'pkg/lib/lib_test.go': 'package main\n',
    'testdata/demo/main.go': 'package main\n',
    'vendor/a/main.go': 'package main\n',
    '.git/x/main.go': 'package main\n',
    'tools/go.mod': 'module tools\n',
    'tools/main.go': 'package main\n'
  })
  expect(await mainPackagesBelow(root)).toEqual(['./cmd/api', './cmd/tool/internal/gen'])
  expect(await findModuleRoot(join(root, 'cmd', 'api'))).toBe(root)
})

test.each([
  [{ 'main.go': 'package main\n' }, '.', { goPackage: '.', discovered: null }],
  [{ 'cmd/s/main.go': 'package main\n' }, '.', { goPackage: './cmd/s', discovered: './cmd/s' }],
  [{ 'cmd/s/main.go': 'package main\n' }, './cmd/s', { goPackage: './cmd/s', discovered: null }],
  [
    { 'lib.go': 'package lib\n' },
    'example.com/x/cmd/y',
    { goPackage: 'example.com/x/cmd/y', discovered: null }
  ]
])('%j with package %s → %j', async (files, goPackage, target) => {
  expect(await resolveGoTarget(await tree(files), goPackage, '.')).toEqual(target)
})

test.each([
  [
    { 'cmd/a/main.go': 'package main\n', 'cmd/b/main.go': 'package main\n' },
    '.',
    '`.` has no Go files. Main packages here: ./cmd/a, ./cmd/b; set `package: ./cmd/a` to build one.'
  ],
  [{ 'lib.go': 'package lib\n' }, '.', '`.` is package lib, a library, not a program'],
  [
    { 'pkg/lib.go': 'package lib\n', 'pkg/cmd/x/main.go': 'package main\n' },
    './pkg',
    'Main packages here: ./pkg/cmd/x; set `package: ./pkg/cmd/x`'
  ]
])('%j with package %s is refused: %s', async (files, goPackage, message) => {
  await expect(resolveGoTarget(await tree(files), goPackage, '.')).rejects.toThrow(message)
})

test('a FIFO or /dev/zero named like a Go file neither hangs discovery nor fills memory', async () => {
  // Repository content is untrusted: readFile would block on the FIFO forever
  // and read /dev/zero until memory ran out.
  const root = await tree({ 'go.mod': 'module x\n', 'cmd/api/main.go': 'package main\n' })
  await mkdir(join(root, 'cmd', 'fifo'), { recursive: true })
  execFileSync('mkfifo', [join(root, 'cmd', 'fifo', 'main.go')])
  await mkdir(join(root, 'cmd', 'zero'), { recursive: true })
  await symlink('/dev/zero', join(root, 'cmd', 'zero', 'main.go'))
  expect(await mainPackagesBelow(root)).toEqual(['./cmd/api'])
})
