import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import ts from 'typescript'

/** The platform's names; only ground/platform.ts may write them in code (comments are prose). */
export const PLATFORM_WORDS = /amd64|x86-64|x86_64|EM_X86_64|arm64|aarch64|AArch64|EM_AARCH64/

/** The one file that spells them. */
export const PLATFORM_FILE = 'ground/platform.ts'

/** Every token of a TypeScript source (identifiers, literals, template pieces), comments left out. */
export function codeTokens(source: string): { text: string; line: number }[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true)
  const out: { text: string; line: number }[] = []
  const visit = (node: ts.Node): void => {
    // Doc comments are parsed into nodes of their own; they are prose too.
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode)
      return
    const children = node.getChildren(file)
    if (children.length === 0) {
      // A leaf: its text without the leading trivia (where comments live).
      out.push({
        text: node.getText(file),
        line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
      })
      return
    }
    for (const child of children) visit(child)
  }
  visit(file)
  return out
}

/** `path:line: token` for every token outside ground/platform.ts that spells the platform. */
export function platformSpellings(files: readonly { path: string; source: string }[]): string[] {
  const found: string[] = []
  for (const file of files) {
    if (file.path === PLATFORM_FILE) continue
    for (const token of codeTokens(file.source)) {
      if (PLATFORM_WORDS.test(token.text)) found.push(`${file.path}:${token.line}: ${token.text}`)
    }
  }
  return found
}

/** Every .ts file under `srcDir`, path relative to it with `/`. */
export function readSources(srcDir: string): { path: string; source: string }[] {
  const out: { path: string; source: string }[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts')) {
        out.push({
          path: relative(srcDir, path).split(sep).join('/'),
          source: readFileSync(path, 'utf8')
        })
      }
    }
  }
  walk(srcDir)
  return out
}
