import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { isWithin, pathInWorkspace } from '../../src/ground/workspace-path.js'
import { freshDir } from '../support/paths.js'

let top: string
let ws: string

beforeAll(async () => {
  top = await freshDir('workspace-path')
  ws = join(top, 'ws')
  await mkdir(join(ws, 'svc', 'api'), { recursive: true })
  await mkdir(join(ws, 'shared'))
  await writeFile(join(ws, 'shared', 'config.yaml'), 'a: 1\n')
  await writeFile(join(top, 'secret'), 'outside\n')
  await symlink('/etc/passwd', join(ws, 'cfg'))
  await symlink('../../secret', join(ws, 'svc', 'rel'))
  await symlink('../../../secret', join(ws, 'svc', 'api', 'up'))
  await symlink(top, join(ws, 'svc', 'dirlink'))
  await symlink('shared/config.yaml', join(ws, 'inside'))
  await symlink('shared', join(ws, 'shared-dir'))
})

afterAll(async () => {
  await rm(top, { recursive: true, force: true })
})

test.each([
  ['/a', '/a', true],
  ['/a', '/a/b', true],
  ['/a', '/ab', false],
  ['/a', '/', false],
  ['/a/b', '/a', false]
])('isWithin(%s, %s) is %s', (root, path, expected) => {
  expect(isWithin(root, path)).toBe(expected)
})

test.each([
  ['a file in the working directory', 'svc/api', 'main.go', 'svc/api/main.go'],
  ['.. that stays inside', 'svc/api', '../../shared/config.yaml', 'shared/config.yaml'],
  ['a link to a file inside', '.', 'inside', 'inside'],
  ['through a linked folder inside', '.', 'shared-dir/config.yaml', 'shared-dir/config.yaml'],
  ['a missing file (its reader says so)', '.', 'nope/x', 'nope/x']
])('allowed: %s', async (_what, base, written, expected) => {
  expect(await pathInWorkspace({ workspace: ws, base, written, what: 'files' })).toBe(
    join(ws, expected)
  )
})

test('an absolute path outside the workspace is the workflow author’s choice', async () => {
  const path = join(top, 'secret')
  expect(await pathInWorkspace({ workspace: ws, base: '.', written: path, what: 'binary' })).toBe(
    path
  )
})

test.each([
  ['a link to an absolute file', '.', 'cfg', /files: `cfg` is a symlink to \/etc\/passwd/],
  ['a relative link out', '.', 'svc/rel', /`svc\/rel` is a symlink to \.\.\/\.\.\/secret/],
  ['a link from the working directory', 'svc/api', 'up', /`svc\/api\/up` is a symlink to/],
  ['a linked folder out', '.', 'svc/dirlink/secret', /`svc\/dirlink` is a symlink to /],
  [
    '.. out of the workspace',
    'svc/api',
    '../../../secret',
    /`\.\.\/\.\.\/\.\.\/secret` leads outside the workspace/
  ]
])('refused: %s', async (_what, base, written, message) => {
  const attempt = pathInWorkspace({ workspace: ws, base, written, what: 'files' })
  await expect(attempt).rejects.toThrow(UserError)
  await expect(pathInWorkspace({ workspace: ws, base, written, what: 'files' })).rejects.toThrow(
    message
  )
})

test('an absolute path into the workspace is checked like a relative one', async () => {
  await expect(
    pathInWorkspace({ workspace: ws, base: '.', written: join(ws, 'cfg'), what: 'files' })
  ).rejects.toThrow(/`cfg` is a symlink to \/etc\/passwd/)
})
