import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli } from '../src/cli.js'
import { removeImages } from './support/docker.js'
import { capturedWorld } from './support/cli-world.js'
import { freshDir, repoRoot } from './support/paths.js'
import { mustRun } from './support/run.js'

// `from-scratch build --json` when the build stops: stdout is one JSON object
// with the error (stage, message, exit code) and whatever was done before it.

interface FailureOut {
  readonly schema: number
  readonly error: {
    readonly stage: string
    readonly message: string
    readonly details: string[]
    readonly exitCode: number
    readonly userFixable: boolean
  }
  readonly binary: {
    readonly linkage: string
    readonly path: string
    readonly sizes?: { readonly sections: readonly unknown[] } | null
  } | null
  readonly image: { readonly name: string } | null
  readonly build: { readonly language: string } | null
}

async function build(args: readonly string[], cwd = repoRoot) {
  const { world, out, err } = capturedWorld(cwd)
  const code = await cli(['build', ...args, '--json'], world)
  // One object, and nothing else, on stdout.
  expect(out).toHaveLength(1)
  return { code, json: JSON.parse(out[0] ?? '') as FailureOut, err: err.join('\n') }
}

const image = 'from-scratch-test/cli-failure'
afterAll(async () => {
  await removeImages([`${image}:latest`])
})

test('a failing smoke test: stage image, exit 2, and the binary verdict that came before', async () => {
  const dir = await freshDir('cli-smoke')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 3; }\n')
  const { code, json, err } = await build([dir, '--image', image, '--smoke-test', 'x'])
  expect(code).toBe(2)
  expect(json.schema).toBe(1)
  expect(json.error).toMatchObject({ stage: 'image', exitCode: 2, userFixable: true })
  expect(json.error.message).toContain('Smoke test failed')
  expect(json.binary?.linkage).toMatch(/^static/)
  // Where the bytes are is read beside the image stage; a failure there still reports it.
  expect(json.binary?.sizes?.sections.length).toBeGreaterThan(3)
  expect(json.build?.language).toBe('c')
  expect(json.image).toBeNull()
  expect(err).toContain('from-scratch: Smoke test failed')
})

test('a dynamic binary: stage verify, exit 1, its linkage and the fix', async () => {
  const dir = await freshDir('cli-dynamic')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  await mustRun('gcc', ['-o', join(dir, 'app'), join(dir, 'main.c')])
  const { code, json } = await build([dir, '--binary', join(dir, 'app')])
  expect(code).toBe(1)
  expect(json.error).toMatchObject({ stage: 'verify', exitCode: 1, userFixable: true })
  expect(json.error.message).toContain('will not run in a FROM scratch image')
  expect(json.error.details.join('\n')).toMatch(/fix: .*static/)
  expect(json.binary).toMatchObject({ linkage: 'dynamic', path: join(dir, 'app') })
  expect(json.image).toBeNull()
})

test('a compile error: stage compile, exit 2, nothing built', async () => {
  const dir = await freshDir('cli-broken')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return undefined_thing; }\n')
  const { code, json } = await build([dir])
  expect(code).toBe(2)
  expect(json.error).toMatchObject({ stage: 'compile', exitCode: 2, userFixable: true })
  expect(json.error.message).not.toBe('')
  expect(json.binary).toBeNull()
  expect(json.build).toBeNull()
})

test('a bad flag value: stage inputs, exit 2', async () => {
  const { code, json } = await build(['examples/hello-c', '--cgo', 'maybe'])
  expect(code).toBe(2)
  expect(json.error).toMatchObject({ stage: 'inputs', exitCode: 2, userFixable: true })
  expect(json.error.message).toContain('--cgo is "maybe"')
})
