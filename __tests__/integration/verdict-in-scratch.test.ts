import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { judge } from '../../src/elf/linkage.js'
import { openFileSource } from '../../src/elf/reader.js'
import type { Verdict } from '../../src/elf/types.js'
import { systemExec, type ExecResult } from '../../src/ground/exec.js'
import {
  CORPUS_NAMES,
  copyEntry,
  corpus,
  type Corpus,
  type CorpusEntry
} from '../support/corpus.js'
import { integrationFixture } from '../support/fixture.js'
import { mustRun } from '../support/run.js'

/**
 * The verdict checked against reality: every corpus file goes alone into a
 * FROM scratch image and is run once. It must start (exit 0 and print its
 * line) exactly when the verdict accepts it.
 */

const REPOSITORY = 'from-scratch-verdict-test'
const DOCKERFILE = 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n'

const NAMES = CORPUS_NAMES

const fixture = integrationFixture({ name: 'verdict-in-scratch' })
let built: Corpus

beforeAll(async () => {
  await mustRun('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 30_000 })
  built = await corpus()
}, 600_000)

async function verdictOf(entry: CorpusEntry): Promise<Verdict> {
  const src = await openFileSource(entry.path)
  try {
    return (await judge(src)).verdict
  } finally {
    await src.close()
  }
}

/** A fresh build context holding only the file, built into an image with nothing else in it. */
async function scratchImage(entry: CorpusEntry): Promise<string> {
  const context = await fixture.folder(`scratch-${entry.name}`)
  await copyEntry(entry, join(context, 'app'))
  await writeFile(join(context, 'Dockerfile'), DOCKERFILE)
  const tag = `${REPOSITORY}:${entry.name}-${process.pid}`
  fixture.removeAfter(tag)
  await mustRun('docker', ['build', '--quiet', '--tag', tag, context], { timeoutMs: 120_000 })
  return tag
}

/** How a run went, in words for the failure message. */
function outcome(run: ExecResult): string {
  if (run.timedOut) return 'timed out'
  const said = `${run.stdout}${run.stderr}`.trim().split('\n').slice(-2).join(' | ')
  return `exit ${run.exitCode}: ${said}`
}

// One image at a time: the machine has two shared cores and the daemon is shared too.
test.each(NAMES)(
  '%s starts in scratch exactly when the verdict accepts it',
  async (name) => {
    const entry = built.entry(name)
    const verdict = await verdictOf(entry)
    const tag = await scratchImage(entry)
    const run = await systemExec.run('docker', ['run', '--rm', '--network', 'none', tag], {
      timeoutMs: 60_000
    })
    const started =
      !run.timedOut &&
      run.exitCode === 0 &&
      entry.prints !== null &&
      run.stdout.split('\n').includes(entry.prints)
    const observed = { linkage: verdict.linkage, accepted: verdict.accepted, outcome: outcome(run) }

    if (entry.hostMayRunIt !== undefined) {
      // Reality depends on the host kernel here; the verdict must not.
      expect(observed).toMatchObject({ accepted: false, linkage: entry.linkage })
      return
    }
    expect({ ...observed, started }).toEqual({ ...observed, started: verdict.accepted })
    expect(started).toBe(entry.runsInScratch)
    if (!started) {
      // A rejected file fails the way people see it fail: the kernel refuses it,
      // the loader or interpreter is missing, or it crashes on a signal.
      expect(run.exitCode).not.toBe(0)
      expect(outcome(run)).toMatch(/exec format error|no such file or directory|exit 1[3-9]\d/i)
    }
  },
  180_000
)

test('every corpus entry is run above', () => {
  expect(built.entries.map((e) => e.name).sort()).toEqual([...NAMES].sort())
})
