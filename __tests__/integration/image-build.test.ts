import { copyFile, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { systemExec, type Exec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import { describeReasons, parseInclude } from '../../src/image/include.js'
import type { ImageResult } from '../../src/image/types.js'
import {
  buildGo,
  execWithEnv,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName,
  recording
} from '../support/docker.js'
import { inspectImage as inspectOne, integrationFixture, SLOW } from '../support/fixture.js'
import { engines, type Engine } from '../support/engines.js'
import { mustRun } from '../support/run.js'

// Needs each of the three files `include: auto` should add; exits 1 naming
// what is missing, so the smoke run proves the files are really there.
const NEEDS_GO = `package main

import (
	"crypto/x509"
	"fmt"
	"os"
	"os/user"
	"time"
)

func main() {
	failed := false
	pool, err := x509.SystemCertPool()
	//lint:ignore SA1019 on Linux the system pool is a plain pool, Subjects counts it
	if err != nil || len(pool.Subjects()) == 0 {
		fmt.Println("certs: none:", err)
		failed = true
	} else {
		fmt.Println("certs: ok")
	}
	if loc, err := time.LoadLocation("Europe/Berlin"); err != nil {
		fmt.Println("tz:", err)
		failed = true
	} else {
		fmt.Println("tz:", loc)
	}
	if u, err := user.LookupId("65532"); err != nil {
		fmt.Println("user:", err)
		failed = true
	} else {
		fmt.Println("user:", u.Username)
	}
	if failed {
		os.Exit(1)
	}
}
`

const HELLO_C =
  '#include <stdio.h>\nint main(int argc, char **argv) { printf("hello from scratch, %d args\\n", argc - 1); return 0; }\n'

const fixture = integrationFixture({
  name: 'image-build',
  helloC: HELLO_C,
  go: { needs: NEEDS_GO }
})

function remember(result: ImageResult): ImageResult {
  fixture.removeAfter(...result.tags, result.imageId)
  return result
}

/** The engine's own name for the image: the manifest digest with the containerd store. */
function localId(result: ImageResult): string {
  return result.localId ?? result.imageId
}

function inspectImage(
  result: ImageResult,
  engine: Engine
): Promise<{
  Size: number
  RootFS: { Layers: string[] }
  Config: {
    User: string
    Entrypoint: string[]
    Cmd: string[] | null
    Labels: Record<string, string> | null
    ExposedPorts?: Record<string, unknown>
  }
}> {
  return inspectOne(localId(result), engine)
}

describe.each(engines)('$name', (engine) => {
  test(
    'hello (musl, static): one layer, /hello 0555, nonroot, labels, and it runs',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const log = memoryLog()
      const image = `from-scratch-test/${engine.store}-${uniqueName('hello')}`
      const result = remember(
        await buildImage(
          imageSettings({
            image,
            include: parseInclude('none'),
            smokeTest: ['a', 'b'],
            entrypointArgs: []
          }),
          inspection,
          gitContext({ ref: 'refs/heads/Feature/X' }),
          engine.exec,
          log
        )
      )
      expect(result.tags).toEqual([`${image}:feature-x`, `${image}:sha-0123456`])
      expect(result.extras).toEqual([])
      expect(result.digest).toBeNull()
      expect(result.pushed).toBe(false)
      expect(result.smokeOutput).toContain('hello from scratch, 2 args')
      expect(result.files).toEqual([{ path: '/hello', size: inspection.size }])
      const info = await inspectImage(result, engine)
      // The containerd store's .Size counts compressed content; the classic store's, file bytes.
      if (engine.store === 'classic') expect(info.Size).toBe(result.size)
      expect(result.size).toBe(inspection.size)
      expect(info.RootFS.Layers).toHaveLength(1)
      expect(info.Config.User).toBe('65532:65532')
      expect(info.Config.Entrypoint).toEqual(['/hello'])
      expect(info.Config.Labels).toMatchObject({
        'org.opencontainers.image.source': 'https://github.com/acme/from-scratch-test',
        'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
        'org.opencontainers.image.version': 'feature-x',
        'org.opencontainers.image.created': '2023-11-14T22:13:20.000Z',
        'org.opencontainers.image.title': 'from-scratch-test'
      })
      const dir = await fixture.folder('save')
      const save = await mustRun(
        'docker',
        ['save', localId(result), '-o', join(dir, 'hello.tar')],
        {
          env: engine.env
        }
      )
      expect(save.exitCode).toBe(0)
      await mustRun('tar', ['-xf', join(dir, 'hello.tar'), '-C', dir])
      const manifest = JSON.parse(
        (await mustRun('tar', ['-xOf', join(dir, 'hello.tar'), 'manifest.json'])).stdout
      ) as { Layers: string[] }[]
      const listing = await mustRun('tar', [
        '-tvf',
        join(dir, manifest[0].Layers[0]),
        '--full-time'
      ])
      // BuildKit 0.8 names the owner root/root; 0.13 writes the ids alone.
      expect(listing.stdout).toMatch(
        /^-r-xr-xr-x (root\/root|0\/0)\s+\d+ 2023-11-14 22:13:20 hello$/m
      )
    },
    SLOW
  )

  test(
    'the same binary from another path, with another mtime, gives the same layers',
    async () => {
      const copy = join(await fixture.folder('copy'), 'hello')
      await copyFile(fixture.hello, copy)
      await utimes(copy, 1, 1)
      const build = async (binary: string): Promise<string[]> => {
        const { inspection } = await inspectionFor(binary)
        const image = `from-scratch-test/${engine.store}-${uniqueName('repro')}`
        const result = remember(
          await buildImage(
            imageSettings({ image, include: parseInclude('tmp,passwd') }),
            inspection,
            gitContext(),
            engine.exec,
            memoryLog()
          )
        )
        return (await inspectImage(result, engine)).RootFS.Layers
      }
      const first = await build(fixture.hello)
      const second = await build(copy)
      expect(first).toHaveLength(3)
      expect(second).toEqual(first)
    },
    SLOW
  )

  test(
    'include auto: ca-certificates, tzdata and passwd, exactly, and the program finds them',
    async () => {
      const { inspection } = await inspectionFor(fixture.goProgram('needs'))
      const image = `from-scratch-test/${engine.store}-${uniqueName('needs')}`
      const log = memoryLog()
      const result = remember(
        await buildImage(
          imageSettings({ image, include: parseInclude('auto'), smokeTest: [] }),
          inspection,
          gitContext(),
          engine.exec,
          log
        )
      )
      // The verify stage's own findings drive auto; nothing is constructed by hand.
      expect(inspection.findings.map((f) => f.id).sort()).toEqual([
        'ca-certificates',
        'tzdata',
        'user-lookup'
      ])
      expect(result.extras.map((e) => [e.kind, describeReasons(e.reasons)])).toEqual([
        ['ca-certificates', 'finding ca-certificates'],
        ['tzdata', 'finding tzdata'],
        ['passwd', 'finding user-lookup']
      ])
      for (const extra of result.extras) expect(extra.bytes).toBeGreaterThan(0)
      expect(result.smokeOutput).toMatch(/certs: ok\ntz: Europe\/Berlin\nuser: nonroot/)
      const layers = (await inspectImage(result, engine)).RootFS.Layers
      expect(layers).toHaveLength(4)
      const extrasBytes = result.extras.reduce((sum, e) => sum + e.bytes, 0)
      // What docker counts beyond file contents (tar headers are not counted): nothing much.
      expect(result.size - inspection.size - extrasBytes).toBeLessThan(4096)
    },
    SLOW
  )

  test(
    'a zone list keeps tzdata small; include none makes the same program fail its smoke run, with its output',
    async () => {
      const { inspection } = await inspectionFor(fixture.goProgram('needs'))
      const image = `from-scratch-test/${engine.store}-${uniqueName('zones')}`
      const result = remember(
        await buildImage(
          imageSettings({
            image,
            include: parseInclude('ca-certificates,passwd,tzdata:Europe/Berlin'),
            smokeTest: []
          }),
          inspection,
          gitContext(),
          engine.exec,
          memoryLog()
        )
      )
      const tz = result.extras.find((e) => e.kind === 'tzdata')
      expect(tz?.paths).toEqual(['/usr/share/zoneinfo/Europe/Berlin'])
      expect(tz?.bytes).toBeLessThan(10_000)

      const bare = `from-scratch-test/${engine.store}-${uniqueName('bare')}`
      fixture.removeAfter(`${bare}:main`, `${bare}:sha-0123456`)
      const failing = buildImage(
        imageSettings({ image: bare, include: [{ kind: 'none' }], smokeTest: [] }),
        inspection,
        gitContext(),
        engine.exec,
        memoryLog()
      )
      await expect(failing).rejects.toBeInstanceOf(UserError)
      const error = (await failing.catch((e: unknown) => e)) as UserError
      expect(error.message).toMatch(/Smoke test failed.*exited with 1/)
      expect(error.details.join('\n')).toMatch(/unknown time zone Europe\/Berlin/)
    },
    SLOW
  )
})

test(
  'a binary for another architecture fails the smoke run with exec format error',
  async () => {
    const arm = await buildGo(join(fixture.dir, 'needs-src'), join(fixture.dir, 'arm'), {
      GOARCH: 'arm64'
    })
    const { inspection } = await inspectionFor(arm)
    const image = `from-scratch-test/${uniqueName('arm')}`
    const failing = buildImage(
      imageSettings({ image, include: [{ kind: 'none' }], smokeTest: [] }),
      { ...inspection, findings: [] },
      gitContext(),
      systemExec,
      memoryLog()
    )
    const error = (await failing.catch((e: unknown) => e)) as UserError
    fixture.removeAfter(`${image}:main`, `${image}:sha-0123456`)
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(/exec format error|not a linux\/amd64 executable/)
  },
  SLOW
)

test.each<[string, Partial<Parameters<typeof imageSettings>[0]>, RegExp]>([
  ['a tag with a newline', { tags: ['1.0\nRUN echo pwned'] }, /control character/],
  ['an arg with a newline', { entrypointArgs: ['ok', 'x\ny'] }, /line break/],
  ['a label with a newline', { labels: { a: 'b\nc' } }, /control character/],
  ['a label key with a space', { labels: { 'a b': 'c' } }, /not a label key/],
  ['a non-numeric user', { user: 'nonroot' }, /numeric uid/],
  ['a bad file dest', { files: [{ src: 'x', dest: 'etc/x' }] }, /not usable as a path/],
  ['an uppercase image name', { image: 'Acme/App' }, /lowercase/]
])('%s is rejected before docker runs', async (_, over, why) => {
  const { inspection } = await inspectionFor(fixture.hello)
  const calls: string[][] = []
  const attempt = buildImage(
    imageSettings({ image: 'from-scratch-test/never', ...over }),
    inspection,
    gitContext(),
    recording(calls),
    memoryLog()
  )
  const error = (await attempt.catch((e: unknown) => e)) as UserError
  expect(error).toBeInstanceOf(UserError)
  expect(error.message).toMatch(why)
  expect(calls).toEqual([])
})

test.each<[string, () => Promise<Exec>, RegExp, RegExp]>([
  [
    'no docker CLI',
    async () => execWithEnv({ PATH: '/nonexistent' }),
    /docker CLI is not installed/,
    /setup-docker-action/
  ],
  [
    'no daemon',
    async () => execWithEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    /daemon is not reachable/,
    /setup-docker-action/
  ],
  [
    'no buildx plugin',
    async () => execWithEnv({ DOCKER_CONFIG: await fixture.folder('no-plugins') }),
    /buildx plugin is missing/,
    /setup-buildx-action/
  ]
])('%s: a UserError that says what to add', async (_, makeExec, message, hint) => {
  const { inspection } = await inspectionFor(fixture.hello)
  const attempt = buildImage(
    imageSettings({ image: 'from-scratch-test/never' }),
    inspection,
    gitContext(),
    await makeExec(),
    memoryLog()
  )
  const error = (await attempt.catch((e: unknown) => e)) as UserError
  expect(error).toBeInstanceOf(UserError)
  expect(error.message).toMatch(message)
  expect(error.details.join('\n')).toMatch(hint)
})
