import { INPUTS } from './input-spec.js'

/**
 * Messages are written once, for the action, naming inputs (`` `cgo` ``,
 * `` `include: tzdata` ``, "Input `package`"). A person at a terminal types
 * flags instead; this rewrites the one into the other, from the one input
 * table, so no message needs two versions. Pure.
 */
const NAMES = new Set(INPUTS.map((input) => input.name))

function flag(name: string): string {
  return name === 'working-directory' ? 'DIR' : `--${name}`
}

/** Phrases that only make sense in a workflow run, and what a terminal says instead. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/ are in the log above and annotated on the code/g, ' are above'],
  [/ \(one is saved on each push to it\)/g, ' (--save-baseline FILE keeps one)'],
  [/in the step's `env:`/g, 'in the environment']
]

export function forTerminal(text: string): string {
  let out = text
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement)
  return (
    out
      // "Input `cgo` is …" → "--cgo is …"
      .replace(/\b[Ii]nput `([a-z-]+)`/g, (m, name: string) => (NAMES.has(name) ? flag(name) : m))
      // "Set `cgo: true`", "Add `include: tzdata`" → "pass `--cgo true`"
      .replace(
        /\b([Ss]et|[Aa]dd) `([a-z-]+): ([^`\n]*)`/g,
        (m, verb: string, name: string, v: string) =>
          NAMES.has(name)
            ? `${verb[0] === 'S' || verb[0] === 'A' ? 'P' : 'p'}ass \`${flag(name)} ${v}\``
            : m
      )
      // "set `cc`" → "pass --cc"
      .replace(/\b([Ss]et) `([a-z-]+)`/g, (m, verb: string, name: string) =>
        NAMES.has(name) ? `${verb[0] === 'S' ? 'P' : 'p'}ass ${flag(name)}` : m
      )
      // "`include: tzdata`" → "`--include tzdata`"
      .replace(/`([a-z-]+): ([^`\n]*)`/g, (m, name: string, v: string) =>
        NAMES.has(name) ? `\`${flag(name)} ${v}\`` : m
      )
      // "`binary`" → "--binary"
      .replace(/`([a-z-]+)`/g, (m, name: string) => (NAMES.has(name) ? flag(name) : m))
  )
}
