/**
 * The environment a child program (build-command, go, gcc, docker, git)
 * inherits. Repository content runs in those children (a Makefile, a go
 * generate, a compiler plugin), so nothing that can act as the workflow may
 * reach them: the action's inputs (`INPUT_*`, including `github-token`), the
 * runner's service tokens and URLs (`ACTIONS_*`) and `GITHUB_TOKEN`.
 * Everything else stays: HOME, PATH, DOCKER_CONFIG, proxies, GO*, CC/CFLAGS
 * and whatever the workflow author put into `env:` on purpose.
 *
 * The in-process cache client reads `ACTIONS_*` from our own process.env,
 * which this never changes.
 */

/** Names a child never sees, whatever their case (Windows environments ignore case). */
const DROPPED_PREFIXES = ['INPUT_', 'ACTIONS_']
const DROPPED_NAMES = ['GITHUB_TOKEN']

/** True when a variable of this name must not reach a child program. */
export function isWithheld(name: string): boolean {
  const upper = name.toUpperCase()
  return (
    DROPPED_PREFIXES.some((prefix) => upper.startsWith(prefix)) || DROPPED_NAMES.includes(upper)
  )
}

/**
 * The inherited environment minus what is withheld, plus `extra` (set by
 * from-scratch itself, e.g. `CC`, `GOOS`), which wins. Pure.
 */
export function childEnv(
  inherited: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !isWithheld(name)) env[name] = value
  }
  return { ...env, ...extra }
}
