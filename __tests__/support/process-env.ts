/**
 * Process environment changes for in-process tests of code that reads
 * variables at call time (@actions/cache does): `set` remembers the first
 * value of each name, `restore` puts every one back.
 */
export class EnvChanges {
  private readonly saved = new Map<string, string | undefined>()

  set(env: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(env)) {
      if (!this.saved.has(name)) this.saved.set(name, process.env[name])
      process.env[name] = value
    }
  }

  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name)
      else process.env[name] = value
    }
    this.saved.clear()
  }
}
