import type { GoFunc } from './go-functab.js'
import { withoutInstantiation } from './go-names.js'
import type { SectionSize, SizeMechanism } from './types.js'

/**
 * Size mechanisms a binary proves: what makes the linker keep bytes that
 * no call needs, or what rides along in the file. Pure.
 */

/**
 * Functions whose reachability makes the linker keep every exported method
 * of every reachable type (cmd/link's deadcode: a reachable call to
 * reflect.Value.Method or MethodByName with a name not known at link time).
 */
export const REFLECT_METHOD_CALLS = ['reflect.Value.Method', 'reflect.Value.MethodByName']

/** `T.M` or `(*T).M` after the package, M exported, no closure or wrapper suffix. */
const EXPORTED_METHOD = /^(?:\(\*[^.()]+\)|[^.()*]+)\.\p{Lu}[^.]*$/u

/** Whether a function name is an exported method (`net/http.(*Server).Serve`), given its package. */
export function isExportedMethod(name: string, pkg: string): boolean {
  const plain = withoutInstantiation(name)
  if (!plain.startsWith(`${pkg}.`)) return false
  return EXPORTED_METHOD.test(plain.slice(pkg.length + 1))
}

/** The exported methods among the functions: per package, and in all. */
export function exportedMethods(
  funcs: readonly GoFunc[],
  packages: readonly string[],
  pclntab: Float64Array
): { byPackage: Map<string, number>; functions: number; bytes: number } {
  const byPackage = new Map<string, number>()
  let functions = 0
  let bytes = 0
  funcs.forEach((fn, i) => {
    const pkg = packages[i] ?? ''
    if (pkg.startsWith('(') || !isExportedMethod(fn.name, pkg)) return
    const own = fn.span + (pclntab[i] ?? 0)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + own)
    functions++
    bytes += own
  })
  return { byPackage, functions, bytes }
}

export function reflectMethodMechanism(
  evidence: readonly string[],
  methods: { functions: number; bytes: number }
): SizeMechanism {
  return {
    id: 'reflect-method',
    evidence,
    functions: methods.functions,
    bytes: methods.bytes,
    message: `${evidence.join(' and ')} can be reached, so the linker keeps every exported method of every type that can be reached, called or not: ${methods.functions} exported methods are in the binary. text/template and html/template call MethodByName; a program that avoids them (and calls Method or MethodByName only with constant names) lets the linker drop the methods nothing calls`
  }
}

export function dwarfMechanism(sections: readonly SectionSize[]): SizeMechanism | null {
  const dwarf = sections.filter(
    (s) => s.name.startsWith('.debug_') || s.name.startsWith('.zdebug_')
  )
  if (dwarf.length === 0) return null
  const bytes = dwarf.reduce((n, s) => n + s.size, 0)
  return {
    id: 'dwarf',
    evidence: dwarf.map((s) => s.name),
    functions: null,
    bytes,
    message:
      'DWARF debug information is in the file (Go built without -ldflags=-w, C compiled with -g and not stripped): nothing at run time reads it; build with -ldflags="-s -w" or strip the binary'
  }
}

export function embeddedZoneMechanism(bytes: number): SizeMechanism {
  return {
    id: 'embedded-file',
    evidence: ['time/tzdata'],
    functions: null,
    bytes,
    message:
      'the time zone database is embedded as one file (time/tzdata imported, or -tags timetzdata): drop it and add include: tzdata to ship the zones beside the binary instead'
  }
}
