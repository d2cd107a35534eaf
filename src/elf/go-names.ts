/**
 * Go symbol names → packages → modules. Pure: the names come from the
 * function table or the symbol table, the modules from the build info.
 * Names come from a binary the pull request controls: they are data, never
 * markup (the report code-spans them).
 */

/** A module from the build info: `mod` (the main module) or `dep` lines, after `=>` replacements. */
export interface ModuleVersion {
  readonly path: string
  /** `v1.2.3`, `(devel)`, or '' when the build info has none. */
  readonly version: string
  /** The replacement, `../local` or `example.com/fork v1.0.0`, when a `=>` line follows; else ''. */
  readonly replacedBy: string
  /** The go.sum hash of the module (`h1:<base64>`) as the build info records it; absent when it has none. */
  readonly sum?: string
  /** The `=>` line in its parts, when there is one. */
  readonly replacement?: ModuleReplacement
}

/** What a `=>` line names: a module version (with its sum) or a local folder (version `(devel)`, no sum). */
export interface ModuleReplacement {
  /** `example.com/fork` or a folder such as `../fork`. */
  readonly path: string
  /** `v1.0.0`, or `(devel)` for a folder. */
  readonly version: string
  /** `h1:<base64>`, or '' for a folder. */
  readonly sum: string
}

/** Where bytes go that belong to no package: linker-made names (`go:buildid`) and functions of no known package. */
export const LINKER_BUCKET = '(no package)'
/** The module of the standard library. */
export const STD_MODULE = 'std'
/** The module of GOROOT commands' `cmd/...` packages (cmd/go, cmd/gofmt and what they import from cmd). */
export const CMD_MODULE = 'cmd'
/** A package whose path matches no module in the build info. */
export const UNKNOWN_MODULE = '(unknown module)'

/** Go 1.20+ and 1.18–1.19 spellings of a type's generated equality and hash functions. */
const TYPE_FUNC_PREFIXES = ['type:.eq.', 'type..eq.', 'type:.hash.', 'type..hash.']
/** Prefixes that only say what shape of type follows. */
const TYPE_PREFIX = /^(?:\*|\[\d*\]|chan<- |<-chan |chan |go\.shape\.)+/

/** Drops every `[...]` instantiation (generics), which may itself hold dots and slashes. */
export function withoutInstantiation(name: string): string {
  if (!name.includes('[')) return name
  let out = ''
  let depth = 0
  for (const c of name) {
    if (c === '[') depth++
    else if (c === ']' && depth > 0) depth--
    else if (depth === 0) out += c
  }
  return out
}

/** Undoes the linker's `%xx` escapes (a dot in a path's last element is written `%2e`). */
export function unescapePath(path: string): string {
  if (!path.includes('%')) return path
  return path.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16))
  )
}

/**
 * Splits `text` at `sep` where no bracket, brace or parenthesis is open:
 * the fields of `struct { a T; b U }`, the parameters of `func(a, b)`.
 */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '[' || c === '{' || c === '(') depth++
    else if (c === ']' || c === '}' || c === ')') depth--
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(from, i))
      from = i + sep.length
    }
  }
  parts.push(text.slice(from))
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/** Where the bracket opened at `open` closes, or -1. */
function closing(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (c === '[' || c === '{' || c === '(') depth++
    else if (c === ']' || c === '}' || c === ')') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** The package of a qualified name (`net/http.Request`, `crypto/x509.v`); null when unqualified. */
function qualifier(name: string): string | null {
  const plain = withoutInstantiation(name)
  const slash = plain.lastIndexOf('/')
  const dot = plain.indexOf('.', slash + 1)
  if (dot <= 0) return null
  return unescapePath(plain.slice(0, dot))
}

/**
 * The package of the members of `struct { … }` or `interface { … }`: the
 * package that qualifies an unexported member's name (it defined the type),
 * else the first member type that has a package.
 */
function membersPackage(body: string): string | null {
  let first: string | null = null
  for (const member of splitTop(body, ';')) {
    const space = splitTop(member, ' ')
    if (space.length >= 2) {
      const name = space[0] ?? ''
      // `crypto/x509.v *crypto/x509.Certificate`: an unexported field named with its package.
      if (!name.includes('(') && qualifier(name) !== null) return qualifier(name)
      first ??= typePackage(space.slice(1).join(' '))
    } else {
      // An embedded field (`io.Reader`), or a method `M() T` / `pkg.m()`.
      const paren = member.indexOf('(')
      const head = paren === -1 ? member : member.slice(0, paren)
      if (paren !== -1 && qualifier(head) !== null) return qualifier(head)
      first ??= paren === -1 ? typePackage(member) : null
    }
  }
  return first
}

/**
 * The package a Go type, spelled as in link names, belongs to: a named
 * type's package; for `*T`, `[]T`, `[4]T`, `chan T` T's; for `map[K]V` K's,
 * else V's; for an unnamed struct or interface the package that qualifies
 * its fields (see membersPackage); for `func(…)` its first parameter or
 * result with a package. Null for types of no package (`int`, `[2]interface {}`).
 */
export function typePackage(type: string): string | null {
  const t = type.replace(TYPE_PREFIX, '')
  if (t.startsWith('map[')) {
    const end = closing(t, 3)
    if (end === -1) return null
    return typePackage(t.slice(4, end)) ?? typePackage(t.slice(end + 1))
  }
  for (const kind of ['struct {', 'interface {']) {
    if (t.startsWith(kind)) {
      const open = kind.length - 1
      const end = closing(t, open)
      return end === -1 ? null : membersPackage(t.slice(open + 1, end))
    }
  }
  if (t.startsWith('func(')) {
    for (const part of t.slice(4).split(/[(),\s]+/)) {
      const pkg = part === '' ? null : typePackage(part.replace(/^\.\.\./, ''))
      if (pkg !== null) return pkg
    }
    return null
  }
  return qualifier(t)
}

/**
 * The package of a wrapper the compiler made for an unnamed type's method
 * (`go:struct { io.Reader; io.Closer }.Close`, `go:(*struct {…}).Read`).
 */
function wrapperPackage(rest: string): string | null {
  const t = rest.startsWith('(*') ? rest.slice(2) : rest
  const open = t.indexOf('{')
  if (open === -1) return null
  const end = closing(t, open)
  return end === -1 ? null : typePackage(t.slice(0, end + 1))
}

/**
 * The package a Go symbol belongs to, or null for names the linker made
 * (`go:buildid`, `go:string.*`) and names without a package (assembly entry
 * points such as `_rt0_amd64_linux`: the function table's file entry names
 * those). As debug/gosym's PackageName: instantiations dropped, then the
 * text up to the first dot after the last slash, then `%xx` unescaped.
 * The equality and hash functions of a type (`type:.eq.T`, `type:.hash.T`),
 * a type descriptor (`type:T`), an itab (`go:itab.T,I`) and a method
 * wrapper of an unnamed type (`go:struct {…}.M`) go to the type's package
 * (typePackage).
 */
export function packageOf(name: string): string | null {
  for (const prefix of TYPE_FUNC_PREFIXES) {
    if (name.startsWith(prefix)) return typePackage(name.slice(prefix.length))
  }
  if (name.startsWith('go:itab.') || name.startsWith('go.itab.')) {
    return typePackage(splitTop(name.slice(8), ',')[0] ?? '')
  }
  if (name.startsWith('go:struct {') || name.startsWith('go:(*struct {')) {
    return wrapperPackage(name.slice(3))
  }
  if (name.startsWith('type:') && !name.startsWith('type:.')) return typePackage(name.slice(5))
  if (name.startsWith('go:') || name.startsWith('type:')) return null
  // Go before 1.20 spelled linker-made names with a dot.
  if (name.startsWith('go.') || name.startsWith('type.')) return null
  return qualifier(name)
}

/**
 * The package of a source file as the function table spells it, for
 * functions whose name has none (assembly: `runtime/asm_amd64.s` → runtime).
 * With -trimpath, std files are `pkg/file` and module files
 * `module@version/dir/file`; without it, absolute paths under GOROOT's
 * `src/` or the module cache's `pkg/mod/`. Null when the path tells nothing.
 */
export function filePackage(file: string): string | null {
  let path = file
  const mod = path.lastIndexOf('/pkg/mod/')
  if (mod !== -1) path = path.slice(mod + 9)
  else if (path.startsWith('/')) {
    const src = path.lastIndexOf('/src/')
    if (src === -1) return null
    path = path.slice(src + 5)
  }
  const slash = path.lastIndexOf('/')
  if (slash <= 0) return null
  // The module cache writes an upper-case letter as `!` and its lower case.
  const dir = path
    .slice(0, slash)
    .replace(/@[^/]*/, '')
    .replace(/!([a-z])/g, (_, c: string) => c.toUpperCase())
  return dir === '' ? null : unescapePath(dir)
}

/** Whether a path without a dot in its first element (std, GOROOT commands) is a `cmd/...` package. */
function isCmd(pkg: string): boolean {
  return pkg === 'cmd' || pkg.startsWith('cmd/')
}

/**
 * Maps packages to modules: the longest module path that prefixes the
 * package. Each package is looked up by its own path prefixes (one map probe
 * per path element), so the cost grows with the packages' path lengths, not
 * with packages × modules: `probes` counts the probes, for the test that
 * keeps it that way.
 */
export class ModuleMap {
  private readonly byPath = new Map<string, ModuleVersion>()
  private readonly cache = new Map<string, string>()
  /** Map probes made by moduleOf so far. */
  probes = 0

  constructor(
    /** The main module, or null (GOROOT commands such as cmd/gofmt have none). */
    readonly main: ModuleVersion | null,
    readonly deps: readonly ModuleVersion[],
    /** The main package's path from the build info (`cmd/go`), when known. */
    readonly mainPath = ''
  ) {
    for (const mod of [...deps].reverse()) this.byPath.set(mod.path, mod)
    if (main) this.byPath.set(main.path, main)
  }

  /** The module path of a package: a build-info module, `std`, `cmd`, or UNKNOWN_MODULE. */
  moduleOf(pkg: string): string {
    const hit = this.cache.get(pkg)
    if (hit !== undefined) return hit
    const found = this.find(pkg)
    this.cache.set(pkg, found)
    return found
  }

  private find(pkg: string): string {
    if (pkg === 'main') {
      if (this.main) return this.main.path
      return isCmd(this.mainPath) ? CMD_MODULE : STD_MODULE
    }
    for (let end = pkg.length; end > 0; end = pkg.lastIndexOf('/', end - 1)) {
      this.probes++
      const mod = this.byPath.get(end === pkg.length ? pkg : pkg.slice(0, end))
      if (mod) return mod.path
    }
    const first = pkg.split('/')[0] ?? ''
    // Standard-library paths have no dot in their first element (and std vendors x/ packages).
    if (!first.includes('.') || pkg.startsWith('vendor/')) {
      return isCmd(pkg) ? CMD_MODULE : STD_MODULE
    }
    return UNKNOWN_MODULE
  }

  /** The version recorded for a module path; '' for std, cmd and unknown ones. */
  versionOf(path: string): string {
    const mod = this.byPath.get(path)
    if (!mod) return ''
    return mod.replacedBy === '' ? mod.version : `${mod.version} => ${mod.replacedBy}`.trim()
  }
}

function withReplacement(
  mod: ModuleVersion | null,
  replacedBy: string,
  replacement: ModuleReplacement
): ModuleVersion | null {
  return mod === null ? null : { ...mod, replacedBy, replacement }
}

/** The sum field of a `mod`/`dep` line, kept only when it has the go.sum form. */
function sumOf(field: string | undefined): { sum?: string } {
  return field !== undefined && /^h1:[A-Za-z0-9+/]{43}=$/.test(field) ? { sum: field } : {}
}

/**
 * The `mod`, `dep` and `=>` lines of a modinfo text (runtime/debug's
 * format: tab-separated path, version, sum). Malformed lines are skipped.
 */
export function parseModules(text: string): {
  main: ModuleVersion | null
  deps: ModuleVersion[]
} {
  let main: ModuleVersion | null = null
  const deps: ModuleVersion[] = []
  let last: 'main' | 'dep' | null = null
  for (const line of text.split('\n')) {
    const [kind, path, version, sum] = line.split('\t')
    if (path === undefined || path === '') continue
    if (kind === 'mod') {
      main = { path, version: version ?? '', replacedBy: '', ...sumOf(sum) }
      last = 'main'
    } else if (kind === 'dep') {
      deps.push({ path, version: version ?? '', replacedBy: '', ...sumOf(sum) })
      last = 'dep'
    } else if (kind === '=>' && last !== null) {
      const replacedBy = [path, version ?? ''].filter((part) => part !== '').join(' ')
      const replacement = { path, version: version ?? '', sum: sumOf(sum).sum ?? '' }
      if (last === 'main') main = withReplacement(main, replacedBy, replacement)
      else {
        const prev = deps.pop()
        if (prev) deps.push({ ...prev, replacedBy, replacement })
      }
      last = null
    }
  }
  return { main, deps }
}
