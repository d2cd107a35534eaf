import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix, relative, sep } from 'node:path'

/**
 * The house's walls as data: which folder of src/ may import which. A stage
 * imports only ground/ and the stages before it (compile → elf → image → sbom → report);
 * publishers sit after the stages; faces (main.ts, cli.ts, pipeline.ts, inputs)
 * may import everything.
 */
export type Zone = 'ground' | 'compile' | 'elf' | 'image' | 'sbom' | 'report' | 'publish' | 'face'

const ALLOWED: Readonly<Record<Zone, readonly Zone[]>> = {
  ground: ['ground'],
  compile: ['ground', 'compile'],
  elf: ['ground', 'elf'],
  image: ['ground', 'compile', 'elf', 'image'],
  sbom: ['ground', 'compile', 'elf', 'image', 'sbom'],
  report: ['ground', 'compile', 'elf', 'image', 'sbom', 'report'],
  publish: ['ground', 'elf', 'report', 'publish'],
  face: ['ground', 'compile', 'elf', 'image', 'sbom', 'report', 'publish', 'face']
}

/** report/ sees the earlier stages only through their result types, never their internals. */
const ONLY_RESULT_TYPES: Readonly<Partial<Record<Zone, Partial<Record<Zone, readonly string[]>>>>> =
  {
    report: { compile: ['compile/types.ts'], image: ['image/types.ts'], sbom: ['sbom/types.ts'] }
  }

/** Runner services (`@actions/*`) are adapters for the faces and publishers, never for a stage. */
const RUNNER_PACKAGES_ALLOWED: readonly Zone[] = ['publish', 'face']

export function zoneOf(srcPath: string): Zone {
  const top = srcPath.split('/')[0]
  if (srcPath.includes('/')) {
    if (['ground', 'compile', 'elf', 'image', 'sbom', 'report', 'publish'].includes(top))
      return top as Zone
  }
  return 'face'
}

export interface SourceImports {
  /** Path relative to src/, with `/`, e.g. `image/oci/tar.ts`. */
  readonly path: string
  /** Import specifiers as written, e.g. `../../report/measure-tar.js`, `@actions/core`. */
  readonly imports: readonly string[]
  /** The same without type-only imports: what loading the file loads. */
  readonly runtimeImports?: readonly string[]
}

/** Every import that crosses a wall, as `file → specifier: why`. Empty when the house holds. */
export function importViolations(files: readonly SourceImports[]): string[] {
  const violations: string[] = []
  for (const file of files) {
    const from = zoneOf(file.path)
    for (const spec of file.imports) {
      if (spec.startsWith('@actions/')) {
        if (!RUNNER_PACKAGES_ALLOWED.includes(from)) {
          violations.push(`${file.path} → ${spec}: ${from}/ may not use runner services`)
        }
        continue
      }
      if (!spec.startsWith('.')) continue
      const target = posix
        .normalize(posix.join(posix.dirname(file.path), spec))
        .replace(/\.js$/, '.ts')
      if (target.startsWith('..')) {
        violations.push(`${file.path} → ${spec}: leaves src/`)
        continue
      }
      const to = zoneOf(target)
      if (!ALLOWED[from].includes(to)) {
        violations.push(
          `${file.path} → ${spec}: ${from}/ may not import ${to === 'face' ? 'a face' : `${to}/`}`
        )
        continue
      }
      const only = ONLY_RESULT_TYPES[from]?.[to]
      if (only !== undefined && !only.includes(target)) {
        violations.push(
          `${file.path} → ${spec}: ${from}/ may import only ${only.join(', ')} of ${to}/`
        )
      }
    }
  }
  return violations
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b(\s+type\b)?[^'"]*?\sfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/**
 * The import specifiers of one TypeScript source, static and dynamic;
 * `runtimeOnly` leaves out `import type`/`export type`, which the compiler erases.
 */
export function importsOf(source: string, runtimeOnly = false): string[] {
  return [...source.matchAll(IMPORT)]
    .filter((m) => !(runtimeOnly && m[1] !== undefined))
    .map((m) => m[2] ?? m[3])
}

/** Every .ts file under `srcDir` with its imports. */
export function readSourceTree(srcDir: string): SourceImports[] {
  const out: SourceImports[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8')
        out.push({
          path: relative(srcDir, path).split(sep).join('/'),
          imports: importsOf(source),
          runtimeImports: importsOf(source, true)
        })
      }
    }
  }
  walk(srcDir)
  return out
}

export const SRC_DIR = join(dirname(new URL(import.meta.url).pathname), '..', '..', 'src')

/**
 * Every package a source file reaches through its relative imports, with the
 * first chain that reaches it: what a bundle of that entry point must load.
 */
export function packagesReachedFrom(
  entry: string,
  files: readonly SourceImports[]
): Map<string, string[]> {
  const byPath = new Map(files.map((file) => [file.path, file]))
  const reached = new Map<string, string[]>()
  const seen = new Set<string>()
  const visit = (path: string, chain: string[]): void => {
    if (seen.has(path)) return
    seen.add(path)
    const file = byPath.get(path)
    for (const spec of file?.runtimeImports ?? file?.imports ?? []) {
      if (spec.startsWith('.')) {
        const target = posix
          .normalize(posix.join(posix.dirname(path), spec))
          .replace(/\.js$/, '.ts')
        visit(target, [...chain, target])
      } else if (!spec.startsWith('node:') && !reached.has(spec)) {
        reached.set(spec, chain)
      }
    }
  }
  visit(entry, [entry])
  return reached
}
