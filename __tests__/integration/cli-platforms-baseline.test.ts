import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from '../support/cli-world.js'
import { removeImages, uniqueName } from '../support/docker.js'
import { SLOW } from '../support/fixture.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { parseBaseline, platformOf, type Report } from '../../src/report/schema.js'

// The file baseline of a two-platform build, end to end from a terminal:
// compared with a real baseline file saved before platforms existed (amd64
// compared, arm64 said to have none), then saved and read back with both
// platforms, each compared with its own.

const images: string[] = []
afterAll(async () => {
  await removeImages(images)
})

const OLD_BASELINE = join(
  repoRoot,
  '__tests__',
  'fixtures',
  'baselines',
  'hello-go-amd64-before-platforms.json'
)

test(
  'build --platforms linux/amd64,linux/arm64 against an old baseline, then against its own saved one',
  async () => {
    const work = await freshDir('cli-platforms-baseline')
    const project = join(work, 'hello-go')
    await cp(join(repoRoot, 'examples', 'hello-go'), project, { recursive: true })
    const old = join(work, 'old.json')
    await cp(OLD_BASELINE, old)
    const saved = join(work, 'two.json')
    const markdown = join(work, 'comment.md')
    const image = uniqueName('from-scratch-test/cli-platforms-baseline')
    images.push(`${image}:latest`)
    const common = [
      'build',
      '.',
      '--platforms',
      'linux/amd64,linux/arm64',
      '--builder',
      'oci',
      '--image',
      image,
      '--no-cache',
      '--smoke-test=--version'
    ]

    const first = await runCli(
      [...common, '--baseline', old, '--save-baseline', saved, '--markdown', markdown, '--json'],
      project
    )
    expect(first.err).not.toContain('unexpected error')
    expect(first.code).toBe(0)
    const report = JSON.parse(first.out) as Report
    expect(report.platform).toBe('linux/amd64')
    expect(report.baseline?.sha).toBe('3f9c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e')
    expect(report.others?.map((o) => [o.platform, o.baseline])).toEqual([['linux/arm64', null]])
    expect(report.image?.smoke).toEqual({ ran: true, how: 'native' })
    const armSmoke = report.others?.[0]?.image?.smoke
    expect(armSmoke).toMatchObject({ ran: expect.any(Boolean) })
    // The summary: each platform under its name; arm64 has no baseline of its own.
    expect(first.err).toMatch(/^ {2}linux\/amd64 {2}image +[\d.]+ MB/m)
    expect(first.err).toMatch(/^ {2}linux\/arm64 {2}image +[\d.]+ MB/m)
    expect(first.err).toMatch(/^ {15}baseline +none for this platform$/m)
    const comment = await readFile(markdown, 'utf8')
    expect(comment).toContain(
      `**Smoke test:** linux/amd64 passed (native) · linux/arm64 ${armSmoke?.ran === true ? 'passed under' : 'not run: '}`
    )
    expect(comment).toMatch(
      /^No baseline for linux\/arm64: the baseline .*3f9c2e1 has no linux\/arm64 build, so it is not compared/m
    )

    // What was saved carries both platforms, and reads back as a baseline.
    const parsed = parseBaseline(await readFile(saved, 'utf8'))
    expect(parsed.reason).toBeNull()
    expect(
      [parsed.report, ...(parsed.report?.others ?? [])].map((r) => r && platformOf(r))
    ).toEqual(['linux/amd64', 'linux/arm64'])

    const second = await runCli([...common, '--baseline', saved, '--json'], project)
    expect(second.code).toBe(0)
    const again = JSON.parse(second.out) as Report
    // The same source, built again: each platform against its own, unchanged.
    for (const part of [again, ...(again.others ?? [])]) {
      expect(part.baseline).not.toBeNull()
      expect(part.image?.size).toBe(part.baseline?.imageSize)
      expect(part.binary.size).toBe(part.baseline?.binarySize)
    }
    expect(again.others?.[0]?.baseline?.binarySize).not.toBe(again.baseline?.binarySize)
  },
  SLOW
)
