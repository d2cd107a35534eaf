import { runAction } from '../support/action-run.js'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { integrationFixture, runImage } from '../support/fixture.js'
import { engines } from '../support/engines.js'
import { repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// The committed dist/index.js, run as the runner runs it, on the bundled examples.

const fixture = integrationFixture({ name: 'action' })

describe.each(engines)('$name', (engine) => {
  test.each([
    ['hello-go', 'go1.', 'hello from scratch (go)'],
    ['hello-c', '', 'hello from scratch (c)']
  ])(
    'examples/%s: compiled, verified static, imaged, smoke-tested',
    async (example, goVersion, line) => {
      const image = `from-scratch-test/action-${example}`
      const run = await runAction(
        { 'working-directory': `examples/${example}`, image, 'smoke-test': 'true' },
        engine.env
      )
      fixture.removeAfter(...run.outputs.tags.split('\n'))
      expect(run.errors).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(run.outputs.linkage).toBe('static')
      expect(Number(run.outputs['binary-size'])).toBeGreaterThan(1000)
      // Go binaries report their toolchain; C binaries leave the output empty.
      if (goVersion === '') expect(run.outputs['go-version']).toBe('')
      else expect(run.outputs['go-version']).toMatch(/^go1\.\d+/)
      expect(run.outputs.image).toBe(image)
      // On refs/heads/main with no tags given: the branch name and sha-<7>.
      expect(run.outputs.tags.split('\n')).toEqual([
        `${image}:main`,
        expect.stringMatching(new RegExp(`^${image}:sha-[0-9a-f]{7}$`))
      ])
      expect(run.outputs.imageid).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(run.outputs.digest).toBe('')
      expect(Number(run.outputs['image-size'])).toBeGreaterThanOrEqual(
        Number(run.outputs['binary-size'])
      )
      expect(run.stdout).toContain(line)
      expect((await runImage(`${image}:main`, [], engine)).trim()).toBe(line)
      // imageid is the config digest, whichever store holds the image: the classic store's own ID.
      if (engine.store === 'classic') {
        const id = await mustRun('docker', [
          'image',
          'inspect',
          '--format',
          '{{.Id}}',
          `${image}:main`
        ])
        expect(id.stdout.trim()).toBe(run.outputs.imageid)
      }
    }
  )
})

test('a dynamic binary fails the job, naming the interpreter, the libraries and the fix', async () => {
  const dir = await fixture.folder('dynamic')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  await mustRun('gcc', ['-o', join(dir, 'app'), join(dir, 'main.c')])
  const run = await runAction({ binary: join(dir, 'app') })
  expect(run.exitCode).toBe(1)
  expect(run.outputs.linkage).toBe('dynamic')
  expect(run.errors).toHaveLength(1)
  const [error] = run.errors
  expect(error).toContain('will not run in a FROM scratch image')
  expect(error).toContain('/lib64/ld-linux-x86-64.so.2')
  expect(error).toContain('libc.so.6')
  expect(error).toMatch(/fix: .*static/)
  expect(error).not.toMatch(/\n\s+at /) // no stack trace
  expect(run.outputs.image).toBeUndefined() // no image was built
})

test('a shell script passed as the binary is named as what it is', async () => {
  const dir = await fixture.folder('script')
  await writeFile(join(dir, 'app'), '#!/bin/sh\necho hi\n', { mode: 0o755 })
  const run = await runAction({ binary: join(dir, 'app') })
  expect(run.exitCode).toBe(1)
  expect(run.outputs.linkage).toBe('not-elf')
  expect(run.errors.join('\n')).toMatch(/#!\/bin\/sh/)
})

test('a wrong input value fails before anything is built', async () => {
  const run = await runAction({ 'working-directory': 'examples/hello-go', cgo: 'maybe' })
  expect(run.exitCode).toBe(1)
  expect(run.errors).toEqual(['Input `cgo` is "maybe", but it must be `true` or `false`.'])
  expect(run.outputs).toEqual({})
})

test('a Go compile error is annotated at its file and line', async () => {
  // Inside the workspace, so the annotation can name the file.
  await mkdir(join(repoRoot, '.cache'), { recursive: true })
  const dir = await mkdtemp(join(repoRoot, '.cache', 'broken-'))
  await writeFile(join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.21\n')
  await writeFile(join(dir, 'main.go'), 'package main\n\nfunc main() {\n\tundefinedThing()\n}\n')
  const run = await runAction(
    { 'working-directory': dir },
    { GOTOOLCHAIN: 'local', GOPROXY: 'off' }
  )
  expect(run.exitCode).toBe(1)
  const file = relative(repoRoot, join(dir, 'main.go'))
  expect(run.stdout).toMatch(
    new RegExp(
      `::error .*file=${file.replace(/[.]/g, '\\.')},line=4.*::.*undefined: undefinedThing`
    )
  )
  await rm(dir, { recursive: true, force: true })
})
