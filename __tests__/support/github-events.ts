import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './paths.js'

/*
 * Webhook payloads as GitHub sends them, from npm @octokit/webhooks-examples,
 * so tests read the same shapes the action reads from GITHUB_EVENT_PATH.
 */

interface ExampleGroup {
  readonly name: string
  readonly examples: readonly Record<string, unknown>[]
}

const groups = JSON.parse(
  readFileSync(
    join(repoRoot, 'node_modules', '@octokit', 'webhooks-examples', 'api.github.com', 'index.json'),
    'utf8'
  )
) as ExampleGroup[]

/** Every example payload of one event, deep copies. */
export function webhookExamples(event: string): Record<string, unknown>[] {
  const group = groups.find((g) => g.name === event)
  if (!group) throw new Error(`@octokit/webhooks-examples has no ${event} examples`)
  return group.examples.map((example) => structuredClone(example))
}

/** The first `pull_request` example with this action (default `opened`). */
export function pullRequestEvent(action = 'opened'): Record<string, unknown> {
  const example = webhookExamples('pull_request').find((e) => e.action === action)
  if (!example) throw new Error(`no pull_request.${action} example`)
  return example
}

/**
 * A pull request from a fork. The examples hold none, so this takes the
 * `opened` example and moves its head to a copy of the repository under
 * another owner, the only thing that differs in a fork's payload for us.
 */
export function forkPullRequestEvent(): Record<string, unknown> {
  const event = pullRequestEvent('opened')
  const pr = event.pull_request as { head: { repo: Record<string, unknown> } }
  const repo = pr.head.repo
  const owner = { ...(repo.owner as Record<string, unknown>), login: 'forker', id: 999 }
  pr.head.repo = { ...repo, owner, full_name: `forker/${String(repo.name)}`, fork: true }
  return event
}
