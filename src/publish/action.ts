import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import type { GitContext } from '../ground/git-context.js'
import type { Log } from '../ground/log.js'
import { serializeReport } from '../report/schema.js'
import { CacheBaselineStore, cachePlan, type CachePlan } from './baseline.js'
import { sectionOf } from '../report/group-markdown.js'
import { renderReport } from '../report/markdown.js'
import { commentDecision, publishSection, type CommentMode, type CommentTarget } from './comment.js'
import { SECTION_MARKDOWN_LIMIT } from './comment-sections.js'
import { baselineSaver, outputsOf, type Publisher } from './publisher.js'

// The action's publishers: the report file, the job summary, the sticky PR
// comment, the baseline in the Actions cache, and the step's outputs.

export type ActionPublisherKind = 'report-file' | 'summary' | 'comment' | 'baseline' | 'outputs'

/** What decides the action's list of publishers. */
export interface ActionContext {
  readonly git: GitContext
  /** The pull request the event is about, from its payload; null when none. */
  readonly target: CommentTarget | null
  readonly comment: CommentMode
  readonly commentKey: string
  /** Where v1 saved this image's baseline when it had no comment-key (`default`); null: nowhere else. */
  readonly legacyBaselineKey?: string | null
  readonly hasToken: boolean
  /** GITHUB_STEP_SUMMARY is set (a runner); a plain `node dist/index.js` has none. */
  readonly hasSummaryFile: boolean
}

/** A publisher left out, and what the log says about it once the report is out. */
export interface Skipped {
  readonly kind: ActionPublisherKind
  readonly level: 'info' | 'warning'
  /** '' when nothing is worth saying. */
  readonly message: string
}

export interface ActionChoice {
  /** In the order they run; `outputs` is last, since it names what the others made. */
  readonly run: readonly ActionPublisherKind[]
  readonly skipped: readonly Skipped[]
  /** Restore and save for the baseline in the Actions cache. */
  readonly plan: CachePlan
}

/** Where this run's baseline comes from and whether it saves one (pushes to the default branch). Pure. */
export function baselinePlanOf(
  git: GitContext,
  commentKey: string,
  legacyKey: string | null = null
): CachePlan {
  return cachePlan({
    eventName: git.eventName,
    ref: git.ref,
    sha: git.sha,
    defaultBranch: git.defaultBranch ?? '',
    baseRef: git.baseRef ?? '',
    baseSha: git.baseSha ?? '',
    commentKey,
    legacyKey
  })
}

/** Which publishers run for this event and these settings, and why the others do not. Pure. */
export function chooseActionPublishers(context: ActionContext): ActionChoice {
  const run: ActionPublisherKind[] = ['report-file']
  const skipped: Skipped[] = []
  if (context.hasSummaryFile) run.push('summary')
  else skipped.push({ kind: 'summary', level: 'info', message: '' })
  const decision = commentDecision(context.comment, context.git.eventName, context.target)
  if (!decision.comment) {
    skipped.push({
      kind: 'comment',
      level: 'info',
      message: `No pull-request comment: ${decision.reason}.`
    })
  } else if (!context.hasToken) {
    skipped.push({
      kind: 'comment',
      level: 'warning',
      message: 'No pull-request comment: `github-token` is empty. The report is in the job summary.'
    })
  } else {
    run.push('comment')
  }
  const plan = baselinePlanOf(context.git, context.commentKey, context.legacyBaselineKey ?? null)
  if (plan.save !== null) run.push('baseline')
  else skipped.push({ kind: 'baseline', level: 'info', message: '' })
  run.push('outputs')
  return { run, skipped, plan }
}

/** What the action's publishers need from the runner. */
export interface ActionPublisherDeps {
  readonly log: Log
  readonly reportFile: string
  readonly token: string
  readonly commentKey: string
  /** The bot login an app installation token writes as; '' for GITHUB_TOKEN's. */
  readonly commentAuthor: string
  readonly target: CommentTarget | null
  /** Normalized comment-group: the one comment this image's section goes into. */
  readonly commentGroup: string
  /** comment-keys whose v1 per-key comment this image's section replaces. */
  readonly legacyKeys: readonly string[]
  /** Which run and commit this job is, for its section's version and link. */
  readonly run: SectionRun
  readonly store: CacheBaselineStore
  readonly setOutput: (name: string, value: string) => void
}

/** The run a section comes from: newer runs and attempts replace older sections of the same key. */
export interface SectionRun {
  /** The pull request's head commit; '' when unknown. */
  readonly commit: string
  /** GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT; 0 when unknown. */
  readonly runId: number
  readonly attempt: number
  /** `https://github.com/owner/repo` for links to runs; '' for none. */
  readonly repositoryUrl: string
  /** The job's clock, ms. */
  readonly now: () => number
}

/** The report JSON written where the `report-json` output points. */
export function reportFilePublisher(path: string): Publisher {
  return {
    name: 'report-file',
    async publish(end) {
      if (end.outcome !== 'reported') return {}
      await writeFile(path, serializeReport(end.composed.report))
      return { reportFile: path }
    }
  }
}

/** The rendered report in the job summary. */
export const summaryPublisher: Publisher = {
  name: 'summary',
  async publish(end) {
    if (end.outcome !== 'reported') return {}
    await core.summary.addRaw(end.composed.markdown, true).write()
    return {}
  }
}

/**
 * This image's section of the group's one PR comment; its own trouble is a
 * warning and an empty `comment-url`.
 */
export function commentPublisher(
  deps: Pick<
    ActionPublisherDeps,
    'log' | 'token' | 'commentKey' | 'commentAuthor' | 'commentGroup' | 'legacyKeys' | 'run'
  > & {
    readonly target: CommentTarget
  }
): Publisher {
  return {
    name: 'comment',
    async publish(end) {
      if (end.outcome !== 'reported') return {}
      const { report, renderOptions } = end.composed
      // Several sections share one comment: each image's report is rendered to its share.
      const markdown =
        end.composed.markdown.length <= SECTION_MARKDOWN_LIMIT
          ? end.composed.markdown
          : renderReport(report, { ...renderOptions, maxLength: SECTION_MARKDOWN_LIMIT })
      const { run } = deps
      const section = sectionOf(report, {
        key: deps.commentKey,
        commit: run.commit,
        runId: run.runId,
        attempt: run.attempt,
        written: run.now(),
        markdown
      })
      const result = await publishSection({
        token: deps.token,
        target: deps.target,
        group: deps.commentGroup,
        section,
        legacyKeys: deps.legacyKeys,
        log: deps.log,
        render: {
          runUrl: (s) =>
            run.repositoryUrl === '' || s.runId === 0
              ? null
              : `${run.repositoryUrl}/actions/runs/${s.runId}${s.attempt > 1 ? `/attempts/${s.attempt}` : ''}`
        },
        ...(deps.commentAuthor === '' ? {} : { botLogin: deps.commentAuthor })
      })
      return { commentUrl: result.url }
    }
  }
}

/** Every output value, from the run's end and what the other publishers made. */
export function outputsPublisher(setOutput: (name: string, value: string) => void): Publisher {
  return {
    name: 'outputs',
    async publish(end, made) {
      for (const [name, value] of Object.entries(outputsOf(end, made))) setOutput(name, value)
      return {}
    }
  }
}

/** A publisher left out for this event: says why once there is a report, does nothing else. */
export function skippedPublisher(skipped: Skipped, log: Pick<Log, 'info' | 'warning'>): Publisher {
  return {
    name: `${skipped.kind} (skipped)`,
    async publish(end) {
      if (end.outcome !== 'reported' || skipped.message === '') return {}
      if (skipped.level === 'warning') log.warning(skipped.message)
      else log.info(skipped.message)
      return {}
    }
  }
}

/** The action's list, in the order `chooseActionPublishers` gives; skipped ones only log. */
export function actionPublishers(choice: ActionChoice, deps: ActionPublisherDeps): Publisher[] {
  const make = (kind: ActionPublisherKind): Publisher => {
    switch (kind) {
      case 'report-file':
        return reportFilePublisher(deps.reportFile)
      case 'summary':
        return summaryPublisher
      case 'comment':
        if (deps.target === null) throw new Error('a comment was chosen without a pull request')
        return commentPublisher({ ...deps, target: deps.target })
      case 'baseline':
        return baselineSaver(deps.store)
      case 'outputs':
        return outputsPublisher(deps.setOutput)
    }
  }
  const notes = choice.skipped.map((skipped) => skippedPublisher(skipped, deps.log))
  // Notes go where their publisher would have run: the comment's before the outputs.
  const list = choice.run.map(make)
  return [...list.slice(0, -1), ...notes, ...list.slice(-1)]
}

/** The baseline of this image in the Actions cache: restored on PRs, saved on default-branch pushes. */
export function cacheStoreFor(
  plan: CachePlan,
  commentKey: string,
  log: Log,
  tempDir?: string
): CacheBaselineStore {
  return new CacheBaselineStore({ plan, commentKey, log, tempDir })
}
