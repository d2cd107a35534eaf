import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from '../support/cli-world.js'
import { parseBaseline } from '../../src/report/schema.js'
import { integrationFixture } from '../support/fixture.js'
import { repoRoot } from '../support/paths.js'

// The file-backed baseline end to end from a terminal: build "main", save the
// report, grow the program, build again against the saved report.

const image = 'from-scratch-test/cli-baseline'
// 64 KiB of data the program really uses, so the linker keeps it.
const GROWTH = `
static const char padding[65536] = { 1 };
int padding_sum(void) { int s = 0; for (int i = 0; i < 65536; i += 4096) s += padding[i]; return s; }
`

const fixture = integrationFixture({ name: 'cli-baseline' })

test('a saved report becomes the baseline: the delta is shown and the gates judge it', async () => {
  fixture.removeAfter(`${image}:latest`)
  const project = await fixture.folder('project')
  await cp(join(repoRoot, 'examples', 'hello-c'), project, { recursive: true })
  const baseline = join(project, 'baseline.json')

  const main = await runCli(['build', '.', '--image', image, '--save-baseline', baseline], project)
  expect(main.code).toBe(0)
  // stdout is the reference alone; stderr's summary says there was nothing to compare with.
  expect(main.out).toBe(`${image}:latest`)
  expect(main.err).toMatch(/^ {2}baseline +none yet; this report is saved to .*baseline\.json$/m)
  const saved = parseBaseline(await readFile(baseline, 'utf8'))
  expect(saved.reason).toBeNull()
  const baseSize = saved.report?.image?.size ?? 0
  expect(baseSize).toBeGreaterThan(10_000)

  const source = join(project, 'hello.c')
  const original = await readFile(source, 'utf8')
  await writeFile(
    source,
    `${GROWTH}\n${original.replace('return 0;', 'return padding_sum() == 1 ? 0 : 3;')}`
  )

  const strict = await runCli(
    ['build', '.', '--image', image, '--baseline', baseline, '--max-increase', '10%', '--json'],
    project
  )
  expect(strict.code).toBe(1)
  const report = JSON.parse(strict.out) as {
    image: { size: number }
    baseline: { imageSize: number }
    gates: { gate: string; passed: boolean; limit: number; actual: number }[]
  }
  expect(report.baseline.imageSize).toBe(baseSize)
  expect(report.image.size).toBeGreaterThan(baseSize + 60_000)
  expect(report.gates).toEqual([
    expect.objectContaining({ gate: 'max-increase', passed: false, actual: report.image.size })
  ])
  expect(strict.err).toContain('max-increase')
  expect(strict.err).toContain('10%')

  const generous = await runCli(
    [
      'build',
      '.',
      '--image',
      image,
      '--baseline',
      baseline,
      '--max-increase',
      '100KB',
      '--markdown',
      '-'
    ],
    project
  )
  expect(generous.code).toBe(0)
  // The summary on stderr: the gate, passed, and the change against the baseline file.
  expect(generous.err).toMatch(/^ {2}gate +pass +--max-increase 100KB: image size /m)
  expect(generous.err).toMatch(/^ {2}image +[\d.]+ kB +\+[\d.]+ kB +\+[\d.]+%$/m)
  // The markdown table shows the base, this build and the change.
  expect(generous.out).toMatch(/\| image \| [\d.]+ kB \| [\d.]+ kB \| \+[\d.]+ kB/)
})
