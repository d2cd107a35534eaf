import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { judge } from '../../src/elf/linkage.js'
import { openFileSource } from '../../src/elf/reader.js'
import type { Verdict } from '../../src/elf/types.js'
import { systemExec, type ExecResult } from '../../src/ground/exec.js'
import { hostPlatform, platformName } from '../../src/ground/platform.js'
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
/**
 * A file for another CPU runs under user-mode QEMU, itself a static program,
 * copied into the image beside it: the image is still empty otherwise, so a
 * dynamic arm64 program finds no loader, exactly as on an arm64 node.
 */
const EMULATED = 'FROM scratch\nCOPY qemu /qemu\nCOPY app /app\nENTRYPOINT ["/qemu", "/app"]\n'
/** The user-mode emulator for each architecture the corpus has besides the host's. */
const QEMU: Readonly<Record<string, string>> = { arm64: 'qemu-aarch64-static' }

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
    return (await judge(src, entry.platform)).verdict
  } finally {
    await src.close()
  }
}

/** Where the emulator for the entry's platform is; null when it runs natively here. */
async function emulatorFor(entry: CorpusEntry): Promise<string | null> {
  const host = hostPlatform({ platform: process.platform, arch: process.arch })
  if (host !== null && platformName(host) === platformName(entry.platform)) return null
  const name = QEMU[entry.platform.architecture]
  if (name === undefined) throw new Error(`no emulator known for ${platformName(entry.platform)}`)
  const found = await systemExec.run('sh', ['-c', 'command -v "$1"', 'sh', name])
  if (found.exitCode !== 0) {
    throw new Error(
      `${entry.name} is for ${platformName(entry.platform)}: this machine needs ${name} (Debian: qemu-user-static) to run it`
    )
  }
  return found.stdout.trim()
}

/** A fresh build context holding only the file, built into an image with nothing else in it. */
async function scratchImage(entry: CorpusEntry): Promise<string> {
  const context = await fixture.folder(`scratch-${entry.name}`)
  await copyEntry(entry, join(context, 'app'))
  const qemu = await emulatorFor(entry)
  if (qemu !== null) await copyFile(qemu, join(context, 'qemu'))
  await writeFile(join(context, 'Dockerfile'), qemu === null ? DOCKERFILE : EMULATED)
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
    if (entry.missing !== null) {
      console.warn(`${name} not built: ${entry.missing}`)
      return
    }
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
      // Under QEMU: it cannot open the loader, or the file is for another CPU.
      expect(outcome(run)).toMatch(
        /exec format error|no such file or directory|exit 1[3-9]\d|Invalid ELF image for this architecture/i
      )
    }
  },
  180_000
)

test('every corpus entry is run above', () => {
  expect(built.entries.map((e) => e.name).sort()).toEqual([...NAMES].sort())
})
