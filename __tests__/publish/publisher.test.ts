import { LINUX_AMD64 } from '../../src/ground/platform.js'
import type { CompileResult } from '../../src/compile/types.js'
import type { Inspection } from '../../src/elf/types.js'
import type { GitContext } from '../../src/ground/git-context.js'
import type { ImageResult } from '../../src/image/types.js'
import { chooseActionPublishers, type ActionContext } from '../../src/publish/action.js'
import {
  outputsOf,
  publishAll,
  reportOn,
  type Made,
  type Publisher,
  type RunEnd
} from '../../src/publish/publisher.js'
import type { CommentTarget } from '../../src/publish/comment.js'
import type { BaselineStore } from '../../src/publish/baseline-store.js'
import { composeReport, type BuildFacts } from '../../src/report/compose.js'
import { parseGateSettings } from '../../src/report/gate.js'
import { UserError } from '../../src/ground/errors.js'
import { failedAt, type Failed, type Reached } from '../../src/report/outcome.js'
import { report as sampleReport } from '../report/sample.js'

const inspection: Inspection = {
  path: '/tmp/out/hello',
  size: 17_808,
  verdict: {
    linkage: 'static',
    accepted: true,
    summary: 'statically linked',
    interpreter: null,
    needed: []
  },
  go: null,
  goNote: null,
  findings: []
}

const rejected: Inspection = {
  ...inspection,
  verdict: {
    linkage: 'dynamic',
    accepted: false,
    summary: 'dynamically linked',
    interpreter: '/lib64/ld-linux-x86-64.so.2',
    needed: ['libc.so.6']
  }
}

const compiled: CompileResult = {
  binaryPath: '/tmp/out/hello',
  language: 'c',
  toolchain: 'musl-gcc (gcc 12.2.0)',
  warnings: [],
  annotations: []
}

const image: ImageResult = {
  name: 'ghcr.io/acme/hello',
  tags: ['ghcr.io/acme/hello:1.2.3'],
  imageId: `sha256:${'a'.repeat(64)}`,
  digest: null,
  size: 17_808,
  extras: [],
  findingExtras: [],
  files: [{ path: '/hello', size: 17_808 }],
  pushed: false,
  smokeOutput: null,
  platform: LINUX_AMD64,
  builtWith: 'oci',
  pullSize: 4_729,
  layout: { dir: '/tmp/out/layout', archive: '/tmp/out/image.tar' }
}

const facts: BuildFacts = {
  compiled,
  inspection,
  image,
  measure: { size: 17_808, pullSize: 4_729, pullSizeExact: true, files: image.files }
}

const source = { ref: 'refs/heads/main', sha: 'c'.repeat(40) }

function reported(maxSize = ''): RunEnd {
  return {
    outcome: 'reported',
    facts,
    composed: composeReport(facts, {
      previous: null,
      source,
      gates: parseGateSettings({ 'max-size': maxSize }),
      current: 'this commit'
    })
  }
}

const failedWith = (stage: Parameters<typeof failedAt>[0], reached: Partial<Reached>): Failed =>
  failedAt(stage, new UserError('stopped'), {
    compiled: null,
    inspection: null,
    image: null,
    ...reached
  })

const binaryKeys = ['binary', 'binary-size', 'linkage', 'go-version']
const imageKeys = [
  'image',
  'tags',
  'imageid',
  'digest',
  'image-size',
  'oci-layout',
  'image-archive'
]
const reportKeys = ['pull-size', 'size-delta', 'report', 'report-json', 'comment-url']

describe('outputsOf: how a run ended → the action outputs', () => {
  const made: Made = { reportFile: '/tmp/r/report.json', commentUrl: 'https://example.test/c/1' }

  test.each<[string, RunEnd, string[]]>([
    ['every stage done', reported(), [...binaryKeys, ...imageKeys, ...reportKeys]],
    ['a bad input: nothing', failedWith('inputs', {}), []],
    ['a compile error: nothing', failedWith('compile', { compiled }), []],
    [
      'a rejected binary: the binary',
      failedWith('verify', { compiled, inspection: rejected }),
      binaryKeys
    ],
    ['a failed smoke test: the binary', failedWith('image', { compiled, inspection }), binaryKeys],
    [
      'a failed push: the binary and the local image',
      failedWith('image', { compiled, inspection, image }),
      [...binaryKeys, ...imageKeys]
    ]
  ])('%s', (_name, end, keys) => {
    expect(Object.keys(outputsOf(end, made))).toEqual(keys)
  })

  test('a rejected binary says its linkage; a failed push leaves digest empty', () => {
    expect(outputsOf(failedWith('verify', { inspection: rejected }), made).linkage).toBe('dynamic')
    const push = outputsOf(
      failedWith('image', { inspection, image: { ...image, digest: `sha256:${'b'.repeat(64)}` } }),
      made
    )
    expect(push.digest).toBe('')
    expect(push.imageid).toBe(image.imageId)
  })

  test('with an SBOM: its path and digest are outputs, and the report has its one line', () => {
    const sbom = {
      files: [{ format: 'spdx' as const, path: '/tmp/out/hello.spdx.json' }],
      path: '/tmp/out/hello.spdx.json',
      digest: `sha256:${'d'.repeat(64)}`,
      modules: 0,
      components: 3,
      attached: []
    }
    const withSbom = { ...facts, sbom }
    const end: RunEnd = {
      outcome: 'reported',
      facts: withSbom,
      composed: composeReport(withSbom, {
        previous: null,
        source,
        gates: parseGateSettings({}),
        current: 'this commit'
      })
    }
    const outputs = outputsOf(end, made)
    expect(outputs).toMatchObject({ sbom: sbom.path, 'sbom-digest': sbom.digest })
    expect(outputs.report).toContain(
      'SBOM: 0 Go modules, 3 components in all, in `/tmp/out/hello.spdx.json`.'
    )
  })

  test('the report outputs name what the other publishers made, or are empty', () => {
    expect(outputsOf(reported(), made)).toMatchObject({
      'report-json': '/tmp/r/report.json',
      'comment-url': 'https://example.test/c/1',
      'image-size': '17808',
      'pull-size': '4729'
    })
    expect(outputsOf(reported(), { reportFile: null, commentUrl: null })).toMatchObject({
      'report-json': '',
      'comment-url': ''
    })
  })
})

describe('publishAll', () => {
  test('each publisher sees what the earlier ones made; one that throws does not stop the rest', async () => {
    const seen: Made[] = []
    const publishers: Publisher[] = [
      { name: 'file', publish: async () => ({ reportFile: '/r.json' }) },
      {
        name: 'broken',
        publish: async () => {
          throw new Error('boom')
        }
      },
      { name: 'comment', publish: async () => ({ commentUrl: 'https://c' }) },
      {
        name: 'outputs',
        publish: async (_end, made) => {
          seen.push(made)
          return {}
        }
      }
    ]
    const { made, failures } = await publishAll(publishers, reported())
    expect(seen).toEqual([{ reportFile: '/r.json', commentUrl: 'https://c' }])
    expect(made).toEqual({ reportFile: '/r.json', commentUrl: 'https://c' })
    expect(failures.map((f) => [f.publisher, (f.error as Error).message])).toEqual([
      ['broken', 'boom']
    ])
  })
})

describe('reportOn', () => {
  const silent = {
    info: () => undefined,
    warning: () => undefined,
    annotate: () => undefined,
    group: <T>(_title: string, work: () => Promise<T>) => work()
  }

  test('a failed run passes through without asking the baseline', async () => {
    let asked = 0
    const store: BaselineStore = {
      restore: async () => {
        asked += 1
        return { report: null, missing: 'none yet' }
      },
      save: async () => undefined
    }
    const failed = failedWith('compile', {})
    const end = await reportOn(failed, {
      baseline: store,
      log: silent,
      source,
      gates: parseGateSettings({}),
      current: 'this build'
    })
    expect(end).toBe(failed)
    expect(asked).toBe(0)
  })

  test('no baseline: the store says why, the report repeats it', async () => {
    const store: BaselineStore = {
      restore: async () => ({ report: null, missing: 'the Actions cache could not be read (503)' }),
      save: async () => undefined
    }
    const end = await reportOn(
      { outcome: 'done', facts },
      { baseline: store, log: silent, source, gates: parseGateSettings({}), current: 'this build' }
    )
    if (end.outcome !== 'reported') throw new Error(`not reported: ${end.outcome}`)
    expect(end.composed.report.baseline).toBeNull()
    expect(end.composed.markdown).toContain(
      'No baseline: the Actions cache could not be read (503), so there is nothing to compare with and only absolute limits apply.'
    )
  })

  test('a done run is compared with the restored baseline and gated', async () => {
    const previous = {
      ...sampleReport({ baseline: null }),
      source: { ref: 'refs/heads/main', sha: 'd'.repeat(40) }
    }
    const store: BaselineStore = {
      restore: async () => ({ report: previous, missing: null }),
      save: async () => undefined
    }
    const end = await reportOn(
      { outcome: 'done', facts },
      { baseline: store, log: silent, source, gates: parseGateSettings({}), current: 'this build' }
    )
    expect(end.outcome).toBe('reported')
    if (end.outcome !== 'reported') return
    expect(end.composed.report.baseline?.ref).toBe('refs/heads/main')
    expect(end.composed.markdown).toContain('this build')
  })
})

describe('chooseActionPublishers: which publishers run for which event', () => {
  const pr: CommentTarget = { owner: 'acme', repo: 'app', issueNumber: 7, fork: false }
  const git = (eventName: string, ref: string, extra: Partial<GitContext> = {}): GitContext => ({
    ref,
    sha: 'e'.repeat(40),
    eventName,
    prNumber: null,
    repository: 'acme/app',
    serverUrl: 'https://github.com',
    defaultBranch: 'main',
    ...extra
  })
  const context = (overrides: Partial<ActionContext>): ActionContext => ({
    git: git('push', 'refs/heads/main'),
    target: null,
    comment: 'auto',
    commentKey: 'default',
    hasToken: true,
    hasSummaryFile: true,
    ...overrides
  })

  test.each<[string, Partial<ActionContext>, string[], string[]]>([
    [
      'push to the default branch: saves the baseline, no comment',
      {},
      ['report-file', 'summary', 'baseline', 'outputs'],
      ['No pull-request comment: the push event is not about a pull request.']
    ],
    [
      'push to another branch: neither comment nor baseline',
      { git: git('push', 'refs/heads/feature') },
      ['report-file', 'summary', 'outputs'],
      ['No pull-request comment: the push event is not about a pull request.']
    ],
    [
      'pull_request: the comment, never a baseline',
      { git: git('pull_request', 'refs/pull/7/merge', { baseRef: 'main' }), target: pr },
      ['report-file', 'summary', 'comment', 'outputs'],
      []
    ],
    [
      'pull_request with comment: never',
      { git: git('pull_request', 'refs/pull/7/merge'), target: pr, comment: 'never' },
      ['report-file', 'summary', 'outputs'],
      ['No pull-request comment: comment: never.']
    ],
    [
      'pull_request without a token: a warning instead of the comment',
      { git: git('pull_request', 'refs/pull/7/merge'), target: pr, hasToken: false },
      ['report-file', 'summary', 'outputs'],
      ['No pull-request comment: `github-token` is empty. The report is in the job summary.']
    ],
    [
      'issue_comment on a PR: only with comment: always',
      { git: git('issue_comment', 'refs/heads/main'), target: pr, comment: 'always' },
      ['report-file', 'summary', 'comment', 'outputs'],
      []
    ],
    [
      'issue_comment on a PR with comment: auto',
      { git: git('issue_comment', 'refs/heads/main'), target: pr },
      ['report-file', 'summary', 'outputs'],
      ['No pull-request comment: comment: auto comments on pull_request events, not issue_comment.']
    ],
    [
      'a tag push outside a runner: no summary file, no save',
      { git: git('push', 'refs/tags/v1.2.3'), hasSummaryFile: false },
      ['report-file', 'outputs'],
      ['No pull-request comment: the push event is not about a pull request.']
    ]
  ])('%s', (_name, overrides, run, said) => {
    const choice = chooseActionPublishers(context(overrides))
    expect(choice.run).toEqual(run)
    expect(choice.skipped.map((s) => s.message).filter((m) => m !== '')).toEqual(said)
  })

  test('a pull request restores the base branch, preferring the base commit', () => {
    const choice = chooseActionPublishers(
      context({
        git: git('pull_request', 'refs/pull/7/merge', {
          baseRef: 'release',
          baseSha: 'f'.repeat(40)
        }),
        target: pr
      })
    )
    expect(choice.plan.restore).toEqual({
      primaryKey: `from-scratch-default-refs/heads/release-${'f'.repeat(40)}`,
      prefix: 'from-scratch-default-refs/heads/release-',
      ref: 'refs/heads/release'
    })
    expect(choice.plan.save).toBeNull()
  })
})
