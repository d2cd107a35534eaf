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

/** Where bytes go that belong to no package: linker-made names (`go:buildid`) and bare assembly (`aeshashbody`). */
export const LINKER_BUCKET = '(no package)'
/** The module of the standard library and of GOROOT commands' `cmd/...` packages. */
export const STD_MODULE = 'std'
/** A package whose path matches no module in the build info. */
export const UNKNOWN_MODULE = '(unknown module)'

/** Go 1.20+ and 1.18–1.19 spellings of a type's generated equality function. */
const EQ_PREFIXES = ['type:.eq.', 'type..eq.']

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
 * The package a Go symbol belongs to, or null for names the linker made
 * (`go:buildid`, `go:string.*`, `type:*`) and names without a package
 * (assembly entry points such as `_rt0_amd64_linux`). As debug/gosym's
 * PackageName: instantiations dropped, then the text up to the first dot
 * after the last slash, then `%xx` unescaped. `type:.eq.pkg.T` (T's
 * generated equality) goes to pkg; one for an unnamed type (`[2]interface {}`)
 * has no package.
 */
export function packageOf(name: string): string | null {
  // Equality functions the compiler makes for a package's types belong to that package.
  for (const eq of EQ_PREFIXES) {
    if (name.startsWith(eq)) return packageOf(name.slice(eq.length).replace(/^(\[\d+\]|\*)+/, ''))
  }
  if (name.startsWith('go:') || name.startsWith('type:')) return null
  // Go before 1.20 spelled linker-made names with a dot.
  if (name.startsWith('go.') || name.startsWith('type.')) return null
  const plain = withoutInstantiation(name)
  const slash = plain.lastIndexOf('/')
  const dot = plain.indexOf('.', slash + 1)
  if (dot <= 0) return null
  return unescapePath(plain.slice(0, dot))
}

function prefixes(pkg: string, module: string): boolean {
  return pkg === module || (pkg.startsWith(module) && pkg[module.length] === '/')
}

/** Maps packages to modules: the longest module path that prefixes the package. */
export class ModuleMap {
  private readonly byLength: readonly ModuleVersion[]
  private readonly cache = new Map<string, string>()

  constructor(
    /** The main module, or null (GOROOT commands such as cmd/gofmt have none). */
    readonly main: ModuleVersion | null,
    readonly deps: readonly ModuleVersion[]
  ) {
    this.byLength = [...(main ? [main] : []), ...deps].sort((a, b) => b.path.length - a.path.length)
  }

  /** The module path of a package: a build-info module, `std`, or UNKNOWN_MODULE. */
  moduleOf(pkg: string): string {
    const hit = this.cache.get(pkg)
    if (hit !== undefined) return hit
    const found = this.find(pkg)
    this.cache.set(pkg, found)
    return found
  }

  private find(pkg: string): string {
    if (pkg === 'main') return this.main?.path ?? STD_MODULE
    for (const mod of this.byLength) if (prefixes(pkg, mod.path)) return mod.path
    const first = pkg.split('/')[0] ?? ''
    // Standard-library paths have no dot in their first element (and std vendors x/ packages).
    if (!first.includes('.') || pkg.startsWith('vendor/')) return STD_MODULE
    return UNKNOWN_MODULE
  }

  /** The version recorded for a module path; '' for std and unknown ones. */
  versionOf(path: string): string {
    const mod = [this.main, ...this.deps].find((m) => m?.path === path)
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
