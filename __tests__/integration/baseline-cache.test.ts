import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  BASELINE_FOLDER,
  CacheBaselineStore,
  baselinePath,
  cacheKey,
  cachePlan,
  type CacheContext
} from '../../src/publish/baseline.js'
import { actionsCacheClient } from '../../src/publish/cache-client.js'
import { serializeReport } from '../../src/report/schema.js'
import {
  cacheServiceEachTest,
  type CacheService,
  runScopes,
  type ScopeGrant
} from '../support/cache-service.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { freePort } from '../support/ports.js'
import { EnvChanges } from '../support/process-env.js'
import { report } from '../report/sample.js'

/*
 * The baseline store over the real @actions/cache client, against the local
 * cache service and Azurite: every way the cache can let a run down is a
 * warning that names it and a "no baseline" with the reason, never a throw.
 */

const MAIN = 'refs/heads/main'
const PR = 'refs/pull/7/merge'

let service: CacheService
const env = new EnvChanges()

cacheServiceEachTest((started) => {
  service = started
})

beforeEach(async () => {
  env.set({ ACTIONS_CACHE_MODE: '' })
})

afterEach(async () => {
  env.restore()
})

const push = (sha: string, commentKey = 'default'): CacheContext => ({
  eventName: 'push',
  ref: MAIN,
  sha,
  defaultBranch: 'main',
  commentKey
})

const pull = (baseSha: string, commentKey = 'default'): CacheContext => ({
  eventName: 'pull_request',
  ref: PR,
  sha: 'merge',
  defaultBranch: 'main',
  baseRef: 'main',
  baseSha,
  commentKey
})

function memoryLog() {
  const infos: string[] = []
  const warnings: string[] = []
  return {
    infos,
    warnings,
    log: { info: (m: string) => infos.push(m), warning: (m: string) => warnings.push(m) }
  }
}

/** A store for one run: its own RUNNER_TEMP (as on another machine) and runtime token scopes. */
async function run(
  context: CacheContext,
  extraEnv: Record<string, string> = {},
  protocol: 'v2' | 'v1' = 'v2'
) {
  const scopes: ScopeGrant[] = context.eventName === 'push' ? runScopes(MAIN) : runScopes(PR, MAIN)
  const runnerTemp = await freshDir('runner-temp')
  env.set({ ...service.env(scopes, protocol), RUNNER_TEMP: runnerTemp, ...extraEnv })
  const memory = memoryLog()
  const store = new CacheBaselineStore({
    plan: cachePlan(context),
    commentKey: context.commentKey,
    log: memory.log
  })
  return { store, ...memory, runnerTemp }
}

const sized = (size: number) => report({ binary: { ...report().binary, size } })

describe('CacheBaselineStore through @actions/cache and the local service', () => {
  test('a push saves, a PR on another runner (other RUNNER_TEMP, other cwd) restores it', async () => {
    const saving = await run(push('one'))
    expect(await saving.store.restore()).toEqual({
      report: null,
      missing: `no report from ${MAIN} was found in the Actions cache (one is saved on each push to it)`
    })
    await saving.store.save(sized(1))
    expect(saving.warnings).toEqual([])
    expect(saving.infos).toContain(`Saved the baseline as ${cacheKey('default', MAIN, 'one')}.`)
    // The folders the cache calls ran in are gone again.
    const left = await readdir(saving.runnerTemp)
    expect(left.filter((name) => name.startsWith('from-scratch-baseline-'))).toEqual([])

    const restoring = await run(pull('unknown'))
    expect(restoring.runnerTemp).not.toBe(saving.runnerTemp)
    const cwd = process.cwd()
    process.chdir(restoring.runnerTemp)
    let restored
    try {
      restored = await restoring.store.restore()
    } finally {
      process.chdir(cwd)
    }
    expect(restored.missing).toBeNull()
    expect(restored.report?.binary.size).toBe(1)
    expect(restored.report?.source).toEqual({ ref: MAIN, sha: 'one' })
    expect(restoring.warnings).toEqual([])
    // The process's own directory and workspace are back as they were.
    expect(process.cwd()).toBe(cwd)
  })

  test('newest push wins; a PR whose base commit has its own entry gets exactly that; comment-keys stay apart', async () => {
    await (await run(push('one'))).store.save(sized(1))
    await (await run(push('two'))).store.save(sized(2))
    await (await run(push('api-1', 'api'))).store.save(sized(100))
    expect((await (await run(pull('unknown'))).store.restore()).report?.binary.size).toBe(2)
    expect((await (await run(pull('one'))).store.restore()).report?.binary.size).toBe(1)
    expect((await (await run(pull('one', 'api'))).store.restore()).report?.binary.size).toBe(100)
    // Pull requests never save.
    await (await run(pull('two'))).store.save(sized(3))
    expect(service.saved().map((e) => [e.key, e.scope])).toEqual([
      [cacheKey('default', MAIN, 'one'), MAIN],
      [cacheKey('default', MAIN, 'two'), MAIN],
      [cacheKey('api', MAIN, 'api-1'), MAIN]
    ])
  })

  test('a re-run of the same push finds its key taken: a warning naming the key, the first report stays', async () => {
    await (await run(push('one'))).store.save(sized(1))
    const again = await run(push('one'))
    await again.store.save(sized(2))
    expect(again.warnings).toEqual([
      `Baseline not saved: the Actions cache already holds ${cacheKey('default', MAIN, 'one')} and its entries cannot be replaced (a re-run of this commit?); the report saved first stays the baseline.`
    ])
    expect(service.requests.at(-1)).toMatchObject({ operation: 'CreateCacheEntry', status: 409 })
    expect((await (await run(pull('one'))).store.restore()).report?.binary.size).toBe(1)
  })

  test('ACTIONS_CACHE_MODE: read restores but does not save, none neither, write-only saves but does not restore', async () => {
    await (await run(push('one'))).store.save(sized(1))
    const before = service.requests.length

    const read = await run(push('two'), { ACTIONS_CACHE_MODE: 'read' })
    expect((await read.store.restore()).report?.binary.size).toBe(1)
    await read.store.save(sized(2))
    expect(read.warnings).toEqual([
      "Baseline not saved: ACTIONS_CACHE_MODE is 'read', which does not let this run write to the Actions cache; pull requests keep comparing with an older baseline."
    ])
    expect(service.requests.slice(before).map((r) => r.operation)).toEqual([
      'GetCacheEntryDownloadURL'
    ])

    const none = await run(pull('one'), { ACTIONS_CACHE_MODE: 'none' })
    expect(await none.store.restore()).toEqual({
      report: null,
      missing: "ACTIONS_CACHE_MODE is 'none', which does not let this run read the Actions cache"
    })
    expect(none.warnings).toEqual([
      "No baseline: ACTIONS_CACHE_MODE is 'none', which does not let this run read the Actions cache. Only absolute limits apply."
    ])

    const writeOnly = await run(push('three'), { ACTIONS_CACHE_MODE: 'write-only' })
    expect((await writeOnly.store.restore()).report).toBeNull()
    await writeOnly.store.save(sized(3))
    expect(writeOnly.warnings).toHaveLength(1)
    expect(service.saved().map((e) => e.key)).toEqual([
      cacheKey('default', MAIN, 'one'),
      cacheKey('default', MAIN, 'three')
    ])
  })

  test('429 on lookup, 503 on every reservation: warnings naming the status, no throw', async () => {
    await (await run(push('one'))).store.save(sized(1))
    service.inject({ operation: 'GetCacheEntryDownloadURL', status: 429, times: 1 })
    const limited = await run(pull('one'))
    const restored = await limited.store.restore()
    expect(restored.report).toBeNull()
    expect(restored.missing).toMatch(
      /^the Actions cache could not be read \(.*\(429\) Too Many Requests/
    )
    expect(limited.warnings).toHaveLength(1)
    expect(limited.warnings[0]).toContain('(429) Too Many Requests')

    service.inject({ operation: 'CreateCacheEntry', status: 503 })
    const unavailable = await run(push('two'))
    await unavailable.store.save(sized(2))
    expect(unavailable.warnings).toHaveLength(1)
    expect(unavailable.warnings[0]).toMatch(
      /^Baseline not saved: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: \(503\) Service Unavailable/
    )
    // The client retried 5xx five times, then gave up; nothing was saved.
    expect(service.count('CreateCacheEntry')).toBe(6)
    expect(service.saved()).toHaveLength(1)
  }, 90_000)

  test('a service that is down: both are warnings naming the refused connection', async () => {
    const port = await freePort()
    const down = await run(push('one'), { ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` })
    const restored = await down.store.restore()
    expect(restored.report).toBeNull()
    expect(restored.missing).toContain('ECONNREFUSED')
    await down.store.save(sized(1))
    expect(down.warnings).toHaveLength(2)
    expect(down.warnings[1]).toContain('Baseline not saved: Failed to CreateCacheEntry')
    expect(down.warnings[1]).toContain('ECONNREFUSED')
  })

  test('a cut-off download is a warning and no baseline', async () => {
    await (await run(push('one'))).store.save(sized(1))
    service.inject({ operation: 'download', status: 'cut', times: 1 })
    const cut = await run(pull('one'))
    const restored = await cut.store.restore()
    expect(restored.report).toBeNull()
    expect(restored.missing).toMatch(/^the Actions cache could not be read \(/)
    expect(cut.warnings).toHaveLength(1)
    expect(service.requests.at(-1)).toMatchObject({ operation: 'download' })
  })

  const HOSTILE = '<img src=x> @octo-org/admins [click](https://evil.example)'
  test.each([
    ['corrupt JSON', 'odd', '{"schema":1,', 'it is not JSON'],
    [
      'a newer schema',
      'odd',
      serializeReport({ ...report(), schema: 2 } as unknown as ReturnType<typeof report>),
      'it was written by a newer from-scratch (schema 2; this version reads schema 1)'
    ],
    [
      'a hostile schema under a hostile key',
      `odd${HOSTILE}`,
      serializeReport({ ...report(), schema: HOSTILE } as unknown as ReturnType<typeof report>),
      'it has no schema 1, the only one this version of from-scratch reads'
    ],
    [
      'a hostile parse error under a hostile key',
      `odd${HOSTILE}`,
      `{"schema":1, ${HOSTILE}`,
      'it is not JSON'
    ]
  ])(
    'a cached file with %s: a warning naming the entry, a reason of our own',
    async (_name, sha, text, why) => {
      // Saved by "another version" (or by whoever could write the cache): the same path, other contents.
      const seeding = await run(push(sha))
      const root = await freshDir('seed')
      await mkdir(join(root, BASELINE_FOLDER), { recursive: true })
      await writeFile(join(root, baselinePath('default')), text)
      const key = cacheKey('default', MAIN, sha)
      expect(await actionsCacheClient.save(root, [baselinePath('default')], key)).toEqual({
        kind: 'saved'
      })
      expect(seeding.warnings).toEqual([])

      const reading = await run(pull(sha))
      const restored = await reading.store.restore()
      expect(restored.report).toBeNull()
      // The report gets what was wrong; the log (escaped by the runner's own rules) names the entry.
      expect(restored.missing).toBe(`the cached report could not be used: ${why}`)
      expect(restored.missing).not.toMatch(/[<@[]/)
      expect(reading.warnings).toEqual([
        `No baseline: the cached report ${key} could not be used: ${why}.`
      ])
    }
  )
})

/**
 * A cache entry whose archive was made by hand, the way anyone who can write
 * the cache could make it: `extra` members around the real report, GNU tar
 * keeping their names as given (`-P`), zstd as @actions/cache writes it.
 */
async function hostileArchive(
  report: string | { readonly symlinkTo: string } | null,
  extra: readonly { name: string; symlinkTo?: string }[]
): Promise<Buffer> {
  const staging = await freshDir('hostile-archive')
  await mkdir(join(staging, BASELINE_FOLDER), { recursive: true })
  const member = baselinePath('default')
  if (typeof report === 'string') await writeFile(join(staging, member), report)
  else if (report !== null) await symlink(report.symlinkTo, join(staging, member))
  const members = report === null ? [] : [member]
  const transforms: string[] = []
  const names: string[] = []
  for (const [i, item] of extra.entries()) {
    const local = `extra${i}`
    if (item.symlinkTo === undefined) await writeFile(join(staging, local), 'pwned\n')
    else await symlink(item.symlinkTo, join(staging, local))
    transforms.push(`--transform=s,^${local}$,${item.name},`)
    names.push(local)
  }
  const tar = join(staging, 'cache.tar')
  await mustRun('tar', [
    '--posix',
    '-cf',
    tar,
    '-P',
    '-C',
    staging,
    ...transforms,
    ...names,
    ...members
  ])
  const listed = (await mustRun('tar', ['-tf', tar, '-P'])).stdout.trim().split('\n')
  expect(listed).toEqual([...extra.map((item) => item.name), ...members])
  await mustRun('zstd', ['-q', '-f', tar, '-o', `${tar}.zst`])
  return readFile(`${tar}.zst`)
}

describe('a hostile cache archive is read, never extracted', () => {
  test.each(['v2', 'v1'] as const)(
    '%s: members named /abs/… and ../../… land nowhere, and the report in it still reads',
    async (protocol) => {
      // A real entry saved by @actions/cache on a push, its archive then replaced.
      await (await run(push('one'), {}, protocol)).store.save(sized(1))
      const [entry] = service.saved()
      const outside = await freshDir('outside')
      const absolute = join(outside, `absolute-${protocol}`)
      const dotdot = `dotdot-${protocol}-${process.pid}`
      await service.replaceBlob(
        entry,
        await hostileArchive(serializeReport(sized(7)), [
          { name: absolute },
          { name: `../../${dotdot}` },
          { name: `../../../${dotdot}` },
          { name: `${BASELINE_FOLDER}/link`, symlinkTo: '/etc' }
        ])
      )

      const reading = await run(pull('one'), {}, protocol)
      const restored = await reading.store.restore()
      expect(restored.report?.binary.size).toBe(7)
      expect(reading.warnings).toEqual([])
      // `tar -P` in the runner's temp folder would have written all of these.
      expect(existsSync(absolute)).toBe(false)
      for (let up = dirname(reading.runnerTemp); up !== dirname(up); up = dirname(up)) {
        expect(existsSync(join(up, dotdot))).toBe(false)
      }
      expect(await readdir(reading.runnerTemp)).toEqual([])
    }
  )

  test('an archive over the size cap is not downloaded: a warning, no baseline', async () => {
    await (await run(push('one'))).store.save(sized(1))
    await service.replaceBlob(service.saved()[0], randomBytes(33 * 1024 * 1024))
    const reading = await run(pull('one'))
    const restored = await reading.store.restore()
    expect(restored).toEqual({
      report: null,
      missing: 'the cached report could not be used: it is damaged: it is larger than 32 MB'
    })
    expect(reading.warnings).toEqual([
      `No baseline: the cache entry ${cacheKey('default', MAIN, 'one')} is damaged: it is ${33 * 1024 * 1024} bytes or more.`
    ])
  })

  test.each<[string, () => Promise<Buffer>, string]>([
    [
      'the report as a symlink to /etc/passwd',
      () => hostileArchive({ symlinkTo: '/etc/passwd' }, []),
      'the cached archive is damaged: the report in it is not a regular file'
    ],
    [
      'no report in it',
      () => hostileArchive(null, [{ name: `/${baselinePath('default')}` }]),
      'the cached archive holds no report'
    ],
    [
      'bytes that are no archive',
      async () => Buffer.from('<img src=x> @octo-org/admins'),
      'the cached archive is damaged: it is neither zstd nor gzip'
    ]
  ])('%s: a warning, no baseline, a reason of our own', async (_name, archive, why) => {
    await (await run(push('one'))).store.save(sized(1))
    await service.replaceBlob(service.saved()[0], await archive())
    const reading = await run(pull('one'))
    const restored = await reading.store.restore()
    expect(restored).toEqual({
      report: null,
      missing: `the cached report could not be used: ${why}`
    })
    expect(reading.warnings).toHaveLength(1)
  })
})
