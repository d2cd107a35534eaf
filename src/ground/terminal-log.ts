import type { Annotation } from './annotation.js'
import { oneLine } from './terminal-text.js'
import type { Log } from './log.js'

/** A terminal's stderr, when it is one: raw writes for the progress line, and its width. */
export interface ProgressTarget {
  write(text: string): void
  columns(): number
}

export interface TerminalLogOptions {
  /** `-v`: every step's messages as they come (the face also echoes the children's output). */
  readonly verbose: boolean
  /** Where the progress line goes; null when stderr is not a terminal (or with -v). */
  readonly progress: ProgressTarget | null
  /** Writes one line (or more) to stderr; control bytes are escaped on the way. */
  readonly say: (text: string) => void
  /** Rewrites a message for a terminal (inputs named as flags); identity by default. */
  readonly words?: (text: string) => string
}

/** How long a step runs before it gets a progress line: shorter ones would only flicker. */
export const PROGRESS_AFTER_MS = 1000
const FRAME_MS = 100
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

function where(a: Annotation): string {
  if (!a.file) return ''
  return `${a.file}${a.line ? `:${a.line}` : ''}${a.line && a.column ? `:${a.column}` : ''}: `
}

/**
 * The progress line's text: the step, how long it has run, and the latest
 * thing it said, cut to the terminal's width with every control byte escaped
 * (it is redrawn in place, so it must stay on one line). Pure.
 */
export function progressLine(
  frame: number,
  title: string,
  elapsedMs: number,
  detail: string,
  columns: number
): string {
  const head = `${SPINNER[frame % SPINNER.length]} ${oneLine(title)} ${(elapsedMs / 1000).toFixed(1)}s`
  const flat = oneLine(detail.replace(/\s+/g, ' ').trim())
  const text = flat === '' ? head : `${head}  ${flat}`
  const width = Math.max(20, columns - 1)
  return [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text
}

/**
 * What a message says on the progress line: its first line; for a command
 * the log shows (`dir$ ENV=… go build … -o /tmp/…`) just the program, since its
 * paths are work folders that are gone when the command ends. Pure.
 */
export function progressDetail(message: string): string {
  const first = message.split('\n')[0]
  const command = /^\S*\$ (.*)$/.exec(first) ?? /^(docker .*)$/.exec(first)
  // Our own work folders (from-scratch-XXXX in the temp folder) are gone when the command ends.
  if (command === null) return first.replace(/\/\S*from-scratch-[^\s;,]*/g, '…')
  const words = command[1].split(' ').filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w))
  const [program = '', sub = ''] = words
  return `running ${program.split('/').at(-1)}${sub !== '' && !sub.startsWith('-') ? ` ${sub}` : ''}`
}

/**
 * The terminal's log. Quiet by default: a step that runs longer than a second
 * shows one progress line on a terminal (its title, time, and latest message),
 * erased when it ends; warnings and errors are always printed; notices are
 * left to the summary. With `verbose`, every message is printed as it comes.
 */
export function terminalLogOf(options: TerminalLogOptions): Log {
  const words = options.words ?? ((text: string) => text)
  const progress = options.verbose ? null : options.progress
  let step: { title: string; started: number; detail: string; shown: boolean } | null = null
  let frame = 0
  const erase = (): void => {
    if (progress && step?.shown) progress.write('\r\x1b[2K')
  }
  const draw = (): void => {
    if (!progress || step === null) return
    if (Date.now() - step.started < PROGRESS_AFTER_MS) return
    step.shown = true
    progress.write(
      `\r\x1b[2K${progressLine(frame++, step.title, Date.now() - step.started, step.detail, progress.columns())}`
    )
  }
  const print = (text: string): void => {
    erase()
    options.say(text)
    draw()
  }
  return {
    info(message) {
      if (options.verbose) print(words(message))
      else if (step) step.detail = progressDetail(message)
    },
    warning(message) {
      print(`warning: ${words(message)}`)
    },
    annotate(a) {
      if (a.severity === 'notice' && !options.verbose) return
      print(`${where(a)}${a.severity}: ${words(a.message)}`)
    },
    async group(title, work) {
      if (options.verbose) options.say(`== ${title}`)
      const outer = step
      step = { title, started: Date.now(), detail: '', shown: outer?.shown ?? false }
      const timer = progress ? setInterval(draw, FRAME_MS) : undefined
      try {
        return await work()
      } finally {
        if (timer) clearInterval(timer)
        erase()
        step = outer
      }
    }
  }
}
