export const id = 566;
export const ids = [566];
export const modules = {

/***/ 7566:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPipeline: () => (/* binding */ runPipeline)
});

// UNUSED EXPORTS: compileSettingsOf

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/ground/child-env.ts
var child_env = __webpack_require__(8727);
// EXTERNAL MODULE: ./src/ground/errors.ts
var errors = __webpack_require__(6288);
// EXTERNAL MODULE: ./src/ground/platform.ts
var ground_platform = __webpack_require__(1996);
;// CONCATENATED MODULE: ./src/ground/workspace-path.ts



/** True when `path` is `root` or below it (both absolute). */
function isWithin(root, path) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
const HINT = 'A path in the repository may only lead to files inside the workspace. Copy the file into the repository, or, if it is meant to come from the runner, write its absolute path in the workflow.';
/**
 * The absolute path of a file the workflow names, refused when a `..` or a
 * symlink leads from inside the workspace to outside it: repository content
 * (a link `cfg -> /etc/shadow`) must not pull the runner's files into an
 * image. An absolute path outside the workspace is the workflow author's
 * choice and taken as written. The result is not resolved through links, so
 * messages and reports show the path as the user knows it.
 */
async function pathInWorkspace(input) {
    const workspace = (0,external_node_path_.resolve)(input.workspace);
    const base = (0,external_node_path_.resolve)(workspace, input.base);
    const full = (0,external_node_path_.resolve)(base, input.written);
    if ((0,external_node_path_.isAbsolute)(input.written) && !isWithin(workspace, full))
        return full;
    // A working-directory the workflow put outside the workspace is its own root.
    const root = isWithin(workspace, base) ? workspace : base;
    if (!isWithin(root, full)) {
        throw new errors/* UserError */.y(`${input.what}: \`${input.written}\` leads outside the workspace (to ${full}).`, [HINT]);
    }
    let realRoot;
    try {
        realRoot = await (0,promises_.realpath)(root);
    }
    catch {
        return full;
    }
    let at = root;
    for (const part of (0,external_node_path_.relative)(root, full)
        .split(external_node_path_.sep)
        .filter((p) => p !== '')) {
        at = (0,external_node_path_.join)(at, part);
        let real;
        try {
            real = await (0,promises_.realpath)(at);
        }
        catch {
            // Missing or dangling: the stage that reads it says so.
            return full;
        }
        if (!isWithin(realRoot, real)) {
            const target = await (0,promises_.readlink)(at).catch(() => real);
            throw new errors/* UserError */.y(`${input.what}: \`${(0,external_node_path_.relative)(workspace, at) || at}\` is a symlink to ${target}, which leads outside the workspace (to ${real}).`, [HINT]);
        }
    }
    return full;
}

// EXTERNAL MODULE: ./src/ground/exec.ts
var exec = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/ground/words.ts
var ground_words = __webpack_require__(6826);
;// CONCATENATED MODULE: ./src/compile/c.ts




const MUSL_GCC = {
    program: 'musl-gcc',
    command: ['musl-gcc'],
    versionArgs: ['--version'],
    glibc: false,
    muslWrapper: true
};
const GCC_STATIC = {
    program: 'gcc',
    command: ['gcc', '-static'],
    versionArgs: ['--version'],
    glibc: true,
    muslWrapper: false
};
/** The cross compilers for `platform`: musl's, zig's, and static glibc's. */
function crossCompilers(platform) {
    const musl = (0,ground_platform/* gnuTriple */.vs)(platform, 'musl');
    const gnu = `${(0,ground_platform/* gnuTriple */.vs)(platform, 'gnu')}-gcc`;
    return [
        // Debian's musl-dev:<arch> (Multi-Arch: same) ships this wrapper around the gnu cross gcc.
        {
            program: `${musl}-gcc`,
            command: [`${musl}-gcc`],
            versionArgs: ['--version'],
            glibc: false,
            muslWrapper: true
        },
        {
            program: 'zig',
            command: ['zig', 'cc', '-target', musl],
            versionArgs: ['version'],
            glibc: false,
            muslWrapper: false
        },
        {
            program: gnu,
            command: [gnu, '-static'],
            versionArgs: ['--version'],
            glibc: true,
            muslWrapper: false
        }
    ];
}
/** Compilers to try, best first. `muslOnly` for cgo, where static glibc is not worth the trouble. */
function compilerCandidates(host, muslOnly = false, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    // Only a host of the platform itself can use its own gcc; everything else needs a cross compiler.
    const all = (0,ground_platform/* hostIs */.Fx)(platform, host) ? [MUSL_GCC, GCC_STATIC] : crossCompilers(platform);
    return muslOnly ? all.filter((c) => !c.glibc) : all;
}
/** The first candidate whose program exists, or null. */
function chooseCompiler(host, available, muslOnly = false, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    return compilerCandidates(host, muslOnly, platform).find((c) => available.has(c.program)) ?? null;
}
const GLIBC_STATIC_WARNING = 'No musl compiler found, so the binary links glibc statically. Static glibc still loads ' +
    'NSS modules (libnss_*.so) for user, group and host lookups at run time, which fail in a ' +
    'scratch image. Install musl (Debian/Ubuntu: `sudo apt-get install musl-tools`) to avoid this.';
/** Where Ubuntu keeps a platform's packages: arm64 on the ports mirror, the others on the main archive. */
function ubuntuMirror(platform) {
    return (0,ground_platform/* platformName */.$r)(platform) === (0,ground_platform/* platformName */.$r)(ground_platform/* LINUX_ARM64 */.e$)
        ? 'http://ports.ubuntu.com/ubuntu-ports'
        : 'http://archive.ubuntu.com/ubuntu';
}
/**
 * The Debian and Ubuntu packages of the musl cross compiler for `platform`:
 * the gnu cross gcc and musl-dev of the target architecture, whose
 * `<triple>-musl-gcc` wrapper runs that gcc with musl's specs.
 */
function crossPackages(platform) {
    return [(0,ground_platform/* debianCrossPackage */.wl)(platform), `musl-dev:${(0,ground_platform/* debianArch */._2)(platform)}`];
}
/** What to install when no candidate exists, for the error message. */
function installHint(host, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    if ((0,ground_platform/* hostIs */.Fx)(platform, host)) {
        return 'Install musl: `sudo apt-get install musl-tools` (Debian/Ubuntu), or set `cc`.';
    }
    const target = (0,ground_platform/* platformName */.$r)(platform);
    if (host.platform === 'darwin') {
        return (`Install a cross compiler for ${target}: \`brew install FiloSottile/musl-cross/musl-cross\` ` +
            'or `brew install zig`, or set `cc`.');
    }
    const arch = (0,ground_platform/* debianArch */._2)(platform);
    const own = (0,ground_platform/* hostPlatform */.ol)(host);
    const ownArch = own === null ? 'the host’s own architecture' : `\`${(0,ground_platform/* debianArch */._2)(own)}\``;
    return (`Install the musl cross compiler for ${target} (\`${(0,ground_platform/* gnuTriple */.vs)(platform, 'musl')}-gcc\`). ` +
        `Debian: \`sudo dpkg --add-architecture ${arch} && sudo apt-get update && sudo apt-get install ${crossPackages(platform).join(' ')}\`. ` +
        `Ubuntu (ubuntu-latest): the same, but ${arch} packages come from ${ubuntuMirror(platform)}, so first limit the existing apt sources to ${ownArch} ` +
        `(\`Architectures: ${own === null ? '…' : (0,ground_platform/* debianArch */._2)(own)}\` in each stanza of /etc/apt/sources.list.d/ubuntu.sources) and add a source for ${arch} from that mirror; ` +
        'from-scratch’s docs/cross-compile.md has the lines. Or use zig (e.g. the `mlugg/setup-zig` action), or set `cc`.');
}
// Static linking resolves libraries in command-line order, so `-lm` given
// before the sources finds nothing to resolve; libraries go after them.
function isLibrary(flag) {
    return flag.startsWith('-l') && flag.length > 2;
}
/**
 * A source path as the compiler must see it. File names come from the
 * repository, so they may start with `-` (read as a flag) or `@` (gcc reads
 * options from the file it names, and `-wrapper` or `-fplugin` run code).
 * A relative path always gets `./` in front. A base name starting with `@`
 * is refused even then: gcc passes it on to cc1 as `-dumpbase @name.c`, and
 * cc1 expands that as an options file too.
 */
function sourceArg(path) {
    if (path === '')
        throw new Error('an empty source path');
    if ((0,external_node_path_.basename)(path).startsWith('@')) {
        throw new errors/* UserError */.y(`C source \`${path}\` starts with \`@\`, and gcc reads a word starting with \`@\` as a file of options ` +
            `(the compiler passes the base name on as one), so it is not compiled.`, [`Rename the file, or leave it out with \`!${path}\` in \`sources\`.`]);
    }
    return (0,external_node_path_.isAbsolute)(path) || path.startsWith('./') ? path : `./${path}`;
}
/** Full argv (compiler command first) to compile `sources` into one static binary. */
function cCompileArgs(compiler, cflags, sources, output) {
    return [
        ...compiler,
        '-Os',
        '-static',
        '-s',
        ...cflags.filter((f) => !isLibrary(f)),
        '-o',
        output,
        ...sources.map(sourceArg),
        ...cflags.filter(isLibrary)
    ];
}
/**
 * Environment for a user's `build-command`. `-static -s` sit in CFLAGS as
 * well as LDFLAGS because many Makefiles compile and link in one
 * `$(CC) $(CFLAGS) -o …` and never read LDFLAGS; both are harmless with -c.
 * Words are shell-quoted: make hands `$(CFLAGS)` to /bin/sh, which must get
 * back exactly the words the user wrote (`-DNAME="x y"` stays one word).
 */
function cBuildEnv(compiler, cflags) {
    return {
        CC: (0,ground_words/* showCommand */.TB)(compiler),
        CFLAGS: (0,ground_words/* showCommand */.TB)(['-Os', '-static', '-s', ...cflags]),
        LDFLAGS: '-static -s'
    };
}
/** `musl-gcc (gcc 12.2.0)` from the program name and what its version flag printed. */
function describeCompiler(name, versionOutput) {
    const line = versionOutput.trim().split('\n')[0]?.trim() ?? '';
    const gcc = /\bgcc\b.*?(\d+\.\d+(?:\.\d+)?)\s*$/.exec(line) ?? /^gcc.*?(\d+\.\d+(?:\.\d+)?)/.exec(line);
    if (gcc)
        return `${name} (gcc ${gcc[1]})`;
    const clang = /clang version (\d+\.\d+(?:\.\d+)?)/.exec(line);
    if (clang)
        return `${name} (clang ${clang[1]})`;
    if (/^\d+\.\d+\.\d+\S*$/.test(line))
        return `${name} (${name.split(' ')[0]} ${line})`;
    return line === '' ? name : `${name} (${line})`;
}

;// CONCATENATED MODULE: ./src/compile/platform-env.ts


/**
 * What a build for one platform is told about it, by name, so that a
 * `build-command` (and a `cc` or `binary` that names them) can do one
 * platform's build without knowing which: `GOOS`/`GOARCH` for go,
 * `TARGET` the GNU triple a musl cross compiler has in its name (`zig cc
 * -target $TARGET`, `$TARGET-gcc`), `PLATFORM_ARCH` the architecture as
 * images and file names write it. Pure.
 */
function platformVars(platform) {
    return {
        ...(0,ground_platform/* goEnv */.Aq)(platform),
        TARGET: (0,ground_platform/* gnuTriple */.vs)(platform, 'musl'),
        PLATFORM_ARCH: platform.architecture
    };
}
/**
 * The environment a `build-command` gets for `platform`, before the C
 * compiler's CC/CFLAGS/LDFLAGS (`compilerEnv`, when a C compiler is wanted)
 * are added: a Go project's Makefile calls `go build`, which reads GOOS,
 * GOARCH and CGO_ENABLED; a C build reads CC and ignores the rest. Pure.
 */
function buildCommandEnv(platform, cgo, compilerEnv) {
    return {
        ...platformVars(platform),
        CGO_ENABLED: cgo ? '1' : '0',
        ...(compilerEnv ?? {})
    };
}
const PLATFORM_ARCH = /\$\{PLATFORM_ARCH\}|\$PLATFORM_ARCH(?![A-Za-z0-9_])/g;
/** Whether `binary` names a file per platform (`dist/app-${PLATFORM_ARCH}`). */
function namesPlatformArch(text) {
    return new RegExp(PLATFORM_ARCH.source).test(text);
}
/**
 * The `binary` input for one platform: `${PLATFORM_ARCH}` (or
 * `$PLATFORM_ARCH`) replaced by its architecture, `arm64` in
 * `dist/app-${PLATFORM_ARCH}`. Any other `$` stays as written: `binary` is a
 * path, never expanded by a shell. Pure.
 */
function binaryFor(binary, platform) {
    return binary.replace(PLATFORM_ARCH, platform.architecture);
}
/**
 * With several platforms, one prebuilt `binary` cannot be all of them: it
 * must name a file per platform. Throws the UserError that says how. Pure.
 */
function checkPrebuiltPerPlatform(binary, platform, platformCount) {
    if (platformCount <= 1 || namesPlatformArch(binary))
        return;
    throw new errors/* UserError */.y(`\`binary\` is \`${binary}\`, one prebuilt file, but \`platforms\` asks for ${platformCount} platforms, ` +
        `and one file is a program for one of them only (this one is ${(0,ground_platform/* platformName */.$r)(platform)}).`, [
        'Name a file per platform with `${PLATFORM_ARCH}`, e.g. `binary: dist/app-${PLATFORM_ARCH}`, ' +
            `which is \`dist/app-${platform.architecture}\` here.`
    ]);
}

;// CONCATENATED MODULE: ./src/compile/diagnostics.ts

// `path:line:col: message` and `path:line: message`; a path never starts with
// blanks, which keeps gcc's indented "   from x.c:1:" context lines out.
const GO_LINE = /^(\S[^:]*):(\d+)(?::(\d+))?: (.+)$/;
const C_LINE = /^(\S[^:]*):(\d+)(?::(\d+))?: (fatal error|error|warning): (.+)$/;
/** A path as GitHub wants it (workspace-relative, `/`-separated), or undefined outside the workspace. */
function workspacePath(path, context) {
    const absolute = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(context.cwd, path);
    const inside = (0,external_node_path_.relative)(context.workspace, absolute);
    if (inside === '' || inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside))
        return undefined;
    return inside.split(external_node_path_.sep).join('/');
}
function located(severity, path, line, column, message, context) {
    const file = workspacePath(path, context);
    return {
        severity,
        // Outside the workspace GitHub cannot show the file, so the message keeps the place.
        message: file === undefined ? `${path}:${line}: ${message}` : message,
        ...(file === undefined ? {} : { file, line: Number(line) }),
        ...(file === undefined || column === undefined ? {} : { column: Number(column) }),
        title: context.title
    };
}
/**
 * Annotations from `go build` output. Go prints every problem as an error at
 * `file:line:col`, with tab-indented continuation lines (have/want) that
 * belong to the message above them.
 */
function goDiagnostics(output, context) {
    const found = [];
    let continues = false;
    for (const line of output.split(/\r?\n/)) {
        const last = found.at(-1);
        if (continues && last && line.startsWith('\t')) {
            found[found.length - 1] = { ...last, message: `${last.message}\n${line.trim()}` };
            continue;
        }
        const m = GO_LINE.exec(line);
        if (m)
            found.push(located('error', m[1], m[2], m[3], m[4], context));
        continues = m !== null;
    }
    return found;
}
/** Annotations from gcc/clang output: errors and warnings; notes stay in the log. */
function cDiagnostics(output, context) {
    const found = [];
    for (const line of output.split(/\r?\n/)) {
        const m = C_LINE.exec(line);
        if (!m)
            continue;
        const severity = m[4] === 'warning' ? 'warning' : 'error';
        found.push(located(severity, m[1], m[2], m[3], m[5], context));
    }
    return found;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/compile/kernel-headers.ts




/**
 * The kernel header folders a musl wrapper may use for `platform`, and where
 * Debian/Ubuntu keep them. linux/, asm-generic/ and mtd/ are the same for every
 * architecture; asm/ is the platform's own, from its multiarch folder
 * (linux-libc-dev:<arch>) or the cross package's folder (linux-libc-dev-<arch>-cross,
 * which gcc-<triple> brings).
 */
function kernelHeaderSources(platform, roots = {}) {
    const includeRoot = roots.includeRoot ?? '/usr/include';
    // Debian's multiarch folder and cross prefix are the platform's GNU triple.
    const triple = (0,ground_platform/* gnuTriple */.vs)(platform, 'gnu');
    const cross = (0,external_node_path_.join)(roots.crossRoot ?? '/usr', triple, 'include');
    const at = (...parts) => (0,external_node_path_.join)(includeRoot, ...parts);
    const both = (name) => [at(name), (0,external_node_path_.join)(cross, name)];
    return [
        { name: 'linux', candidates: both('linux') },
        {
            name: 'asm',
            candidates: [at(triple, 'asm'), (0,external_node_path_.join)(cross, 'asm'), ...(roots.native ? [at('asm')] : [])]
        },
        { name: 'asm-generic', candidates: both('asm-generic') },
        { name: 'mtd', candidates: both('mtd') }
    ];
}
async function isDirectory(path) {
    return (0,promises_.stat)(path).then((info) => info.isDirectory(), () => false);
}
/**
 * A temporary folder of symlinks to the kernel header folders found on this
 * machine; null when there is no `linux/` folder (linux-libc-dev is not
 * installed), so there is nothing to add.
 */
async function kernelHeaderFolder(sources, parent = (0,external_node_os_.tmpdir)()) {
    const found = [];
    for (const source of sources) {
        for (const candidate of source.candidates) {
            if (await isDirectory(candidate)) {
                found.push({ name: source.name, target: candidate });
                break;
            }
        }
    }
    if (!found.some((entry) => entry.name === 'linux'))
        return null;
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'from-scratch-kernel-headers-'));
    try {
        for (const entry of found)
            await (0,promises_.symlink)(entry.target, (0,external_node_path_.join)(dir, entry.name));
    }
    catch (error) {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        throw error;
    }
    return {
        dir,
        linked: found.map((entry) => entry.name),
        cleanup: () => (0,promises_.rm)(dir, { recursive: true, force: true })
    };
}

;// CONCATENATED MODULE: ./src/compile/detect.ts

/** Whether the C sources must be looked up before `planBuild` can decide. */
function needsSources(input) {
    if (input.buildCommand.trim() !== '' || input.binary.trim() !== '')
        return false;
    return input.language === 'c' || (input.language === 'auto' && !input.hasGoMod);
}
function planBuild(input) {
    const where = `\`${input.workingDirectory}\``;
    const globs = input.sources.map((s) => `\`${s}\``).join(', ');
    if (input.buildCommand.trim() !== '') {
        if (input.binary.trim() === '') {
            throw new errors/* UserError */.y('`build-command` is set but `binary` is not: set `binary` to the path the command writes ' +
                `(relative to ${where}), e.g. \`binary: ./server\`.`);
        }
        const go = input.language === 'go' || (input.language === 'auto' && input.hasGoMod);
        return { kind: 'command', language: go ? 'go' : 'c' };
    }
    if (input.binary.trim() !== '')
        return { kind: 'prebuilt' };
    if (input.language === 'go')
        return { kind: 'go' };
    if (input.language === 'c' || !input.hasGoMod) {
        if (input.sourceCount > 0)
            return { kind: 'c' };
        if (input.language === 'c') {
            throw new errors/* UserError */.y(`No C sources in ${where}: nothing matched ${globs}. Set \`sources\` to globs relative ` +
                'to `working-directory` (e.g. `src/**/*.c`), or set `working-directory`.');
        }
        throw new errors/* UserError */.y(`Nothing to build in ${where}: there is no go.mod and no file matching ${globs}. ` +
            'Set `working-directory` to your Go module or C project, or set `language`, ' +
            '`sources`, `build-command` or `binary`.');
    }
    return { kind: 'go' };
}
/**
 * The output file's name, so that the image and the report show something
 * recognisable: the Go package's last element (`./cmd/server` → `server`),
 * else the project folder's name.
 */
function binaryName(kind, goPackage, workingDirectory) {
    const fromPackage = kind === 'go' ? lastElement(goPackage.replace(/\/\.\.\.$/, '')) : '';
    const name = fromPackage || lastElement(workingDirectory) || 'app';
    return name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '') || 'app';
}
function lastElement(path) {
    const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.' && p !== '..');
    return parts.at(-1) ?? '';
}

;// CONCATENATED MODULE: ./src/compile/glob.ts


// Node 20 has no fs.glob, and the few glob forms people write for C sources
// are easy to get exactly right: `*` and `?` stay inside one path segment,
// `**` spans segments (`a/**/b.c` also matches `a/b.c`), `[…]` is a class.
function glob_escape(ch) {
    return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
/** A glob over `/`-separated relative paths, as a RegExp matching the whole path. */
function globToRegExp(glob) {
    const pattern = glob.replace(/^(\.\/)+/, '');
    let out = '';
    let i = 0;
    while (i < pattern.length) {
        const ch = pattern[i];
        if (ch === '*' && pattern[i + 1] === '*') {
            const atStart = i === 0 || pattern[i - 1] === '/';
            if (atStart && pattern[i + 2] === '/') {
                out += '(?:[^/]*/)*';
                i += 3;
            }
            else {
                out += '.*';
                i += 2;
            }
        }
        else if (ch === '*') {
            out += '[^/]*';
            i++;
        }
        else if (ch === '?') {
            out += '[^/]';
            i++;
        }
        else if (ch === '[') {
            const end = pattern.indexOf(']', i + 2);
            if (end < 0) {
                out += '\\[';
                i++;
                continue;
            }
            let body = pattern.slice(i + 1, end);
            const negated = body.startsWith('!') || body.startsWith('^');
            if (negated)
                body = body.slice(1);
            out += `[${negated ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
            i = end + 1;
        }
        else {
            out += glob_escape(ch);
            i++;
        }
    }
    return new RegExp(`^${out}$`);
}
/**
 * The files matching any pattern and no `!pattern`, sorted so the compiler
 * sees the same order on every machine.
 */
function matchFiles(patterns, files) {
    const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
    const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
    return files
        .filter((f) => include.some((re) => re.test(f)) && !exclude.some((re) => re.test(f)))
        .sort();
}
/** How many directory levels the patterns can reach (`*.c` → 1); Infinity with `**`. */
function depthOf(patterns) {
    let depth = 0;
    for (const p of patterns) {
        if (p.startsWith('!'))
            continue;
        if (p.includes('**'))
            return Infinity;
        depth = Math.max(depth, p.replace(/^(\.\/)+/, '').split('/').length);
    }
    return depth;
}
// Hidden folders (.git, .cache) and node_modules never hold sources of the
// program itself, and walking them can cost seconds on a big checkout.
function skipped(name) {
    return name.startsWith('.') || name === 'node_modules';
}
/** Regular files under `root`, as `/`-separated paths relative to it, `depth` levels deep. */
async function listFiles(root, depth) {
    const found = [];
    async function walk(relative, level) {
        if (level > depth)
            return;
        const entries = await (0,promises_.readdir)((0,external_node_path_.join)(root, relative), { withFileTypes: true });
        for (const entry of entries) {
            const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (entry.isFile())
                found.push(path);
            else if (entry.isDirectory() && !skipped(entry.name))
                await walk(path, level + 1);
        }
    }
    await walk('', 1);
    return found;
}

;// CONCATENATED MODULE: ./src/compile/go.ts



// netgo and osusergo keep DNS and user lookups in pure Go, so even a cgo
// build never reaches for glibc's NSS modules, which scratch does not have.
const DEFAULT_TAGS = ['netgo', 'osusergo'];
/** The `-ldflags` value: ours first so user flags are added to `-s -w`, and win where they repeat one. */
function goLdflags(userLdflags, cgo) {
    const ours = ['-s', '-w'];
    // cgo links through the C toolchain; only an external static link keeps libc out of PT_INTERP.
    if (cgo)
        ours.push('-linkmode', 'external', '-extldflags', '-static');
    const user = userLdflags.trim();
    return user === '' ? ours.join(' ') : `${ours.join(' ')} ${user}`;
}
/** `netgo,osusergo` plus the user's tags, in order, without repeats. */
function goTags(userTags) {
    const words = (0,ground_words/* splitList */.ry)(userTags).flatMap((entry) => entry.split(/\s+/));
    return [...new Set([...DEFAULT_TAGS, ...words.filter((w) => w !== '')])].join(',');
}
/**
 * The package argument of `go build`: `.` when blank. Go reads a word that
 * starts with `-` as a flag wherever it stands, and flags such as
 * `-toolexec` run programs, so such a value is refused, not passed on.
 */
function goPackageArg(value) {
    const goPackage = value.trim();
    if (goPackage === '')
        return '.';
    if (goPackage.startsWith('-')) {
        throw new errors/* UserError */.y(`Input \`package\` is "${goPackage}", but a Go package cannot start with \`-\`: go would read it as a flag.`, [
            'Give a package path such as `./cmd/server` or `example.com/app/cmd/server`; a folder named `-x` is `./-x`.'
        ]);
    }
    if ([...goPackage].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
        throw new errors/* UserError */.y(`Input \`package\` is ${JSON.stringify(goPackage)}, which holds a line break or another control character.`);
    }
    return goPackage;
}
/** argv and environment for a static `go build` for the platform. */
function goBuild(input) {
    const env = {
        CGO_ENABLED: input.cgo ? '1' : '0',
        ...(0,ground_platform/* goEnv */.Aq)(input.platform)
    };
    if (input.cgo && input.cc)
        env.CC = input.cc;
    const args = [
        'build',
        '-trimpath',
        '-ldflags',
        goLdflags(input.goLdflags, input.cgo),
        '-tags',
        goTags(input.goTags),
        '-o',
        input.output,
        goPackageArg(input.goPackage)
    ];
    return { args, env };
}
/** `go1.23.5` from `go version go1.23.5 linux/amd64`; the whole line when it looks different. */
function goVersion(output) {
    const line = output.trim().split('\n')[0] ?? '';
    return /^go version ((?:devel )?\S+)/.exec(line)?.[1] ?? line;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/compile/go-output-cache.ts




/** The slot folder of a program under the cache root. Pure. */
function goSlotDir(root, key) {
    const { workDir, goPackage, binaryName, platform } = key;
    const target = [platform.os, platform.architecture, platform.variant ?? ''].join('/');
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([workDir, goPackage, binaryName, target]))
        .digest('hex');
    return (0,external_node_path_.join)(root, hash.slice(0, 20));
}
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/**
 * Prepares a run in the slot `dir` for the binary `name`. Throws when the
 * cache folder cannot be made (a read-only home): the caller builds without it.
 */
async function openGoSlot(dir, name) {
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    const slot = (0,external_node_path_.join)(dir, name);
    await removeAbandoned(dir);
    const target = (0,external_node_path_.join)(dir, `${RUN_PREFIX}${HOST}-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
    // Only an ELF file is worth handing to go: anything else there (a stray
    // file) would make go refuse to overwrite it, so it is left for the rename.
    if (await startsWith(slot, ELF_MAGIC)) {
        await (0,promises_.link)(slot, target).catch(() => 
        // A partial copy would look like a foreign file to go: none at all then.
        (0,promises_.copyFile)(slot, target).catch(() => (0,promises_.rm)(target, { force: true })));
    }
    const discard = () => (0,promises_.rm)(target, { force: true });
    return {
        target,
        discard,
        async commit(output) {
            await placeAt(target, output);
            // Kept for the next run; a failure here only costs that run a link.
            await (0,promises_.rename)(target, slot).catch(discard);
        }
    };
}
/** Private copies are `.run-<host>-<pid>-<random>`: whose they are, to tell abandoned ones. */
const RUN_PREFIX = '.run-';
const HOST = (0,external_node_crypto_.createHash)('sha256').update((0,external_node_os_.hostname)()).digest('hex').slice(0, 8);
const RUN_NAME = /^\.run-([0-9a-f]{8})-(\d+)-[0-9a-f]{12}$/;
/**
 * Removes the private copies that runs on this host left when they were
 * stopped before their clean-up (Ctrl-C during `go build`): a binary each.
 * A run of another host (a shared home) or of a live process is left alone.
 */
async function removeAbandoned(dir) {
    const names = await (0,promises_.readdir)(dir).catch(() => []);
    for (const name of names) {
        const run = RUN_NAME.exec(name);
        if (run?.[1] !== HOST || isAlive(Number(run[2])))
            continue;
        await (0,promises_.rm)((0,external_node_path_.join)(dir, name), { force: true });
    }
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it exists, as another user's process.
        return error.code === 'EPERM';
    }
}
/**
 * Puts a copy of the complete file `from` at `to`: hard-linked (copied when
 * that fails, e.g. across file systems) to a temporary name beside `to`, then
 * renamed over it, so `to` is never a half-written file.
 */
async function placeAt(from, to) {
    const temp = (0,external_node_path_.join)(to, '..', `.from-scratch-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    try {
        await (0,promises_.link)(from, temp).catch(() => (0,promises_.copyFile)(from, temp));
        await (0,promises_.rename)(temp, to);
    }
    finally {
        // Gone after a rename, except when `to` was already the same file (an
        // --output-dir built into before): rename does nothing then.
        await (0,promises_.rm)(temp, { force: true });
    }
}
async function startsWith(path, prefix) {
    try {
        const handle = await (0,promises_.open)(path, 'r');
        try {
            const head = Buffer.alloc(prefix.length);
            const { bytesRead } = await handle.read(head, 0, prefix.length, 0);
            return bytesRead === prefix.length && head.equals(prefix);
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/ground/file-head.ts

/**
 * The first `max` bytes of a regular file, or null when the path is not one
 * (a FIFO, a device, a folder, also through a symlink) or cannot be read.
 * Repository files are untrusted: opened non-blocking, so a FIFO in their
 * place cannot hang the run, and read positionally, so a file of any size
 * (or /dev/zero behind a symlink) costs at most `max` bytes.
 */
async function readFileHead(path, max) {
    const file = await (0,promises_.open)(path, promises_.constants.O_RDONLY | promises_.constants.O_NONBLOCK).catch(() => null);
    if (file === null)
        return null;
    try {
        const info = await file.stat();
        if (!info.isFile())
            return null;
        const bytes = Buffer.alloc(Math.min(info.size, max));
        let filled = 0;
        while (filled < bytes.length) {
            const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return bytes.subarray(0, filled);
    }
    catch {
        return null;
    }
    finally {
        await file.close();
    }
}

;// CONCATENATED MODULE: ./src/compile/go-discover.ts




/**
 * Finding the program the way `go` does: the module is the nearest go.mod at
 * or above the folder, and the program is a main package. When the folder
 * asked for is not one, the main packages below it are listed (the usual
 * `cmd/server`, `cmd/worker` layout): one is built, several are named.
 */
/** The nearest folder at or above `dir` that holds a go.mod, or null. */
async function findModuleRoot(dir) {
    for (let current = (0,external_node_path_.resolve)(dir);; current = (0,external_node_path_.dirname)(current)) {
        const found = await (0,promises_.stat)((0,external_node_path_.join)(current, 'go.mod')).catch(() => null);
        if (found?.isFile())
            return current;
        if ((0,external_node_path_.dirname)(current) === current)
            return null;
    }
}
/**
 * The package clause of a Go file (`package main` → `main`), skipping the
 * comments and build constraints before it; null when there is none. Pure.
 */
function packageClause(source) {
    const text = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
    return /^\s*package\s+([A-Za-z_]\w*)/m.exec(text)?.[1] ?? null;
}
/** What the .go files of one folder (tests left out) declare: `main`, another name, or null (no Go files). */
async function packageOf(dir) {
    const names = await (0,promises_.readdir)(dir).catch(() => []);
    const files = names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort();
    let other = null;
    for (const name of files) {
        // The clause is near the top; a licence header is rarely longer than this.
        const head = await readFileHead((0,external_node_path_.join)(dir, name), 64 * 1024);
        const clause = head === null ? null : packageClause(head.toString('utf8'));
        if (clause === 'main')
            return 'main';
        if (clause !== null)
            other ??= clause;
    }
    return other;
}
/** Whether a folder holds Go files (tests left out). */
async function hasGoFiles(dir) {
    return (await packageOf(dir)) !== null;
}
/** Folders go leaves out of `./...`, and ones no program lives in. */
function go_discover_skipped(name) {
    return (name.startsWith('.') ||
        name.startsWith('_') ||
        name === 'testdata' ||
        name === 'vendor' ||
        name === 'node_modules');
}
/** How far below the folder to look, and how many folders at most: a monorepo must not stall us. */
const MAX_DEPTH = 6;
const MAX_FOLDERS = 5000;
/** Main packages below `dir` (not `dir` itself, nor nested modules), as `./a/b`, sorted. */
async function mainPackagesBelow(dir) {
    const found = [];
    let seen = 0;
    const walk = async (folder, depth) => {
        if (depth > MAX_DEPTH || seen > MAX_FOLDERS)
            return;
        const entries = await (0,promises_.readdir)(folder, { withFileTypes: true }).catch(() => []);
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            // Symlinks are not followed: they may lead out of the repository, or round in a loop.
            if (!entry.isDirectory() || go_discover_skipped(entry.name))
                continue;
            const child = (0,external_node_path_.join)(folder, entry.name);
            seen++;
            if (await (0,promises_.stat)((0,external_node_path_.join)(child, 'go.mod')).catch(() => null))
                continue;
            if ((await packageOf(child)) === 'main')
                found.push(`./${(0,external_node_path_.relative)(dir, child).split(external_node_path_.sep).join('/')}`);
            await walk(child, depth + 1);
        }
    };
    await walk(dir, 1);
    return found;
}
/**
 * Checks that `goPackage` (relative to `workDir`) is a main package when it is
 * a local folder, and finds the program when it is not. Other package paths
 * (`example.com/x/cmd/y`, patterns) are go's to resolve.
 */
async function resolveGoTarget(workDir, goPackage, shownDir) {
    const given = goPackage.trim() === '' ? '.' : goPackage.trim();
    if (!(given === '.' || given.startsWith('./') || given.startsWith('../')) ||
        given.includes('...')) {
        return { goPackage: given, discovered: null };
    }
    const folder = (0,external_node_path_.resolve)(workDir, given);
    const declared = await packageOf(folder);
    if (declared === 'main')
        return { goPackage: given, discovered: null };
    const below = (await mainPackagesBelow(folder)).map((p) => given === '.' ? p : `./${(0,external_node_path_.join)(given, p).split(external_node_path_.sep).join('/')}`);
    const where = given === '.' ? `\`${shownDir}\`` : `\`${given}\` (in \`${shownDir}\`)`;
    const what = declared === null
        ? `${where} has no Go files`
        : `${where} is package ${declared}, a library, not a program (package main)`;
    if (below.length === 1 && given === '.')
        return { goPackage: below[0], discovered: below[0] };
    if (below.length > 0) {
        throw new errors/* UserError */.y(`${what}. Main packages here: ${below.join(', ')}; set \`package: ${below[0]}\` to build one.`);
    }
    throw new errors/* UserError */.y(`${what}, and there is no main package below it: from-scratch builds a program. ` +
        'Point `package` at the folder of your `package main` (e.g. `./cmd/server`), or `binary` at a prebuilt executable.');
}

// EXTERNAL MODULE: ./src/ground/input-parse.ts
var input_parse = __webpack_require__(1309);
;// CONCATENATED MODULE: ./src/compile/run.ts


















const DEFAULT_SOURCES = ['*.c'];
/** The last lines of a failed build's output that go into the error; the log has all of it. */
const TAIL_LINES = 30;
/**
 * Compiles the project described by `settings` into a static
 * binary in `settings.outputDir`, or takes the prebuilt `binary` as is.
 * Problems the user can fix are thrown as UserError.
 */
async function compile(settings, exec, log, options = {}) {
    const host = options.host ?? { platform: process.platform, arch: process.arch };
    const workspace = (0,external_node_path_.resolve)(settings.workspace);
    const workDir = (0,external_node_path_.resolve)(workspace, settings.workingDirectory);
    if (!(await run_isDirectory(workDir))) {
        throw new errors/* UserError */.y(`working-directory \`${settings.workingDirectory}\` is not a folder (looked for ${workDir}).`);
    }
    const ctx = {
        settings,
        exec,
        log,
        host,
        workspace,
        workDir,
        outputDir: (0,external_node_path_.resolve)(workspace, settings.outputDir),
        warnings: [],
        annotations: [],
        cleanups: [],
        whileCompiling: options.whileCompiling
    };
    try {
        return await compileIn(ctx);
    }
    finally {
        for (const cleanup of ctx.cleanups)
            await cleanup();
    }
}
async function compileIn(ctx) {
    const { settings, workDir } = ctx;
    // As go does: the module is the nearest go.mod at or above the folder; above it counts
    // when the folder holds Go files (a C project inside a Go repository stays C).
    const hasGoMod = (await exists((0,external_node_path_.join)(workDir, 'go.mod'))) ||
        ((await findModuleRoot(workDir)) !== null && (await hasGoFiles(workDir)));
    const sourceGlobs = (0,ground_words/* splitList */.ry)(settings.sources);
    const globs = sourceGlobs.length > 0 ? sourceGlobs : DEFAULT_SOURCES;
    const sources = needsSources({ ...settings, hasGoMod })
        ? matchFiles(globs, await listFiles(workDir, depthOf(globs)))
        : [];
    const plan = planBuild({
        ...settings,
        hasGoMod,
        sourceCount: sources.length,
        sources: globs
    });
    switch (plan.kind) {
        case 'prebuilt':
            return prebuilt(ctx);
        case 'go': {
            const target = await resolveGoTarget(workDir, settings.goPackage, (0,external_node_path_.relative)(ctx.workspace, workDir) || '.');
            if (target.discovered !== null) {
                ctx.log.info(`Building ${target.discovered}, the one main package here.`);
            }
            return compileGo({ ...ctx, settings: { ...settings, goPackage: target.goPackage } }, target.discovered);
        }
        case 'c':
            return compileC(ctx, sources);
        case 'command':
            return runBuildCommand(ctx, plan.language);
    }
}
async function prebuilt(ctx) {
    const { binary, platform, platformCount } = ctx.settings;
    checkPrebuiltPerPlatform(binary, platform, platformCount ?? 1);
    const binaryPath = await binaryIn(ctx);
    await mustBeFile(binaryPath, `binary \`${ctx.settings.binary}\``);
    ctx.log.info(`Using the prebuilt binary ${binaryPath}; nothing to compile.`);
    return result(ctx, binaryPath, 'prebuilt', 'prebuilt');
}
async function compileGo(ctx, discovered) {
    const { settings } = ctx;
    // `go version` answers beside the build, asked once go build is started; when go
    // is missing, its UserError is the one that explains why the build could not start.
    let versionAsked = null;
    const askVersion = () => {
        versionAsked ??= goToolchain(ctx, true);
        versionAsked.catch(() => undefined);
        return versionAsked;
    };
    const cc = settings.cgo ? await findCompiler(ctx, true) : undefined;
    const name = binaryName('go', settings.goPackage, ctx.workDir);
    const output = (0,external_node_path_.join)(ctx.outputDir, name);
    await (0,promises_.mkdir)(ctx.outputDir, { recursive: true });
    const slot = settings.cgo ? null : await goSlotFor(ctx, name);
    try {
        // go splits CC with its own quoting rules, which accept the shell's single quotes.
        const build = goBuild({
            ...settings,
            output: slot?.target ?? output,
            cc: cc && (0,ground_words/* showCommand */.TB)(cc.command)
        });
        const run = await runLogged(ctx, 'go', build.args, build.env, '`go build`', askVersion).catch(async (error) => {
            await askVersion();
            throw error;
        });
        const version = await askVersion();
        const built = await afterGoBuild(ctx, run, output, slot, cc ? `${version} + ${cc.toolchain}` : version);
        return discovered === null ? built : { ...built, discovered };
    }
    finally {
        await slot?.discard();
    }
}
/**
 * The program's slot in the terminal's go output cache, or null: no cache
 * (the action), or one that cannot be made, which only costs the link.
 */
async function goSlotFor(ctx, name) {
    const root = ctx.settings.goOutputCache;
    if (root === null || root === undefined)
        return null;
    const dir = goSlotDir(root, {
        workDir: ctx.workDir,
        goPackage: goPackageArg(ctx.settings.goPackage),
        binaryName: name,
        platform: ctx.settings.platform
    });
    try {
        const slot = await openGoSlot(dir, name);
        ctx.log.info(`go writes to the go output cache ${dir}, so an unchanged program is not linked again.`);
        return slot;
    }
    catch (error) {
        ctx.log.info(`Go output cache ${dir} not usable (${(0,errors/* messageOf */.b)(error)}); building without it.`);
        return null;
    }
}
async function afterGoBuild(ctx, run, output, slot, toolchain) {
    const { settings } = ctx;
    if (run.exitCode !== 0) {
        if (!settings.cgo && /build constraints exclude all Go files/.test(run.stderr)) {
            const cgoFiles = await filesImportingC((0,external_node_path_.resolve)(ctx.workDir, settings.goPackage));
            if (cgoFiles.length > 0) {
                throw new errors/* UserError */.y(`go build failed: ${cgoFiles.join(', ')} import "C" (cgo), and cgo is off (\`cgo: false\`, the default), so Go leaves those files out. ` +
                    'Set `cgo: true` to build them statically against musl, or drop the C code.');
            }
        }
        const found = goDiagnostics(run.stderr, { ...where(ctx), title: 'go build' });
        fail(ctx, found, `go build failed (exit ${run.exitCode})`, run);
    }
    if (slot !== null) {
        await mustBeFile(slot.target, 'the go build output');
        await slot.commit(output);
    }
    await mustBeFile(output, 'the go build output');
    return result(ctx, output, 'go', toolchain);
}
/** The .go files of a package folder that import "C", by name, sorted; [] when it cannot be read. */
async function filesImportingC(dir) {
    const names = await (0,promises_.readdir)(dir).catch(() => []);
    const found = [];
    for (const name of names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort()) {
        const text = await (0,promises_.readFile)((0,external_node_path_.join)(dir, name), 'utf8').catch(() => '');
        if (/^\s*import\s+"C"\s*$/m.test(text) || /^import\s*\([^)]*^\s*"C"\s*$/ms.test(text)) {
            found.push(name);
        }
    }
    return found;
}
async function compileC(ctx, sources) {
    const cflags = (0,ground_words/* splitWords */.yM)(ctx.settings.cflags, 'cflags');
    const compiler = await findCompiler(ctx, false);
    const output = (0,external_node_path_.join)(ctx.outputDir, binaryName('c', '', ctx.workDir));
    await (0,promises_.mkdir)(ctx.outputDir, { recursive: true });
    const [file, ...args] = cCompileArgs(compiler.command, cflags, sources, output);
    const run = await runLogged(ctx, file, args, {}, `\`${compiler.command[0]}\``);
    const found = cDiagnostics(run.stderr, { ...where(ctx), title: compiler.command[0] });
    if (run.exitCode !== 0)
        fail(ctx, found, `${compiler.toolchain} failed (exit ${run.exitCode})`, run);
    annotate(ctx, found);
    await mustBeFile(output, 'the compiler output');
    return result(ctx, output, 'c', compiler.toolchain);
}
async function runBuildCommand(ctx, language) {
    const { settings } = ctx;
    // Refused before anything runs when a shell would be needed; expanded once the environment is known.
    (0,ground_words/* splitWords */.yM)(settings.buildCommand, 'build-command', ground_words/* ANY_ENV */.tm);
    const cflags = (0,ground_words/* splitWords */.yM)(settings.cflags, 'cflags');
    const compiler = language === 'c' || settings.cgo ? await findCompiler(ctx, language === 'go') : null;
    const env = buildCommandEnv(settings.platform, settings.cgo, compiler && cBuildEnv(compiler.command, cflags));
    const toolchain = compiler?.toolchain ?? (await goToolchain(ctx, false));
    // $NAME and ${NAME} expand from the environment the command gets (CC, CFLAGS,
    // LDFLAGS, GOARCH, TARGET, PLATFORM_ARCH as set above), so `make CC="$CC"` works without a shell.
    // That environment is scrubbed: `$GITHUB_TOKEN` or `$INPUT_…` are unset there too.
    const [file, ...args] = (0,ground_words/* splitWords */.yM)(settings.buildCommand, 'build-command', (0,child_env/* childEnv */.g)(process.env, env));
    if (file === undefined)
        throw new errors/* UserError */.y('build-command expands to nothing.');
    const run = await runLogged(ctx, file, args, env, `build-command \`${file}\``);
    const context = { ...where(ctx), title: 'build-command' };
    const output = `${run.stderr}\n${run.stdout}`;
    const found = [
        ...goDiagnostics(output, context).filter(isGoFile),
        ...cDiagnostics(output, context)
    ];
    if (run.exitCode !== 0)
        fail(ctx, found, `build-command \`${file}\` failed (exit ${run.exitCode})`, run);
    annotate(ctx, found);
    const binaryPath = await binaryIn(ctx);
    await mustBeFile(binaryPath, `binary \`${settings.binary}\` (what build-command should write)`);
    return result(ctx, await keptApart(ctx, binaryPath), language, toolchain);
}
/**
 * With several platforms, a build-command whose `binary` is one path for all
 * (`make` writing `./app`) overwrites one platform's result with the next;
 * each result is copied into its platform's own output folder then.
 */
async function keptApart(ctx, binaryPath) {
    const { binary, platformCount } = ctx.settings;
    if ((platformCount ?? 1) <= 1 || namesPlatformArch(binary))
        return binaryPath;
    const kept = (0,external_node_path_.join)(ctx.outputDir, (0,external_node_path_.basename)(binaryPath));
    if ((0,external_node_path_.resolve)(kept) === (0,external_node_path_.resolve)(binaryPath))
        return binaryPath;
    await (0,promises_.mkdir)(ctx.outputDir, { recursive: true });
    await (0,promises_.copyFile)(binaryPath, kept);
    ctx.log.info(`Copied ${binaryPath} to ${kept}, so the next platform's build does not overwrite it.`);
    return kept;
}
function isGoFile(annotation) {
    return /\.go$/.test(annotation.file ?? '') || /^\S+\.go:/.test(annotation.message);
}
/** `go1.23.5`; `required` turns a missing go into the UserError, else `go (not found)`. */
async function goToolchain(ctx, required) {
    try {
        const run = await ctx.exec.run('go', ['version'], { cwd: ctx.workDir });
        if (run.exitCode === 0)
            return goVersion(run.stdout);
        if (required)
            throw new errors/* UserError */.y('`go version` failed.', tail(run));
        return 'go (unknown version)';
    }
    catch (error) {
        if (!(error instanceof exec/* ProgramNotFoundError */.oo))
            throw error;
        if (!required)
            return 'build-command (no go on PATH)';
        throw new errors/* UserError */.y('Go is not installed: there is no `go` on PATH. Add `actions/setup-go` (with ' +
            '`go-version-file: go.mod`) before this step, or install it: ' +
            '`sudo apt-get install golang-go` (Debian/Ubuntu).');
    }
}
/** The configured `cc`, or the first candidate that exists on this host. */
async function findCompiler(ctx, muslOnly) {
    const { platform } = ctx.settings;
    const configured = ctx.settings.cc.trim();
    if (configured !== '') {
        // `zig cc -target $TARGET` names each platform's compiler in one `cc`.
        const command = (0,ground_words/* splitWords */.yM)(configured, 'cc', (0,child_env/* childEnv */.g)(process.env, platformVars(platform)));
        // The whole command asks for the version: `zig cc … --version` works, `zig --version` does not.
        const version = await probe(ctx, command[0], [...command.slice(1), '--version']);
        if (version === null) {
            throw new errors/* UserError */.y(`cc \`${configured}\`: \`${command[0]}\` is not on PATH.`, [
                installHint(ctx.host, platform)
            ]);
        }
        return { command, toolchain: describeCompiler(command[0], version.ok ? version.output : '') };
    }
    const broken = [];
    let chosen = null;
    let version = '';
    // Probe in order and stop at the first that answers: later candidates do not matter then.
    for (const candidate of compilerCandidates(ctx.host, muslOnly, platform)) {
        const answer = await probe(ctx, candidate.program, candidate.versionArgs);
        if (answer === null)
            continue;
        // A wrapper that is there but cannot run its compiler (musl-dev:arm64 without
        // gcc-aarch64-linux-gnu) is not a compiler; what it printed says why.
        if (!answer.ok && candidate.muslWrapper) {
            broken.push(`\`${candidate.program} --version\` failed: ${firstLine(answer.output)}`);
            continue;
        }
        chosen = chooseCompiler(ctx.host, new Set([candidate.program]), muslOnly, platform);
        version = answer.ok ? answer.output : '';
        break;
    }
    if (!chosen) {
        const tried = compilerCandidates(ctx.host, muslOnly, platform).map((c) => `\`${c.command.join(' ')}\``);
        const purpose = muslOnly ? 'cgo needs a musl C compiler' : 'C needs a static C compiler';
        const missing = tried.length === 1 ? `${tried[0]} is not` : `none of ${tried.join(', ')} is`;
        throw new errors/* UserError */.y(`No C compiler found: ${purpose} for ${(0,ground_platform/* platformName */.$r)(platform)}, and ${missing} on PATH` +
            `${broken.length > 0 ? ' and working' : ''}. ${installHint(ctx.host, platform)}`, broken);
    }
    if (chosen.glibc) {
        ctx.log.warning(GLIBC_STATIC_WARNING);
        ctx.warnings.push(GLIBC_STATIC_WARNING);
    }
    const name = chosen.program === 'zig' ? 'zig cc' : chosen.program;
    return {
        command: chosen.muslWrapper
            ? await withKernelHeaders(ctx, chosen.program, chosen.command)
            : chosen.command,
        toolchain: describeCompiler(name, version)
    };
}
function firstLine(text) {
    return text.trim().split('\n')[0]?.trim() || 'no output';
}
/**
 * A musl wrapper plus `-idirafter` a folder of links to the kernel's userspace
 * headers for the platform (linux-libc-dev), which the wrapper alone does not
 * search; removed when the compile is over. Unchanged when they are not installed.
 */
async function withKernelHeaders(ctx, program, command) {
    const { platform } = ctx.settings;
    const sources = kernelHeaderSources(platform, { native: (0,ground_platform/* hostIs */.Fx)(platform, ctx.host) });
    const headers = await kernelHeaderFolder(sources, ctx.settings.tempDir);
    if (headers === null) {
        ctx.log.info(`${program}: no kernel headers for ${(0,ground_platform/* platformName */.$r)(platform)} (looked in ${sources[0].candidates.join(', ')}), so <linux/…> includes will not be found; install linux-libc-dev if the program needs them.`);
        return [...command];
    }
    ctx.cleanups.push(headers.cleanup);
    ctx.log.info(`${program}: kernel headers (${headers.linked.map((name) => `${name}/`).join(', ')}) from linux-libc-dev via -idirafter ${headers.dir}`);
    return [...command, '-idirafter', headers.dir];
}
/**
 * What the version flag printed and whether it exited 0, or null when the
 * program is not there.
 */
async function probe(ctx, program, args) {
    try {
        const run = await ctx.exec.run(program, args, { timeoutMs: 30_000 });
        const ok = run.exitCode === 0;
        return { ok, output: ok ? run.stdout || run.stderr : `${run.stderr}\n${run.stdout}`.trim() };
    }
    catch (error) {
        if (error instanceof exec/* ProgramNotFoundError */.oo)
            return null;
        throw error;
    }
}
async function runLogged(ctx, file, args, env, what, 
/** Called once the program is started, for questions to ask beside it. */
started) {
    const shownEnv = Object.entries(env).map(([k, v]) => (0,ground_words/* showCommand */.TB)([`${k}=${v}`]));
    ctx.log.info(`${(0,external_node_path_.relative)(ctx.workspace, ctx.workDir) || '.'}$ ${[...shownEnv, (0,ground_words/* showCommand */.TB)([file, ...args])].join(' ')}`);
    const timeoutMs = ctx.settings.buildTimeoutMs ?? input_parse/* DEFAULT_BUILD_TIMEOUT_MS */.G$;
    let run;
    try {
        // The adapter streams the output into the log; the result keeps only its tail.
        const running = ctx.exec.run(file, args, { cwd: ctx.workDir, env, echo: true, timeoutMs });
        started?.();
        ctx.whileCompiling?.();
        run = await running;
    }
    catch (error) {
        if (error instanceof exec/* ProgramNotFoundError */.oo) {
            throw new errors/* UserError */.y(`\`${file}\` is not installed: it is not on PATH (run from ${ctx.workDir}).`);
        }
        throw error;
    }
    if (run.timedOut) {
        throw new errors/* UserError */.y(`${what} did not finish within ${(0,input_parse/* formatDuration */.a3)(timeoutMs)} (the \`build-timeout\` input) and was stopped. ` +
            'If the build needs longer, raise `build-timeout`, e.g. `build-timeout: 1h`.', tail(run));
    }
    return run;
}
function where(ctx) {
    return { cwd: ctx.workDir, workspace: ctx.workspace };
}
function annotate(ctx, found) {
    for (const annotation of found) {
        ctx.log.annotate(annotation);
        ctx.annotations.push(annotation);
    }
}
function fail(ctx, found, what, run) {
    annotate(ctx, found);
    const place = found.filter((a) => a.severity === 'error')[0];
    // The output went to the log as it ran and each error is an annotation: the
    // error names where, once, and does not print the compiler's words a third time.
    if (place?.file) {
        throw new errors/* UserError */.y(`${what} at ${place.file}:${place.line}; the compiler's messages are in the log above and annotated on the code.`);
    }
    throw new errors/* UserError */.y(`${what}. The full output is in the log above.`, tail(run));
}
function tail(run) {
    const lines = `${run.stderr}\n${run.stdout}`.split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-TAIL_LINES);
}
function result(ctx, binaryPath, language, toolchain) {
    return { binaryPath, language, toolchain, warnings: ctx.warnings, annotations: ctx.annotations };
}
async function exists(path) {
    try {
        await (0,promises_.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
async function run_isDirectory(path) {
    try {
        return (await (0,promises_.stat)(path)).isDirectory();
    }
    catch {
        return false;
    }
}
/** The `binary` input as a path: relative to working-directory, never led out of the workspace by a link or `..`. */
function binaryIn(ctx) {
    return pathInWorkspace({
        workspace: ctx.workspace,
        base: ctx.workDir,
        written: binaryFor(ctx.settings.binary, ctx.settings.platform),
        what: 'binary'
    });
}
async function mustBeFile(path, what) {
    let ok = false;
    try {
        ok = (await (0,promises_.stat)(path)).isFile();
    }
    catch {
        ok = false;
    }
    if (!ok) {
        const shown = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(path);
        throw new errors/* UserError */.y(`${what} is not a file: nothing at ${shown}.`);
    }
}

// EXTERNAL MODULE: ./src/elf/advice.ts
var advice = __webpack_require__(3597);
// EXTERNAL MODULE: ./src/elf/inspect.ts + 14 modules
var inspect = __webpack_require__(78);
;// CONCATENATED MODULE: ./src/elf/verify.ts




/** The binary would not run in an empty image; carries what was learned so outputs can still be set. */
class RejectedBinaryError extends errors/* UserError */.y {
    inspection;
    constructor(inspection, message, details) {
        super(message, details);
        this.inspection = inspection;
    }
}
/**
 * Findings a file in the image answers (`include: auto` adds it): the image
 * stage says whether the image has it, a notice when it does and a warning
 * only when it does not, so they are not warnings here.
 */
const ANSWERED_IN_IMAGE = [
    'ca-certificates',
    'tzdata',
    'user-lookup',
    'tmp'
];
function line(finding) {
    return `${finding.message} (evidence: ${finding.evidence.join(', ')})`;
}
/** Log lines for the findings no image file answers: one warning each, with its evidence. */
function findingWarnings(inspection) {
    return inspection.findings.filter((f) => !ANSWERED_IN_IMAGE.includes(f.id)).map(line);
}
/** Log lines for the findings the image stage settles: plain information here. */
function findingNotes(inspection) {
    return inspection.findings.filter((f) => ANSWERED_IN_IMAGE.includes(f.id)).map(line);
}
/** Why a rejected binary was rejected, and what to change: the job's failure message. */
function rejection(inspection, language, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    const { verdict } = inspection;
    const details = [
        ...(verdict.interpreter ? [`interpreter: ${verdict.interpreter}`] : []),
        ...(verdict.needed.length > 0 ? [`needed libraries: ${verdict.needed.join(', ')}`] : []),
        `fix: ${(0,advice/* adviceFor */.c)(inspection, language, platform)}`
    ];
    return new RejectedBinaryError(inspection, `${inspection.path} will not run in a FROM scratch image: ${verdict.summary}`, details);
}
/** Reads the binary's headers, logs the verdict and findings, and throws when it cannot run in scratch. */
async function verifyBinary(binaryPath, 
/** What compiled it; null for a prebuilt binary, whose advice must not assume a toolchain. */
language, log, 
/** What the binary must be built for. */
platform) {
    // Where the bytes are is read later, beside the image stage (binarySizes), for a binary
    // that passes; a rejected one has no later, and its report shows them too.
    const judged = await (0,inspect/* inspectBinary */.wm)(binaryPath, { platform });
    const inspection = judged.verdict.accepted
        ? judged
        : { ...judged, sizes: await (0,inspect/* binarySizes */.QA)(binaryPath, platform) };
    log.info(`${inspection.verdict.linkage}: ${inspection.verdict.summary}`);
    if (inspection.go)
        log.info(`built with ${inspection.go.version} (${inspection.go.path})`);
    for (const warning of findingWarnings(inspection))
        log.warning(warning);
    for (const note of findingNotes(inspection))
        log.info(`found: ${note}`);
    if (!inspection.verdict.accepted) {
        throw rejection(inspection, language, platform);
    }
    return inspection;
}

// EXTERNAL MODULE: ./src/ground/git-context.ts
var git_context = __webpack_require__(3985);
;// CONCATENATED MODULE: ./src/image/push-error.ts

/**
 * A push failed after the image was built (and smoke-tested). It is a
 * UserError like any other; `result` is there for a report of the local
 * image, and never has a digest.
 */
class ImagePushError extends errors/* UserError */.y {
    result;
    constructor(message, details, result) {
        super(message, details);
        this.result = result;
    }
}

;// CONCATENATED MODULE: ./src/image/buildx.ts


/**
 * argv for `docker buildx build`. Every flag here is accepted by buildx 0.13
 * with the plain `docker` driver (checked against dockerd 20.10 / BuildKit
 * v0.8). `--provenance=false` is explicit because buildx otherwise asks for an
 * attestation, which the docker driver refuses and which would make the
 * pushed image an index instead of a plain manifest. SOURCE_DATE_EPOCH is a
 * build arg newer BuildKit (≥ 0.11) uses for timestamps; older ones ignore it
 * and the context's fixed mtimes keep the layers stable anyway.
 */
function buildxArgv(args) {
    const argv = ['buildx', 'build'];
    if (args.builder !== null)
        argv.push('--builder', args.builder);
    if (args.platforms.length === 0)
        throw new Error('buildxArgv needs at least one platform');
    argv.push('--platform', args.platforms.map(ground_platform/* platformName */.$r).join(','));
    for (const tag of args.tags)
        argv.push('--tag', tag);
    for (const [key, value] of Object.entries(args.labels))
        argv.push('--label', `${key}=${value}`);
    argv.push(args.provenance ? '--provenance=true' : '--provenance=false');
    if (args.output === 'push' || args.output === 'load')
        argv.push(`--${args.output}`);
    else {
        const rewrite = args.output.rewriteTimestamp ? ',rewrite-timestamp=true' : '';
        argv.push('--output', `type=oci,dest=${csvField(args.output.ociArchive)}${rewrite}`);
    }
    argv.push('--build-arg', `SOURCE_DATE_EPOCH=${args.sourceDateEpoch}`);
    argv.push('--metadata-file', args.metadataFile);
    argv.push('--iidfile', args.iidFile);
    argv.push('--file', args.dockerfile);
    argv.push(args.contextDir);
    return argv;
}
/** One field of buildx's comma-separated `--output` value, quoted when it needs to be. */
function csvField(value) {
    return /[",\s]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
const DIGEST = /^sha256:[0-9a-f]{64}$/;
function digestOf(value) {
    return typeof value === 'string' && DIGEST.test(value) ? value : null;
}
/** Parses the JSON buildx writes to `--metadata-file`. */
function parseMetadata(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new Error(`buildx wrote a metadata file that is not JSON: ${text.slice(0, 200)}`);
    }
    if (typeof parsed !== 'object' || parsed === null)
        return { digest: null, configDigest: null };
    const record = parsed;
    return {
        digest: digestOf(record['containerimage.digest']),
        configDigest: digestOf(record['containerimage.config.digest'])
    };
}
/** Parses `--iidfile`: one `sha256:…`, maybe with whitespace. */
function parseIidFile(text) {
    const id = text.trim();
    if (!DIGEST.test(id))
        throw new Error(`buildx wrote an image id file without an id: ${JSON.stringify(text.slice(0, 200))}`);
    return id;
}
/** The lines of buildx output that say what went wrong (`ERROR: …`), or the tail when there are none. */
function errorLines(output) {
    const all = output.split('\n').map((line) => line.trimEnd());
    const errors = all.filter((line) => /^(#\d+ )?ERROR:|^error:/i.test(line));
    const picked = errors.length > 0 ? errors : all.filter((line) => line !== '').slice(-15);
    return [...new Set(picked)];
}
/**
 * True when docker said it has no `buildx` command: the plugin is missing.
 * docker 20.10 says "'buildx' is not a docker command", docker 28 "unknown
 * command: docker buildx", or, when a flag follows, fails on that flag with
 * the usage of docker itself (buildx's own usage names `docker buildx build`).
 * Learnt from the build itself instead of a probe.
 */
function saysBuildxIsMissing(output) {
    return (/'buildx' is not a docker command|unknown command:? "?(docker )?buildx\b/i.test(output) ||
        /unknown flag: .*\n\s*Usage:\s+docker \[OPTIONS\] COMMAND/.test(output));
}
/** What stops buildx here, named before anything was built; `auto` falls back to the writer on it. */
class BuildxUnusableError extends errors/* UserError */.y {
}
/**
 * True when buildx said its docker driver cannot build or export several
 * platforms at once: what it says on an engine with the classic image store
 * (checked on dockerd 20.10 with buildx 0.13: no output, `--load` and
 * `--output type=oci` each refuse with one of these).
 */
function saysSeveralPlatformsRefused(output) {
    return /Multi-platform build is not supported for the docker driver|docker exporter does not currently support exporting manifest lists|OCI exporter is not supported for the docker driver/i.test(output);
}
/**
 * Why buildx builds no index of several platforms here, and what to do. A
 * BuildxUnusableError, so `auto` builds the index with the writer instead and
 * says this once; with `builder: buildx` it is the error.
 */
function severalPlatformsError(platforms, output) {
    const detail = output.trim() === '' ? [] : [output.trim()];
    return new BuildxUnusableError(`buildx's docker driver cannot build several platforms (${platforms.map(ground_platform/* platformName */.$r).join(', ')}) with the classic image store; it can with the containerd image store.`, [
        'Turn on the containerd image store (Docker 24 to 28: {"features":{"containerd-snapshotter":true}} in /etc/docker/daemon.json and restart dockerd; the default of fresh Docker 29 installs),',
        "or set `builder: oci` (or `auto`): the daemonless writer builds the index without Docker and loads the runner's own platform.",
        ...detail
    ]);
}
function missingError(what, output) {
    const detail = output.trim() === '' ? [] : [output.trim()];
    switch (what) {
        case 'docker-cli':
            return new errors/* UserError */.y('The docker CLI is not installed on this runner (`docker` is not on PATH).', [
                'Use a runner with Docker (ubuntu-latest has it), or add docker/setup-docker-action before this step.',
                ...detail
            ]);
        case 'daemon':
            return new errors/* UserError */.y('The Docker daemon is not reachable, so no image can be built.', [
                'Start Docker on the runner (docker/setup-docker-action does), or check DOCKER_HOST.',
                ...detail
            ]);
        case 'buildx':
            return new BuildxUnusableError('The docker buildx plugin is missing (`docker buildx` is not a docker command here).', [
                'Add docker/setup-buildx-action before this step, or install the docker-buildx plugin.',
                ...detail
            ]);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/image/entry-list.ts
/**
 * The rootfs as one list of entries: every path of a layer with its mode,
 * owner and where its content comes from. Made once from the plan
 * (materialise.ts); the buildx context writer and the OCI layer writer both
 * consume it, so the two engines cannot drift on modes, links or parents.
 */
/** Every entry is owned by root, as COPY without --chown makes it. */
const OWNER = { uid: 0, gid: 0 };
/** Setuid and setgid never reach the image, whatever the runner's file had. */
function normaliseMode(mode) {
    return mode & 0o1777;
}
function entry(path, mode, source) {
    return { path, mode: normaliseMode(mode), ...OWNER, source };
}
/** Folders the plan does not name but a file needs: 0755, and /tmp stays writable for all. */
function parentMode(path) {
    return path === 'tmp' ? 0o1777 : 0o755;
}
/**
 * Order of a directory walk with sorted names (Go's filepath.Walk, which
 * dockerd uses to tar a layer): component by component, bytewise, so `a/b`
 * comes before `a.b` although `.` sorts before `/`.
 */
function comparePaths(a, b) {
    const left = a.split('/');
    const right = b.split('/');
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const order = Buffer.compare(Buffer.from(left[i]), Buffer.from(right[i]));
        if (order !== 0)
            return order;
    }
    return left.length - right.length;
}
function kindOf(entry) {
    switch (entry.source.from) {
        case 'host':
        case 'bytes':
            return 'file';
        case 'directory':
            return 'folder';
        case 'symlink':
            return 'symlink';
    }
}
/**
 * Adds every missing parent folder, keeps one entry per path (a folder the
 * plan names wins over an implied one) and sorts in walk order.
 */
function completeEntries(entries) {
    const byPath = new Map();
    for (const item of entries) {
        const existing = byPath.get(item.path);
        if (existing !== undefined &&
            !(existing.source.from === 'directory' && item.source.from === 'directory')) {
            throw new Error(`the layer lists ${item.path} twice`);
        }
        byPath.set(item.path, item);
    }
    for (const item of entries) {
        const parts = item.path.split('/');
        for (let i = 1; i < parts.length; i++) {
            const parent = parts.slice(0, i).join('/');
            const existing = byPath.get(parent);
            if (existing === undefined) {
                byPath.set(parent, entry(parent, parentMode(parent), { from: 'directory' }));
            }
            else if (existing.source.from !== 'directory') {
                throw new Error(`${parent} is both a folder and a ${kindOf(existing)} in one layer`);
            }
        }
    }
    return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
}
/** Bytes the entry's content takes (symlinks and folders have none). */
function dataSize(item) {
    if (item.source.from === 'host')
        return item.source.size;
    if (item.source.from === 'bytes')
        return item.source.data.length;
    return 0;
}

;// CONCATENATED MODULE: ./src/image/materialise.ts




// The adapter between a planned layer and the disk, for both engines: the plan's
// entries become the layer's list of paths, with every choice made here once.
// User files keep "executable or not" (so a helper script stays runnable),
// trees are files 0444 and folders 0755, relative links that stay inside a
// tree are kept and others left out (they would dangle), other file types are
// left out. Files are only stat'ed: their contents are read once, later, by
// the engine that writes them.
function inImage(dest) {
    return dest.replace(/^\/+/, '');
}
function what(kind) {
    return kind === 'files' ? 'files' : kind === 'tzdata' ? 'include tzdata' : kind;
}
async function regularFile(src, label) {
    let info;
    try {
        info = await (0,promises_.stat)(src);
    }
    catch {
        throw new errors/* UserError */.y(`${label}: ${src} does not exist.`);
    }
    if (!info.isFile())
        throw new errors/* UserError */.y(`${label}: ${src} is not a regular file.`);
    return { size: info.size, mode: info.mode };
}
async function tree(src, dest, skip, out, root = src) {
    out.push(entry(dest, 0o755, { from: 'directory' }));
    const names = (await (0,promises_.readdir)(src)).sort();
    for (const name of names) {
        if (skip.includes(name))
            continue;
        const from = (0,external_node_path_.join)(src, name);
        const path = `${dest}/${name}`;
        const info = await (0,promises_.lstat)(from);
        if (info.isSymbolicLink()) {
            const target = await (0,promises_.readlink)(from);
            const inside = !(0,external_node_path_.isAbsolute)(target) && !(0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(src, target)).startsWith('..');
            if (inside)
                out.push(entry(path, 0o777, { from: 'symlink', target }));
        }
        else if (info.isDirectory()) {
            await tree(from, path, [], out, root);
        }
        else if (info.isFile()) {
            out.push(entry(path, 0o444, { from: 'host', path: from, size: info.size }));
        }
    }
}
async function entriesOf(kind, planned, out) {
    const path = inImage(planned.dest);
    switch (planned.type) {
        case 'file': {
            const { size, mode: hostMode } = await regularFile(planned.src, what(kind));
            const mode = kind === 'files' && (hostMode & 0o111) !== 0 ? 0o555 : planned.mode;
            out.push(entry(path, mode, { from: 'host', path: planned.src, size }));
            return;
        }
        case 'text':
            out.push(entry(path, planned.mode, { from: 'bytes', data: Buffer.from(planned.content) }));
            return;
        case 'dir':
            out.push(entry(path, planned.mode, { from: 'directory' }));
            return;
        case 'tree':
            await tree(planned.src, path, planned.skip, out);
            return;
    }
}
/** One planned layer as the list of entries both engines write. */
async function materialiseLayer(layer) {
    const listed = [];
    for (const planned of layer.entries)
        await entriesOf(layer.kind, planned, listed);
    const files = listed.flatMap((item) => item.source.from === 'host' || item.source.from === 'bytes'
        ? [{ path: `/${item.path}`, size: dataSize(item) }]
        : []);
    return {
        kind: layer.kind,
        entries: completeEntries(listed),
        files,
        bytes: files.reduce((sum, file) => sum + file.size, 0)
    };
}

// EXTERNAL MODULE: ./src/image/rootfs.ts
var rootfs = __webpack_require__(9098);
;// CONCATENATED MODULE: ./src/image/context.ts






// The buildx engine's writer: the rootfs entry list (materialise.ts, the same
// list the OCI layer writer tars) copied into a fresh folder that holds only
// what goes into the image, at fixed modes and one fixed mtime, so
// nothing else of the repository reaches the builder and every file's content,
// mode and mtime is the same between identical builds. (BuildKit v0.8 still
// stamps the parent folders it creates itself, such as /etc, with its own
// clock; the daemonless writer is the engine that is reproducible to the byte.)
async function firstExisting(paths, kind) {
    for (const path of paths) {
        try {
            const info = await (0,promises_.stat)(path);
            if (kind === 'file' ? info.isFile() : info.isDirectory()) {
                await (0,promises_.access)(path, external_node_fs_.constants.R_OK);
                return path;
            }
        }
        catch {
            // Not here; try the next place.
        }
    }
    return null;
}
/** Looks up the CA bundle and zoneinfo folder the plan may need. */
async function findHostFiles(binaryPath, caCandidates = rootfs/* CA_BUNDLE_CANDIDATES */.f5, zoneinfoCandidates = rootfs/* ZONEINFO_CANDIDATES */.al) {
    return {
        binaryPath,
        caBundle: await firstExisting(caCandidates, 'file'),
        zoneinfo: await firstExisting(zoneinfoCandidates, 'dir')
    };
}
/** Writes one entry of the list under `layerDir`; parents come before their children. */
async function writeEntry(layerDir, item) {
    const to = (0,external_node_path_.join)(layerDir, item.path);
    const source = item.source;
    switch (source.from) {
        case 'host':
            await (0,promises_.copyFile)(source.path, to);
            break;
        case 'bytes':
            await (0,promises_.writeFile)(to, source.data);
            break;
        case 'directory':
            await (0,promises_.mkdir)(to, { recursive: true });
            break;
        case 'symlink':
            // A link has no mode of its own on Linux; the tar writer gives it 0777 too.
            await (0,promises_.symlink)(source.target, to);
            return;
    }
    await (0,promises_.chmod)(to, item.mode);
}
/** Sets every mtime and atime under `dir` to `epoch`, children first (writing into a folder touches it). */
async function pinTimes(dir, epoch) {
    for (const name of await (0,promises_.readdir)(dir)) {
        const path = (0,external_node_path_.join)(dir, name);
        const info = await (0,promises_.lstat)(path);
        if (info.isDirectory())
            await pinTimes(path, epoch);
        await (0,promises_.lutimes)(path, epoch, epoch);
    }
    await (0,promises_.lutimes)(dir, epoch, epoch);
}
/** Writes each layer of the plan as a folder of `dir`; what each turned out to hold. */
async function writeLayers(dir, plan) {
    const layers = [];
    for (const layer of plan.layers) {
        const layerDir = (0,external_node_path_.join)(dir, layer.dir);
        await (0,promises_.mkdir)(layerDir);
        await (0,promises_.chmod)(layerDir, 0o755);
        const listed = await materialiseLayer(layer);
        for (const item of listed.entries)
            await writeEntry(layerDir, item);
        layers.push({ kind: layer.kind, bytes: listed.bytes, files: listed.files });
    }
    return layers;
}
/** A fresh temporary folder under `parent` with an empty `context` folder in it; `fill` writes into that. */
async function freshContext(parent, epoch, fill) {
    const root = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'from-scratch-image-'));
    const cleanup = () => (0,promises_.rm)(root, { recursive: true, force: true });
    try {
        const contextDir = (0,external_node_path_.join)(root, 'context');
        await (0,promises_.mkdir)(contextDir);
        const filled = await fill(contextDir);
        await pinTimes(contextDir, epoch);
        return { root, contextDir, filled, cleanup };
    }
    catch (error) {
        await cleanup();
        throw error;
    }
}
/** Writes the plan into a fresh temporary folder under `parent`; the caller must `cleanup()`. */
async function writeContext(plan, epoch, parent = (0,external_node_os_.tmpdir)()) {
    const { root, contextDir, filled, cleanup } = await freshContext(parent, epoch, (dir) => writeLayers(dir, plan));
    return { root, contextDir, layers: filled, cleanup };
}
/** What TARGETARCH can be, and so a folder name the Dockerfile can spell. */
const ARCHITECTURE_DIR = /^[a-z][a-z0-9_]*$/;
/**
 * Writes each platform's plan under `<context>/<architecture>/`, so one Dockerfile
 * that copies from `${TARGETARCH}/…` builds every platform at once; the caller must `cleanup()`.
 */
async function writeIndexContext(platforms, epoch, parent = (0,external_node_os_.tmpdir)()) {
    const { root, contextDir, filled, cleanup } = await freshContext(parent, epoch, async (dir) => {
        const written = [];
        for (const { architecture, plan } of platforms) {
            if (!ARCHITECTURE_DIR.test(architecture)) {
                throw new Error(`bad architecture folder name ${architecture}`);
            }
            const archDir = (0,external_node_path_.join)(dir, architecture);
            await (0,promises_.mkdir)(archDir);
            await (0,promises_.chmod)(archDir, 0o755);
            written.push({ architecture, layers: await writeLayers(archDir, plan) });
        }
        return written;
    });
    return { root, contextDir, platforms: filled, cleanup };
}

// EXTERNAL MODULE: ./src/image/include.ts
var include = __webpack_require__(4189);
;// CONCATENATED MODULE: ./src/image/smoke.ts





/** argv for one smoke run: no network, removed afterwards, named so a timeout can remove it. */
function smokeArgv(image, name, args) {
    return [...runStart(name), image, ...args];
}
/** `docker run` of a smoke container, up to its image: removed after, named, no network. */
function runStart(name) {
    return ['run', '--rm', '--name', name, '--network', 'none'];
}
/** The container's output, trimmed to what fits in a log, for error details. */
function outputLines(outcome) {
    const text = `${outcome.stdout}${outcome.stdout && outcome.stderr ? '\n' : ''}${outcome.stderr}`.trim();
    if (text === '')
        return ['(the container printed nothing)'];
    const lines = text.split('\n');
    return lines.length > 40 ? ['…', ...lines.slice(-40)] : lines;
}
/** null when the run passed; otherwise the UserError that says why and shows the output. */
function judgeSmoke(outcome, command, timeoutMs, platform) {
    if (outcome.timedOut) {
        return new errors/* UserError */.y(`Smoke test: \`${command}\` did not finish within ${timeoutMs / 1000}s.`, [
            'smoke-test runs the program once and expects it to exit; give args that make it exit (e.g. --version), or leave smoke-test empty for servers.',
            ...outputLines(outcome)
        ]);
    }
    if (outcome.exitCode === 0)
        return null;
    const all = `${outcome.stdout}\n${outcome.stderr}`;
    let hint = `The program exited with ${outcome.exitCode}.`;
    if (/exec format error/i.test(all)) {
        hint = `The kernel cannot execute the binary (exec format error): it is not a ${(0,ground_platform/* platformName */.$r)(platform)} executable.`;
    }
    else if (/no such file or directory/i.test(all) && outcome.exitCode >= 125) {
        hint =
            'The binary could not be started (no such file or directory): usually a dynamic loader it needs is not in the image; link it statically.';
    }
    else if (outcome.exitCode === 125) {
        hint = 'Docker could not run the container.';
    }
    return new errors/* UserError */.y(`Smoke test failed: \`${command}\`. ${hint}`, outputLines(outcome));
}
/** Where the emulator is mounted inside the container: a name no image of ours uses. */
const EMULATOR_MOUNT = '/.from-scratch-qemu';
/** The CPU as qemu names its user-mode emulators (`aarch64`), from the GNU triple. */
function qemuCpu(platform) {
    const triple = (0,ground_platform/* gnuTriple */.vs)(platform, 'gnu');
    return triple.slice(0, triple.indexOf('-'));
}
/** Debian's and Ubuntu's static user-mode emulator for `platform` (package qemu-user-static). */
function emulatorName(platform) {
    return `qemu-${qemuCpu(platform)}-static`;
}
/** The binfmt_misc entry qemu-user-static and tonistiigi/binfmt register for `platform`. */
function binfmtEntryName(platform) {
    return `qemu-${qemuCpu(platform)}`;
}
/**
 * Whether binfmt_misc runs the platform's binaries inside a container: the
 * feature and the entry enabled, and the entry registered with the F (fix
 * binary) flag, so the kernel holds the emulator open and a scratch rootfs
 * needs no copy of it. Pure: takes the texts of `status` and of the entry
 * (null when the file is missing).
 */
function binfmtRuns(status, entry) {
    if (status === null || entry === null)
        return false;
    if (status.trim() !== 'enabled')
        return false;
    const lines = entry.split('\n').map((line) => line.trim());
    if (lines[0] !== 'enabled')
        return false;
    const flags = lines.find((line) => line.startsWith('flags:'));
    return flags !== undefined && flags.slice('flags:'.length).includes('F');
}
/** How to run the image, from what was found on the machine. Pure. */
function chooseRoute(facts) {
    const { platform, engine } = facts;
    // An engine that does not say its platform is asked to run the image as it is, as before.
    if (engine === null || (0,ground_platform/* platformName */.$r)(engine) === (0,ground_platform/* platformName */.$r)(platform))
        return { how: 'native' };
    if (facts.binfmt)
        return { how: 'binfmt' };
    const name = emulatorName(platform);
    if (facts.emulator !== null)
        return { how: 'emulator', name, path: facts.emulator };
    return {
        how: 'none',
        why: `the engine runs ${(0,ground_platform/* platformName */.$r)(engine)} and nothing here runs ${(0,ground_platform/* platformName */.$r)(platform)} binaries: install qemu-user-static (\`sudo apt-get install qemu-user-static\`, which puts ${name} on PATH) or register binfmt handlers (docker/setup-qemu-action)`
    };
}
/**
 * argv for one smoke run along `route` (never `none`). The emulator's path is
 * the one found on PATH, outside the workspace; nothing in it comes from the repository.
 */
function routeArgv(route, command, name) {
    switch (route.how) {
        case 'native':
            return smokeArgv(command.image, name, command.args);
        case 'binfmt':
            return [
                ...runStart(name),
                '--platform',
                (0,ground_platform/* platformName */.$r)(command.platform),
                command.image,
                ...command.args
            ];
        case 'emulator': {
            const args = command.args.length > 0 ? command.args : command.cmd;
            return [
                ...runStart(name),
                '--platform',
                (0,ground_platform/* platformName */.$r)(command.platform),
                // --mount fails when the source is missing (a daemon on another machine); -v would make a folder.
                '--mount',
                `type=bind,source=${route.path},target=${EMULATOR_MOUNT},readonly`,
                '--entrypoint',
                EMULATOR_MOUNT,
                command.image,
                ...command.entrypoint,
                ...args
            ];
        }
        case 'none':
            throw new Error(`no way to run ${(0,ground_platform/* platformName */.$r)(command.platform)} here: ${route.why}`);
    }
}
/** `docker version`'s `{{.Server.Os}}/{{.Server.Arch}}` as a platform; null for anything else. Pure. */
function parseEnginePlatform(text) {
    const match = /^([a-z0-9]+)\/([a-z0-9_]+)$/.exec(text.trim());
    if (match === null)
        return null;
    return { os: match[1], architecture: match[2], variant: null };
}
const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
const QUICK_TIMEOUT_MS = 30_000;
async function readText(path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch {
        return null;
    }
}
/**
 * The emulator's real path when a file of that name on PATH can be run, else
 * null. Only absolute PATH entries count: an empty or relative entry means the
 * working directory, the repository's checkout, which must not choose what is
 * mounted into the container. A path `--mount` cannot carry (`,`) is not used.
 */
async function findEmulator(name, path) {
    for (const dir of path.split(external_node_path_.delimiter)) {
        if (!(0,external_node_path_.isAbsolute)(dir))
            continue;
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            await (0,promises_.access)(candidate, external_node_fs_.constants.X_OK);
            const real = await (0,promises_.realpath)(candidate);
            if ((await (0,promises_.stat)(real)).isFile() && !real.includes(','))
                return real;
        }
        catch {
            // Not there, or not a program: the next PATH entry may have it.
        }
    }
    return null;
}
/** The platform the Docker engine runs containers on natively; null when it does not say. */
async function enginePlatform(exec) {
    const version = await exec.run('docker', ['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}'], { timeoutMs: QUICK_TIMEOUT_MS });
    return version.exitCode === 0 && !version.timedOut ? parseEnginePlatform(version.stdout) : null;
}
/**
 * What runs the image's binaries on this machine's engine (see SmokeRoute).
 * `where` is for tests: another PATH to look for the emulator on, another binfmt_misc folder.
 */
async function findRoute(exec, platform, where = {}) {
    const engine = await enginePlatform(exec);
    if (engine === null || (0,ground_platform/* platformName */.$r)(engine) === (0,ground_platform/* platformName */.$r)(platform)) {
        return chooseRoute({ platform, engine, binfmt: false, emulator: null });
    }
    const [status, entry, emulator] = await Promise.all([
        readText((0,external_node_path_.join)(where.binfmtDir ?? BINFMT_DIR, 'status')),
        readText((0,external_node_path_.join)(where.binfmtDir ?? BINFMT_DIR, binfmtEntryName(platform))),
        findEmulator(emulatorName(platform), where.path ?? process.env.PATH ?? '')
    ]);
    return chooseRoute({ platform, engine, binfmt: binfmtRuns(status, entry), emulator });
}
/**
 * Runs the image once along `route` (not `none`); throws the UserError from
 * `judgeSmoke`, else returns what it printed.
 */
async function runSmoke(exec, command, route, timeoutMs) {
    const name = `from-scratch-smoke-${process.pid}-${Date.now().toString(36)}`;
    const argv = routeArgv(route, command, name);
    const result = await exec.run('docker', argv, { timeoutMs });
    if (result.timedOut) {
        // Killing `docker run` does not stop the container; remove it by the name we gave it.
        await exec.run('docker', ['rm', '--force', name], { timeoutMs: 30_000 });
    }
    const failure = judgeSmoke(result, `docker ${argv.join(' ')}`, timeoutMs, command.platform);
    if (failure)
        throw failure;
    return `${result.stdout}${result.stderr}`;
}

;// CONCATENATED MODULE: ./src/image/engine-steps.ts





// Steps both engines take the same way, so buildx and the writer report,
// smoke-test and fail a push in one voice.
/** The extras as they landed; `bytesOf(i)` is what layer `i` of the plan weighs in that engine. */
function extraReports(prepared, bytesOf) {
    const reports = [];
    prepared.plan.layers.forEach((layer, index) => {
        if (layer.kind === 'binary' || layer.kind === 'files')
            return;
        reports.push({
            kind: layer.kind,
            reasons: layer.reasons,
            bytes: bytesOf(index),
            paths: layer.entries.map((entry) => entry.dest)
        });
    });
    return reports;
}
/** Each finding an extra answers, with that extra, in the findings' order: what the report says about them. */
function findingExtras(inspection) {
    return inspection.findings.flatMap((finding) => {
        const extra = include/* EXTRA_FOR_FINDING */.TY[finding.id];
        return extra === undefined ? [] : [{ finding: finding.id, extra }];
    });
}
/** Findings that would have added an extra the `include` input left out: worth a warning. */
function unmetFindings(inspection, chosen) {
    const have = new Set(chosen.map((extra) => extra.kind));
    const wanted = findingExtras(inspection);
    return inspection.findings.flatMap((finding) => {
        const extra = wanted.find((want) => want.finding === finding.id)?.extra;
        return extra === undefined || have.has(extra)
            ? []
            : [`${finding.id} (would add ${extra}): ${finding.message}`];
    });
}
/** Logs what each extra costs and why, and warns about findings `include` left unmet. */
function logExtras(extras, inspection, log) {
    for (const extra of extras) {
        log.info(`+ ${extra.kind}: ${extra.bytes} bytes (${(0,include/* describeReasons */.nl)(extra.reasons)})`);
    }
    for (const unmet of unmetFindings(inspection, extras)) {
        log.warning(`include leaves out what the binary looks for: ${unmet}`);
    }
    // What the image already answers is a notice naming what was added, not a warning.
    for (const finding of inspection.findings) {
        const extra = extras.find((e) => e.kind === include/* EXTRA_FOR_FINDING */.TY[finding.id]);
        if (extra === undefined)
            continue;
        log.annotate({
            severity: 'notice',
            title: 'from-scratch',
            message: `${finding.id}: satisfied, the image has ${extra.kind} (${extra.paths.join(', ')}, ${extra.bytes} bytes)`
        });
    }
}
/**
 * Smoke-tests one platform's image when `smoke-test` asks for it: natively on
 * the engine's own platform; another platform through binfmt_misc (`docker run
 * --platform`) when the kernel has an emulator registered for it, else under
 * the static qemu user emulator found on PATH, mounted into the container as
 * its entrypoint. A platform nothing here can run is `{ran: false}` with a
 * warning, never a pass. A failed run throws the UserError that shows its output.
 * `image` is what the engine calls the image (`localId`); for an index loaded
 * whole, the engine picks `platform`'s manifest from it.
 */
async function smokePlatform(settings, prepared, image, platform, exec, log) {
    if (settings.smokeTest === null)
        return { output: null, verdict: null };
    const route = await findRoute(exec, platform);
    if (route.how === 'none') {
        log.warning(`Smoke test on ${(0,ground_platform/* platformName */.$r)(platform)} not run: ${route.why}.`);
        return { output: null, verdict: { ran: false, why: route.why } };
    }
    const command = {
        image,
        platform,
        entrypoint: prepared.config.Entrypoint,
        cmd: prepared.config.Cmd ?? [],
        args: settings.smokeTest
    };
    const output = await runSmoke(exec, command, route, settings.smokeTimeoutMs);
    const how = route.how === 'emulator' ? route.name : route.how;
    const under = route.how === 'native' ? '' : ` (${how})`;
    log.info(`smoke test passed on ${(0,ground_platform/* platformName */.$r)(platform)}${under}: ${output.trim().split('\n').slice(0, 5).join(' | ')}`);
    return { output, verdict: { ran: true, how } };
}
/** A push that failed with a UserError becomes the error that still reports the local image. */
function pushFailure(error, tags, local, hint) {
    if (!(error instanceof errors/* UserError */.y))
        return error;
    return new ImagePushError(`Pushing ${tags.join(', ')} failed; nothing is reported as published.`, [error.message, ...error.details, ...hint], local);
}
/**
 * Image size as DESIGN.md "Sizes, defined once" defines it: the sum of the
 * bytes of the regular files in the layers, from what the engine put in them.
 * Never asked of the daemon: with the containerd image store `docker image
 * inspect`'s .Size counts compressed content (and since moby #53426 compressed
 * plus unpacked). It is what `docker images` showed with the classic store for
 * a buildx build; symlinks and folders weigh nothing here (the classic store's
 * `docker load` counted a symlink by its target's length, tzdata's aliases).
 */
function imageSizeOf(files) {
    return files.reduce((sum, file) => sum + file.size, 0);
}
const INSPECT_TIMEOUT_MS = 60_000;
/**
 * The ID the local engine uses for an image it holds: the config digest with
 * the classic store, the manifest's digest with the containerd image store.
 * Asked of the daemon, never computed, and the only thing asked of it: the
 * image's size comes from its content (see content-size.ts).
 */
async function localImageId(exec, reference) {
    const result = await exec.run('docker', ['image', 'inspect', '--format', '{{.Id}}', reference], {
        timeoutMs: INSPECT_TIMEOUT_MS
    });
    const id = result.stdout.trim();
    if (result.exitCode !== 0 || result.timedOut || !/^sha256:[0-9a-f]{64}$/.test(id)) {
        throw new errors/* UserError */.y(`docker image inspect ${reference} failed after the image was loaded.`, [
            ...result.stderr.trim().split('\n').filter(Boolean).slice(0, 5),
            ...(id === '' || /^sha256:[0-9a-f]{64}$/.test(id) ? [] : [`It answered: ${id.slice(0, 200)}`])
        ]);
    }
    return id;
}

// EXTERNAL MODULE: ./src/image/dockerfile.ts
var image_dockerfile = __webpack_require__(2179);
// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/oci/config.ts




/** The OCI media types this writer produces. */
const MEDIA_TYPE = {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip'
};
/** The PATH BuildKit's Dockerfile frontend puts into every linux image that sets none. */
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * The port keys `EXPOSE` produces: protocol made explicit (`/tcp` by default)
 * and ranges spelled out port by port, as the Dockerfile frontend does.
 */
function exposedPorts(expose) {
    const keys = new Set();
    for (const value of expose) {
        (0,image_dockerfile/* checkPort */.Yn)(value);
        const [ports, protocol = 'tcp'] = value.split('/');
        const [low, high = low] = ports.split('-').map(Number);
        for (let port = low; port <= high; port++)
            keys.add(`${port}/${protocol}`);
    }
    return [...keys].sort();
}
/**
 * What the Dockerfile from dockerfile.ts plus `buildx --label` put into
 * `config` for the same settings (checked against `docker image inspect` of a
 * buildx image): USER uid:gid, EXPOSE, exec-form ENTRYPOINT and CMD, the
 * default PATH and WorkingDir `/` that BuildKit always sets.
 */
function containerConfig(input) {
    const name = (0,rootfs/* checkBinaryName */.Ji)(input.binaryName);
    const ports = exposedPorts(input.expose);
    const args = input.entrypointArgs.map((arg) => (0,image_dockerfile/* checkArg */.D7)(arg, 'entrypoint-args'));
    const labels = Object.keys(input.labels).length > 0 ? { ...input.labels } : undefined;
    return {
        User: `${input.user.uid}:${input.user.gid}`,
        ...(ports.length > 0 ? { ExposedPorts: Object.fromEntries(ports.map((p) => [p, {}])) } : {}),
        Env: [DEFAULT_PATH],
        Entrypoint: [`/${name}`],
        ...(args.length > 0 ? { Cmd: args, ArgsEscaped: true } : {}),
        WorkingDir: '/',
        ...(labels !== undefined ? { Labels: labels } : {})
    };
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map((item) => sortKeys(item));
    if (value !== null && typeof value === 'object') {
        const record = value;
        return Object.fromEntries(Object.keys(record)
            .sort()
            .filter((key) => record[key] !== undefined)
            .map((key) => [key, sortKeys(record[key])]));
    }
    return value;
}
/** JSON with keys sorted at every level and no whitespace, so equal content is equal bytes. */
function canonicalJson(value) {
    return Buffer.from(JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)))), 'utf8');
}
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** RFC 3339 in UTC without fractions, e.g. `2023-11-14T22:13:20Z`. */
function rfc3339(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** The image config blob: platform, runtime config, DiffIDs and a history entry per layer. */
function imageConfig(input) {
    const created = rfc3339(input.epoch);
    return canonicalJson({
        architecture: input.platform.architecture,
        os: input.platform.os,
        ...(input.platform.variant === null ? {} : { variant: input.platform.variant }),
        created,
        config: input.config,
        rootfs: { type: 'layers', diff_ids: input.layers.map((layer) => layer.diffId) },
        history: input.layers.map((layer) => ({
            created,
            created_by: `COPY ${layer.kind}/ / # from-scratch`,
            comment: 'from-scratch'
        }))
    });
}
/** The image manifest blob. */
function imageManifest(config, layers) {
    return canonicalJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.manifest,
        config,
        layers
    });
}
/**
 * `index.json` of the layout: the manifest once per tag. The containerd image
 * store names an image by `io.containerd.image.name` as it stands, so it gets
 * the normalized, fully qualified name (`docker.io/library/app:t`): a short one
 * would be listed beside the name docker itself derives from `manifest.json`,
 * and never found by `docker run app:t`. `org.opencontainers.image.ref.name`
 * is the tag alone, as docker save and skopeo write it (`oci:<dir>:<tag>`).
 */
function layoutIndex(manifest, tags) {
    return canonicalJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.index,
        manifests: tags.map((tag) => ({
            ...manifest,
            annotations: {
                'io.containerd.image.name': (0,image_reference/* normalizedReference */.lU)(tag),
                'org.opencontainers.image.ref.name': (0,image_reference/* tagOf */.cO)(tag)
            }
        }))
    });
}
/** `manifest.json` of a `docker save` archive, which `docker load` reads. */
function dockerSaveManifest(configPath, tags, layerPaths) {
    return Buffer.from(JSON.stringify([{ Config: configPath, RepoTags: [...tags], Layers: [...layerPaths] }]), 'utf8');
}
/**
 * The OCI image index over one manifest per platform, in the given order,
 * each entry with the platform a node picks it by (as buildx and ko write it).
 * Canonical JSON: the same images give the same bytes, so the same digest.
 */
function imageIndex(images) {
    return canonicalJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.index,
        manifests: images.map(({ manifest, platform }) => ({
            mediaType: manifest.mediaType,
            digest: manifest.digest,
            size: manifest.size,
            platform: {
                architecture: platform.architecture,
                os: platform.os,
                ...(platform.variant === null ? {} : { variant: platform.variant })
            }
        }))
    });
}
/**
 * `manifest.json` of a `docker save` archive of several images: `docker load`
 * of the classic store loads each, and tags only those given tags.
 */
function dockerSaveManifests(images) {
    return Buffer.from(JSON.stringify(images.map((image) => ({
        Config: image.configPath,
        RepoTags: [...image.tags],
        Layers: [...image.layerPaths]
    }))), 'utf8');
}
const OCI_LAYOUT = canonicalJson({ imageLayoutVersion: '1.0.0' });

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/image/oci/entries.ts

/**
 * What dockerd 20.10 counts for `docker images` SIZE: the sizes of every
 * non-folder entry of the unpacked layer, so a symlink counts the length of
 * its target (moby pkg/directory.Size uses lstat).
 */
function unpackedSize(entries) {
    return entries.reduce((sum, item) => sum +
        (item.source.from === 'symlink' ? Buffer.byteLength(item.source.target) : dataSize(item)), 0);
}
/** The tar header for an entry, stamped with `epoch`. */
function headerFor(item, epoch) {
    const common = { uid: item.uid, gid: item.gid, mtime: epoch, mode: item.mode };
    switch (item.source.from) {
        case 'host':
        case 'bytes':
            return { ...common, name: item.path, type: 'file', size: dataSize(item), linkname: '' };
        case 'directory':
            return { ...common, name: `${item.path}/`, type: 'dir', size: 0, linkname: '' };
        case 'symlink':
            return {
                ...common,
                name: item.path,
                type: 'symlink',
                size: 0,
                linkname: item.source.target
            };
    }
}

;// CONCATENATED MODULE: ./src/image/oci/pgzip.ts
// Deterministic parallel gzip, after pigz: the input is cut into fixed-size
// chunks, each chunk is deflated on its own (zlib's async calls run on libuv's
// thread pool, so several chunks compress at once), primed with the previous
// chunk's last 32 KiB so matches still reach back a full window, and ended
// with a sync flush so the raw deflate streams join on a byte boundary. The
// chunk boundaries depend only on byte offsets and each chunk's output only
// on its bytes, its dictionary and the level, so the blob is the same bytes
// whatever order the threads finish in.

/** Bytes per chunk: pigz's default; big enough that the per-chunk flush costs well under 1%. */
const PGZIP_CHUNK = 128 * 1024;
/** Deflate's window: the most a match can reach back, so the most of a dictionary that helps. */
const DICTIONARY = 32 * 1024;
/** libuv's default thread pool has 4 threads; more in flight only holds memory. */
const PGZIP_IN_FLIGHT = 4;
// ---- CRC-32 (IEEE 802.3, reflected, as gzip's trailer wants) -----------------------------
// zlib.crc32 arrived in node 22.2 and 20.15; earlier node 20 releases lack it,
// so a table-driven CRC stands in there. Slicing-by-8 reads 8 bytes a step,
// several times faster in JS than the byte-at-a-time loop; the native one is
// faster still (about 2 ms against 9 ms for 5 MB here), and this CRC runs on
// the main thread while the chunks deflate.
const CRC_TABLES = (() => {
    const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        tables[0][n] = c >>> 0;
    }
    for (let n = 0; n < 256; n++) {
        for (let t = 1; t < 8; t++) {
            const prev = tables[t - 1][n];
            tables[t][n] = (tables[0][prev & 0xff] ^ (prev >>> 8)) >>> 0;
        }
    }
    return tables;
})();
/** The byte-at-a-time table, exported so tests can pin it against the polynomial. */
const CRC_TABLE = CRC_TABLES[0];
/** CRC-32 of `bytes`, continuing from `crc` (the CRC of everything before them; 0 to start). */
function crc32Table(bytes, crc = 0) {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES;
    let c = ~crc >>> 0;
    let i = 0;
    const fast = bytes.length - (bytes.length % 8);
    while (i < fast) {
        const a = (c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) >>> 0;
        c =
            t7[a & 0xff] ^
                t6[(a >>> 8) & 0xff] ^
                t5[(a >>> 16) & 0xff] ^
                t4[a >>> 24] ^
                t3[bytes[i + 4]] ^
                t2[bytes[i + 5]] ^
                t1[bytes[i + 6]] ^
                t0[bytes[i + 7]];
        i += 8;
    }
    while (i < bytes.length)
        c = t0[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
}
// Typed as maybe missing: @types/node declares it, node 20 before 20.15 does not have it.
const nativeCrc32 = external_node_zlib_.crc32;
/** CRC-32 of `bytes`, continuing from `crc`: zlib's where node has it, else the table one. */
const crc32 = typeof nativeCrc32 === 'function' ? (bytes, crc = 0) => nativeCrc32(bytes, crc) : crc32Table;
// ---- gzip framing ------------------------------------------------------------------------
/**
 * RFC 1952 header: no name, mtime 0, OS 3 (Unix) wherever it runs, so a blob
 * written on macOS is the blob written on Linux. XFL as zlib sets it.
 */
function gzipHeader(level) {
    const xfl = level === 9 ? 2 : level >= 0 && level < 2 ? 4 : 0;
    return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]);
}
/** CRC-32 and the input's length mod 2^32, little-endian. */
function gzipTrailer(crc, length) {
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    return trailer;
}
function deflateChunk(chunk, dictionary, level, last) {
    const options = {
        level,
        // Not last: sync flush ends on a byte boundary without the final-block bit, so the next
        // chunk's stream can follow it. Last: finish sets that bit.
        finishFlush: last ? external_node_zlib_.constants.Z_FINISH : external_node_zlib_.constants.Z_SYNC_FLUSH,
        // Room for the whole result at once (deflate grows incompressible input by a few bytes
        // per 16 KiB): with zlib's default 16 KiB each chunk makes several round trips between
        // the thread pool and the main thread, and each waits its turn on a busy machine.
        chunkSize: chunk.length + (chunk.length >>> 6) + 1024,
        ...(dictionary ? { dictionary } : {})
    };
    return new Promise((resolve, reject) => {
        external_node_zlib_.deflateRaw(chunk, options, (error, result) => (error ? reject(error) : resolve(result)));
    });
}
function sameBytes(a, b) {
    return a === null || b === null ? a === b : a.equals(b);
}
/** Pieces of input, taken out again in exact-size chunks without copying when one piece covers a chunk. */
class ChunkQueue {
    pieces = [];
    length = 0;
    push(piece) {
        if (piece.length === 0)
            return;
        this.pieces.push(piece);
        this.length += piece.length;
    }
    take(size) {
        const first = this.pieces[0];
        if (first && first.length >= size) {
            this.length -= size;
            if (first.length === size)
                this.pieces.shift();
            else
                this.pieces[0] = first.subarray(size);
            return first.subarray(0, size);
        }
        const out = Buffer.allocUnsafe(Math.min(size, this.length));
        let filled = 0;
        while (filled < out.length) {
            const piece = this.pieces[0];
            const n = Math.min(piece.length, out.length - filled);
            piece.copy(out, filled, 0, n);
            filled += n;
            if (n === piece.length)
                this.pieces.shift();
            else
                this.pieces[0] = piece.subarray(n);
        }
        this.length -= filled;
        return out;
    }
}
/**
 * Where the chunks of an `length`-byte input start and end: the pure rule the
 * compressor follows (every chunk full but the last; an empty input is one
 * empty chunk, so the stream still gets its final block).
 */
function chunkBounds(length, chunkSize = PGZIP_CHUNK) {
    const bounds = [];
    for (let start = 0; start + chunkSize < length; start += chunkSize) {
        bounds.push([start, start + chunkSize]);
    }
    const start = bounds.length * chunkSize;
    bounds.push([start, length]);
    return bounds;
}
/**
 * Gzips a byte stream as one gzip member, several chunks at a time, reading
 * the input once. Equal input and options give equal output bytes.
 */
async function* pgzip(source, options) {
    const chunkSize = options.chunkSize ?? PGZIP_CHUNK;
    const inFlight = Math.max(1, options.inFlight ?? PGZIP_IN_FLIGHT);
    if (chunkSize < DICTIONARY)
        throw new RangeError(`pgzip chunks must be at least ${DICTIONARY} bytes`);
    const queue = new ChunkQueue();
    const running = [];
    let dictionary = null;
    let crc = 0;
    let length = 0;
    let previous = null;
    const submit = (chunk, last) => {
        crc = crc32(chunk, crc);
        length += chunk.length;
        // A chunk equal to the one before, after an equal dictionary, deflates to the same bytes:
        // a binary padded with zeros (or any run of a repeated chunk) costs one deflate, not one
        // per 128 KiB. Comparing costs a memcmp; the output is the same bytes either way.
        const deflated = !last &&
            previous !== null &&
            sameBytes(previous.chunk, chunk) &&
            sameBytes(previous.dictionary, dictionary)
            ? previous.deflated
            : deflateChunk(chunk, dictionary, options.level, last);
        // Marked handled now: a chunk may fail while the consumer holds us at a `yield`, and an
        // unhandled rejection would end the process; awaiting it below still throws.
        deflated.catch(() => undefined);
        running.push(deflated);
        previous = { chunk, dictionary, deflated };
        // A copy, so the dictionary does not keep a whole (1 MiB) read buffer alive.
        dictionary =
            chunk.length > 0 ? Buffer.from(chunk.subarray(Math.max(0, chunk.length - DICTIONARY))) : null;
    };
    yield gzipHeader(options.level);
    for await (const piece of source) {
        queue.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length));
        // Strictly more than a chunk: a chunk is sent as not-last only once a byte after it is known.
        while (queue.length > chunkSize) {
            submit(queue.take(chunkSize), false);
            // In order, and no more than `inFlight` at once, so memory stays bounded.
            if (running.length >= inFlight)
                yield await running.shift();
        }
    }
    submit(queue.take(queue.length), true);
    while (running.length > 0)
        yield await running.shift();
    yield gzipTrailer(crc, length);
}

;// CONCATENATED MODULE: ./src/ground/tar-format.ts

/**
 * Just enough of the tar format to find the files in a `docker save`
 * archive: ustar headers (with the prefix field), GNU long names and PAX
 * path/size records, octal and base-256 numbers. Pure: bytes in, plain data
 * out; the adapter in measure-save.ts does the reads.
 */
const BLOCK = 512;
/** A malformed archive; the message says which field and where. */
class TarFormatError extends Error {
    name = 'TarFormatError';
}
function tar_format_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const nul = field.indexOf(0);
    return Buffer.from(nul < 0 ? field : field.subarray(0, nul)).toString('utf8');
}
/**
 * A numeric field: octal digits padded with spaces or NULs, or, when the high
 * bit of the first byte is set, a big-endian base-256 number (GNU and Go
 * write sizes of 8 GiB and more that way).
 */
function parseNumber(field, what) {
    if (field.length > 0 && (field[0] & 0x80) !== 0) {
        if ((field[0] & 0x40) !== 0)
            throw new TarFormatError(`${what} is a negative base-256 number`);
        let value = BigInt(field[0] & 0x3f);
        for (let i = 1; i < field.length; i++)
            value = (value << 8n) | BigInt(field[i]);
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
            throw new TarFormatError(`${what} is too large`);
        return Number(value);
    }
    const digits = Buffer.from(field)
        .toString('latin1')
        .replace(/[\0 ]+$/, '')
        .replace(/^ +/, '');
    if (digits === '')
        return 0;
    if (!/^[0-7]+$/.test(digits)) {
        throw new TarFormatError(`${what} ${JSON.stringify(digits)} is not an octal number`);
    }
    const value = parseInt(digits, 8);
    if (!Number.isSafeInteger(value))
        throw new TarFormatError(`${what} is too large`);
    return value;
}
/** Sum of the header bytes with the checksum field counted as eight spaces, as tar defines it. */
function headerChecksum(block) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    return sum;
}
/** Parses one 512-byte header block; an all-zero block marks the end of the archive. */
function parseTarHeader(block) {
    if (block.length !== BLOCK) {
        throw new TarFormatError(`a header needs ${BLOCK} bytes, the archive ends after ${block.length}`);
    }
    if (block.every((byte) => byte === 0))
        return { kind: 'end' };
    const stored = parseNumber(block.subarray(148, 156), 'header checksum');
    if (stored !== headerChecksum(block)) {
        throw new TarFormatError('header checksum does not match: not a tar archive, or a damaged one');
    }
    const flag = block[156];
    const type = flag === 0 ? '0' : String.fromCharCode(flag);
    const magic = tar_format_text(block, 257, 6);
    let name = tar_format_text(block, 0, 100);
    // Only POSIX ustar has a prefix field; GNU tar ("ustar  ") uses those bytes for times.
    if (magic === 'ustar' && block[263] === 0x30 && block[264] === 0x30) {
        const prefix = tar_format_text(block, 345, 155);
        if (prefix !== '')
            name = `${prefix}/${name}`;
    }
    return {
        kind: 'header',
        header: {
            name,
            type,
            size: parseNumber(block.subarray(124, 136), `size of ${JSON.stringify(name)}`),
            linkname: tar_format_text(block, 157, 100)
        }
    };
}
/** Bytes an entry's data takes in the archive: its size rounded up to whole blocks. */
function paddedSize(size) {
    return Math.ceil(size / BLOCK) * BLOCK;
}
/** PAX extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePaxRecords(data) {
    const records = new Map();
    const bytes = Buffer.from(data);
    let at = 0;
    while (at < bytes.length) {
        if (bytes[at] === 0)
            break; // padding after the last record
        const space = bytes.indexOf(0x20, at);
        const lengthText = space < 0 ? '' : bytes.toString('latin1', at, space);
        const length = /^[0-9]+$/.test(lengthText) ? Number(lengthText) : NaN;
        if (!Number.isSafeInteger(length) || length <= space - at || at + length > bytes.length) {
            throw new TarFormatError(`PAX record at byte ${at} has a bad length`);
        }
        const record = bytes.toString('utf8', space + 1, at + length);
        if (!record.endsWith('\n') || !record.includes('=')) {
            throw new TarFormatError(`PAX record at byte ${at} is not key=value`);
        }
        const eq = record.indexOf('=');
        records.set(record.slice(0, eq), record.slice(eq + 1, -1));
        at += length;
    }
    return records;
}
/** Typeflags whose data describes the next entry rather than being a file. */
function isExtendedHeader(type) {
    return type === 'x' || type === 'g' || type === 'L' || type === 'K';
}
/**
 * Folds an extended header's data into what applies to the next entry.
 * Global PAX headers (`g`) apply to every later entry in theory; docker never
 * writes path or size there, so they are read and ignored.
 */
function readExtended(type, data, pending) {
    switch (type) {
        case 'L':
            return { ...pending, path: tar_format_text(data, 0, data.length) };
        case 'K':
            return { ...pending, linkpath: tar_format_text(data, 0, data.length) };
        case 'x': {
            const records = parsePaxRecords(data);
            const next = { ...pending };
            const path = records.get('path');
            const linkpath = records.get('linkpath');
            const size = records.get('size');
            if (path !== undefined)
                next.path = path;
            if (linkpath !== undefined)
                next.linkpath = linkpath;
            if (size !== undefined) {
                if (!/^[0-9]+$/.test(size) || !Number.isSafeInteger(Number(size))) {
                    throw new TarFormatError(`PAX size ${JSON.stringify(size)} is not a size`);
                }
                next.size = Number(size);
            }
            return next;
        }
        default:
            return pending;
    }
}
/** A header with its extended-header overrides applied. */
function applyPending(header, pending) {
    return {
        name: pending.path ?? header.name,
        type: header.type,
        size: pending.size ?? header.size,
        linkname: pending.linkpath ?? header.linkname
    };
}
/** Archive paths compare without `./` and trailing slashes: `./a/b/` and `a/b` are one entry. */
function normalizeTarPath(path) {
    const normal = external_node_path_.posix.normalize(path.replace(/^\/+/, '')).replace(/\/+$/, '');
    return normal === '.' ? '' : normal;
}
const MAX_LINK_HOPS = 16;
/**
 * The regular file an archive path means, following symbolic links (relative
 * to the link's folder) and hard links (archive paths). Newer `docker save`
 * writes the legacy `<id>/layer.tar` names as symlinks into `blobs/sha256/`.
 * Null when the path is missing, a loop, or not a file.
 */
function resolveEntry(entries, path) {
    let current = normalizeTarPath(path);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
        const entry = entries.get(current);
        if (entry === undefined)
            return null;
        if (entry.type === '0' || entry.type === '7')
            return entry;
        if (entry.type === '1')
            current = normalizeTarPath(entry.linkname);
        else if (entry.type === '2') {
            current = entry.linkname.startsWith('/')
                ? normalizeTarPath(entry.linkname)
                : normalizeTarPath(external_node_path_.posix.join(external_node_path_.posix.dirname(current), entry.linkname));
        }
        else
            return null;
    }
    return null;
}

;// CONCATENATED MODULE: ./src/image/oci/tar.ts


const TYPE_FLAG = { file: '0', dir: '5', symlink: '2' };
// S_IFREG, S_IFDIR, S_IFLNK: Go's FileInfoHeader keeps them in the mode field.
const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000 };
const NAME_SIZE = 100;
const PREFIX_SIZE = 155;
function isAscii(text) {
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 0 || code >= 0x80)
            return false;
    }
    return true;
}
/** Whether `value` fits the field as octal digits followed by a NUL. */
function fitsOctal(value, width) {
    return Number.isSafeInteger(value) && value >= 0 && value < 8 ** (width - 1);
}
function putString(block, offset, width, value) {
    const bytes = Buffer.from(value, 'utf8');
    bytes.copy(block, offset, 0, Math.min(width, bytes.length));
}
function putOctal(block, offset, width, value) {
    const digits = fitsOctal(value, width) ? value.toString(8) : '0';
    putString(block, offset, width, digits.padStart(width - 1, '0'));
}
/**
 * Splits a long ASCII name at a `/` into the USTAR prefix and name fields, as
 * Go's splitUSTARPath does; null when it cannot be split.
 */
function splitUstarPath(name) {
    if (name.length <= NAME_SIZE || !isAscii(name))
        return null;
    let length = name.length;
    if (length > PREFIX_SIZE + 1)
        length = PREFIX_SIZE + 1;
    else if (name[length - 1] === '/')
        length--;
    const slash = name.lastIndexOf('/', length - 1);
    const suffix = name.length - slash - 1;
    if (slash <= 0 || suffix > NAME_SIZE || suffix === 0 || slash > PREFIX_SIZE)
        return null;
    return { prefix: name.slice(0, slash), name: name.slice(slash + 1) };
}
/** One PAX record, `<length> <key>=<value>\n`, its length counting its own digits. */
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    let size = Buffer.byteLength(body);
    size += String(size).length;
    // Adding the digits can itself add a digit (e.g. 98 + 2 → 100).
    if (String(size).length + Buffer.byteLength(body) !== size) {
        size = String(size).length + Buffer.byteLength(body);
    }
    return `${size}${body}`;
}
function finish(block) {
    putString(block, 257, 6, 'ustar\0');
    putString(block, 263, 2, '00');
    const sum = headerChecksum(block);
    putString(block, 148, 7, sum.toString(8).padStart(6, '0'));
    block[154] = 0;
    block[155] = 0x20;
    return block;
}
/** What must travel in PAX records because the USTAR fields cannot hold it. */
function paxFields(header) {
    const records = new Map();
    if (!isAscii(header.name) || header.name.length > NAME_SIZE) {
        if (!isAscii(header.name) || splitUstarPath(header.name) === null) {
            records.set('path', header.name);
        }
    }
    if (!isAscii(header.linkname) || header.linkname.length > NAME_SIZE) {
        records.set('linkpath', header.linkname);
    }
    if (!fitsOctal(header.uid, 8))
        records.set('uid', String(header.uid));
    if (!fitsOctal(header.gid, 8))
        records.set('gid', String(header.gid));
    if (!fitsOctal(header.size, 12))
        records.set('size', String(header.size));
    // Go adds the path to the records whenever PAX is used at all and the name is long.
    if (records.size > 0 && header.name.length > NAME_SIZE)
        records.set('path', header.name);
    return records;
}
function asciiOnly(text) {
    return [...text].filter((c) => c.charCodeAt(0) < 0x80 && c !== '\0').join('');
}
function mainBlock(header, pax) {
    const block = Buffer.alloc(BLOCK);
    let name = header.name;
    let prefix = '';
    if (!pax) {
        const split = splitUstarPath(header.name);
        if (split !== null)
            ({ prefix, name } = split);
    }
    else {
        name = asciiOnly(name);
    }
    putString(block, 0, NAME_SIZE, name);
    putOctal(block, 100, 8, TYPE_BITS[header.type] | (header.mode & 0o7777));
    putOctal(block, 108, 8, header.uid);
    putOctal(block, 116, 8, header.gid);
    putOctal(block, 124, 12, header.size);
    putOctal(block, 136, 12, header.mtime);
    block.write(TYPE_FLAG[header.type], 156, 'latin1');
    putString(block, 157, NAME_SIZE, pax ? asciiOnly(header.linkname) : header.linkname);
    // dockerd looks the owner up on its own host: uid and gid 0 are "root" there.
    putString(block, 265, 32, header.uid === 0 ? 'root' : '');
    putString(block, 297, 32, header.gid === 0 ? 'root' : '');
    putOctal(block, 329, 8, 0);
    putOctal(block, 337, 8, 0);
    putString(block, 345, PREFIX_SIZE, prefix);
    return finish(block);
}
/** The PAX extended header Go writes before an entry: `<dir>/PaxHeaders.0/<file>`, type `x`. */
function paxBlocks(header, records) {
    const data = Buffer.from([...records.keys()]
        .sort()
        .map((key) => paxRecord(key, records.get(key) ?? ''))
        .join(''), 'utf8');
    // Go: path.Join(path.Split(name) with PaxHeaders.0 between), ASCII only, ≤ 100 bytes.
    const slash = header.name.lastIndexOf('/');
    const joined = external_node_path_.posix
        .join(header.name.slice(0, slash + 1), 'PaxHeaders.0', header.name.slice(slash + 1))
        .replace(/\/+$/, '');
    const paxName = asciiOnly(joined).slice(0, NAME_SIZE).replace(/\/+$/, '');
    const block = Buffer.alloc(BLOCK);
    putString(block, 0, NAME_SIZE, paxName);
    putOctal(block, 100, 8, 0);
    putOctal(block, 108, 8, 0);
    putOctal(block, 116, 8, 0);
    putOctal(block, 124, 12, data.length);
    putOctal(block, 136, 12, 0);
    block.write('x', 156, 'latin1');
    const padded = Buffer.alloc(paddedSize(data.length));
    data.copy(padded);
    return Buffer.concat([finish(block), padded]);
}
/** The header block(s) for one entry: 512 bytes, or a PAX header first when USTAR cannot hold it. */
function encodeHeader(header) {
    const records = paxFields(header);
    if (records.size === 0)
        return mainBlock(header, false);
    return Buffer.concat([paxBlocks(header, records), mainBlock(header, true)]);
}
/** Zeros that pad an entry's data of `size` bytes to a whole block. */
function dataPadding(size) {
    return Buffer.alloc(paddedSize(size) - size);
}
/** Two zero blocks end the archive; Go adds no record padding after them. */
function endOfArchive() {
    return Buffer.alloc(2 * BLOCK);
}

;// CONCATENATED MODULE: ./src/image/oci/layer.ts












/** zlib's default level: what BuildKit uses for a push and what the report's estimate assumes. */
const DEFAULT_GZIP_LEVEL = external_node_zlib_.constants.Z_DEFAULT_COMPRESSION;
/** Passes bytes through while hashing and counting them. */
class Tap extends external_node_stream_.Transform {
    hash = (0,external_node_crypto_.createHash)('sha256');
    bytes = 0;
    _transform(chunk, _encoding, done) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        done(null, chunk);
    }
    digest() {
        return `sha256:${this.hash.digest('hex')}`;
    }
}
/**
 * Bytes per read of a file going into a layer. Small enough that each read
 * buffer comes from malloc's heap and is reused once collected: 1 MiB buffers
 * were each a fresh mmap, so a 100 MB binary faulted in 100 MB of new pages
 * (first pass over it 1.3 s against 0.39 s at 64 KiB, peak RSS 124 against
 * 72 MB, measured with node 24 on this 2-core VM).
 */
const READ_CHUNK = 64 * 1024;
/** The tar of a layer, chunk by chunk; each file is read once, straight from where it lies. */
async function* tarChunks(entries, epoch) {
    for (const item of entries) {
        yield encodeHeader(headerFor(item, epoch));
        const source = item.source;
        if (source.from === 'bytes') {
            yield source.data;
            yield dataPadding(source.data.length);
        }
        else if (source.from === 'host') {
            let read = 0;
            for await (const chunk of (0,external_node_fs_.createReadStream)(source.path, { highWaterMark: READ_CHUNK })) {
                const bytes = chunk;
                read += bytes.length;
                // The header already promised `size` bytes; a file that grew would corrupt the tar.
                if (read > source.size)
                    break;
                yield bytes;
            }
            if (read !== source.size) {
                throw new errors/* UserError */.y(`${source.path} changed size while the image was written.`, [
                    `It had ${source.size} bytes when listed and ${read} when read; build again once nothing writes to it.`
                ]);
            }
            yield dataPadding(source.size);
        }
    }
    yield endOfArchive();
}
/** Bytes of the tar `tarChunks` makes of `entries`, known before a byte is read. */
function tarSize(entries, epoch) {
    let size = endOfArchive().length;
    for (const item of entries) {
        const data = dataSize(item);
        size += encodeHeader(headerFor(item, epoch)).length + data + dataPadding(data).length;
    }
    return size;
}
/**
 * Writes one layer as a gzip blob into `blobsDir` (named by its digest) and
 * returns its DiffID, digest and sizes, all computed on the way through.
 */
async function writeLayer(entries, epoch, blobsDir, level = DEFAULT_GZIP_LEVEL) {
    const temporary = (0,external_node_path_.join)(blobsDir, `.layer-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
    const tar = new Tap();
    const gzip = new Tap();
    try {
        await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(tarChunks(entries, epoch), { objectMode: false }), tar, 
        // Several chunks deflate at once on the thread pool; the header it writes pins the
        // OS byte to Unix, so a layer gzipped on macOS is the same blob as on Linux.
        (source) => pgzip(source, { level }), gzip, (0,external_node_fs_.createWriteStream)(temporary));
        const digest = gzip.digest();
        await (0,promises_.rename)(temporary, (0,external_node_path_.join)(blobsDir, digest.slice('sha256:'.length)));
        return { diffId: tar.digest(), digest, size: gzip.bytes, uncompressedSize: tar.bytes };
    }
    catch (error) {
        await (0,promises_.rm)(temporary, { force: true });
        throw error;
    }
}
/**
 * The same layer as writeLayer makes, counted instead of stored: DiffID,
 * digest and sizes of the gzip blob, with nothing written to disk.
 */
async function measureLayer(entries, epoch, level = DEFAULT_GZIP_LEVEL) {
    const tar = new Tap();
    const gzip = new Tap();
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(tarChunks(entries, epoch), { objectMode: false }), tar, (source) => pgzip(source, { level }), gzip, new external_node_stream_.Writable({ write: (_chunk, _encoding, done) => done() }));
    return {
        diffId: tar.digest(),
        digest: gzip.digest(),
        size: gzip.bytes,
        uncompressedSize: tar.bytes
    };
}

;// CONCATENATED MODULE: ./src/image/oci/estimate.ts



/**
 * Config + gzip of each layer, exactly as the daemonless writer would make
 * them, without writing anything. For an engine whose layers we do not
 * compress ourselves (buildx --load never compresses), this is the estimate:
 * the same file contents gzipped at the level BuildKit pushes with. It runs
 * while buildx builds, instead of `docker save` and a second gzip after it.
 */
async function estimatePullSize(plan, config, epoch, platform) {
    const layers = [];
    for (const layer of plan.layers) {
        const { entries } = await materialiseLayer(layer);
        layers.push({ kind: layer.kind, ...(await measureLayer(entries, epoch)) });
    }
    const configBytes = imageConfig({ config, layers, epoch, platform }).length;
    const sizes = layers.map((layer) => layer.size);
    return {
        pullSize: sizes.reduce((sum, size) => sum + size, configBytes),
        config: configBytes,
        layers: sizes
    };
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/image/registry/challenge.ts
/**
 * `WWW-Authenticate` parsing (RFC 7235). One header may carry several
 * challenges, and quoted values may hold commas and spaces (`scope="a b"`,
 * `realm="x,y"`), so splitting on commas is wrong; this is a small scanner.
 */
const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
// token68 may end in '=' padding; used only to step over `Basic dXNlcg==`-style values.
const TOKEN68_CHAR = /[0-9A-Za-z._~+/-]/;
class Scanner {
    text;
    position = 0;
    constructor(text) {
        this.text = text;
    }
    get done() {
        return this.position >= this.text.length;
    }
    peek() {
        return this.text.charAt(this.position);
    }
    skipSpace() {
        while (!this.done && /[ \t]/.test(this.peek()))
            this.position++;
    }
    skipSpaceAndCommas() {
        while (!this.done && /[ \t,]/.test(this.peek()))
            this.position++;
    }
    token() {
        const start = this.position;
        while (!this.done && TOKEN_CHAR.test(this.peek()))
            this.position++;
        return this.text.slice(start, this.position);
    }
    quoted() {
        // Called on the opening quote; an unterminated string runs to the end of the header.
        this.position++;
        let value = '';
        while (!this.done) {
            const char = this.peek();
            this.position++;
            if (char === '"')
                return value;
            if (char === '\\' && !this.done) {
                value += this.peek();
                this.position++;
            }
            else {
                value += char;
            }
        }
        return value;
    }
}
/** Reads `name=value` pairs after a scheme until the next scheme or the end. */
function readParams(scanner) {
    const params = {};
    for (;;) {
        const mark = scanner.position;
        scanner.skipSpaceAndCommas();
        if (scanner.done)
            return params;
        const name = scanner.token();
        scanner.skipSpace();
        if (name === '' || scanner.peek() !== '=') {
            // Not a parameter: the start of the next challenge (or junk it will skip).
            scanner.position = mark;
            return params;
        }
        scanner.position++;
        scanner.skipSpace();
        const value = scanner.peek() === '"' ? scanner.quoted() : scanner.token();
        const key = name.toLowerCase();
        // The first occurrence wins, so a later duplicate cannot redirect the realm.
        if (!(key in params))
            params[key] = value;
    }
}
/**
 * Steps over a token68 credential blob (`Negotiate abc==`), which carries no
 * parameters we use. It is a token68 only when it runs to a comma or the end;
 * `realm=x` is a parameter.
 */
function skipToken68(scanner) {
    const mark = scanner.position;
    scanner.skipSpace();
    const start = scanner.position;
    while (!scanner.done && TOKEN68_CHAR.test(scanner.peek()))
        scanner.position++;
    if (scanner.position > start) {
        while (!scanner.done && scanner.peek() === '=')
            scanner.position++;
        scanner.skipSpace();
        if (scanner.done || scanner.peek() === ',')
            return true;
    }
    scanner.position = mark;
    return false;
}
/** Every challenge in a `WWW-Authenticate` value, in order; junk is skipped, never thrown on. */
function parseChallenges(header) {
    const scanner = new Scanner(header);
    const challenges = [];
    while (!scanner.done) {
        scanner.skipSpaceAndCommas();
        if (scanner.done)
            break;
        const scheme = scanner.token();
        if (scheme === '') {
            scanner.position++;
            continue;
        }
        const params = skipToken68(scanner) ? {} : readParams(scanner);
        challenges.push({ scheme: scheme.toLowerCase(), params });
    }
    return challenges;
}
/** The first usable Bearer challenge, or null (none, or one without a realm). */
function bearerChallenge(challenges) {
    for (const challenge of challenges) {
        if (challenge.scheme !== 'bearer')
            continue;
        const realm = challenge.params.realm;
        if (!realm)
            continue;
        const scope = challenge.params.scope ?? '';
        return {
            realm,
            service: challenge.params.service ?? null,
            scopes: scope.split(' ').filter((s) => s !== '')
        };
    }
    return null;
}
function hasBasicChallenge(challenges) {
    return challenges.some((c) => c.scheme === 'basic');
}

;// CONCATENATED MODULE: ./src/image/registry/target.ts


/** Docker Hub's names: what people type, and the host its API answers on. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API]);
function isDockerHub(host) {
    return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}
/** Splits a full reference like `127.0.0.1:5000/team/app:1.2.3`; no tag means `latest`, as in docker. */
function parsePushTarget(reference) {
    const parsed = (0,image_reference/* parseReference */.F2)(reference);
    const hub = parsed.domain === null || isDockerHub(parsed.domain);
    const registry = hub ? DOCKER_HUB : (parsed.domain ?? DOCKER_HUB);
    const repository = hub && !parsed.path.includes('/') ? `library/${parsed.path}` : parsed.path;
    return {
        reference,
        registry,
        apiHost: hub ? DOCKER_HUB_API : registry,
        repository,
        tag: parsed.tag ?? 'latest'
    };
}
/** Groups references by repository, dropping repeated tags; first-seen order is kept. */
function groupTargets(references) {
    if (references.length === 0) {
        throw new errors/* UserError */.y('Nothing to push: no image references were given.');
    }
    const groups = new Map();
    for (const reference of references) {
        const target = parsePushTarget(reference);
        const key = `${target.apiHost}/${target.repository}`;
        const group = groups.get(key) ?? { target, tags: [], references: [] };
        groups.set(key, group);
        if (!group.tags.includes(target.tag)) {
            group.tags.push(target.tag);
            group.references.push(reference);
        }
    }
    return [...groups.values()].map(({ target, tags, references: refs }) => ({
        registry: target.registry,
        apiHost: target.apiHost,
        repository: target.repository,
        tags,
        references: refs
    }));
}

;// CONCATENATED MODULE: ./src/image/registry/credentials.ts



/** The key docker uses for Docker Hub everywhere (auths, credHelpers, helper stdin). */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
function dockerConfigPath(env, home) {
    const dir = env.DOCKER_CONFIG;
    return dir ? (0,external_node_path_.join)(dir, 'config.json') : (0,external_node_path_.join)(home, '.docker', 'config.json');
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function stringField(record, key) {
    const value = record[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function stringMap(value) {
    const map = {};
    if (!isRecord(value))
        return map;
    for (const [key, item] of Object.entries(value))
        if (typeof item === 'string')
            map[key] = item;
    return map;
}
/** Reads the fields we use; unknown fields and wrong types are ignored as docker does. */
function parseDockerConfig(text, path) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* UserError */.y(`Docker config ${path} is not valid JSON.`, [String(error)]);
    }
    if (!isRecord(json))
        throw new errors/* UserError */.y(`Docker config ${path} is not a JSON object.`);
    const auths = {};
    if (isRecord(json.auths)) {
        for (const [key, value] of Object.entries(json.auths)) {
            if (!isRecord(value))
                continue;
            auths[key] = {
                auth: stringField(value, 'auth'),
                username: stringField(value, 'username'),
                password: stringField(value, 'password'),
                identitytoken: stringField(value, 'identitytoken'),
                registrytoken: stringField(value, 'registrytoken')
            };
        }
    }
    const credsStore = typeof json.credsStore === 'string' && json.credsStore ? json.credsStore : null;
    return { auths, credHelpers: stringMap(json.credHelpers), credsStore };
}
/** docker's `ConvertToHostname`: drop an http(s) scheme and any path. */
function hostnameOf(key) {
    const stripped = key.replace(/^https?:\/\//i, '');
    const slash = stripped.indexOf('/');
    return (slash < 0 ? stripped : stripped.slice(0, slash)).toLowerCase();
}
/** The server address docker keys a registry by: Docker Hub's v1 URL, else host[:port]. */
function serverAddressFor(registry) {
    return isDockerHub(registry) ? DOCKER_HUB_SERVER : registry;
}
function keyMatches(key, registry) {
    const host = hostnameOf(key);
    return isDockerHub(registry) ? isDockerHub(host) : host === registry.toLowerCase();
}
/** Exact key first, then any key naming the same host (with or without scheme or path), like docker. */
function lookup(map, registry) {
    const address = serverAddressFor(registry);
    for (const exact of [address, registry]) {
        const value = map[exact];
        if (value !== undefined)
            return [exact, value];
    }
    for (const [key, value] of Object.entries(map))
        if (keyMatches(key, registry))
            return [key, value];
    return null;
}
function findAuthEntry(config, registry) {
    return lookup(config.auths, registry);
}
/** The credential helper for a registry: `credHelpers` first, then `credsStore`. */
function helperFor(config, registry) {
    const specific = lookup(config.credHelpers, registry);
    if (specific && specific[1] !== '')
        return specific[1];
    return config.credsStore;
}
/** Credentials in one `auths` entry; an empty entry (what `credsStore` leaves behind) gives null. */
function credentialsFromEntry(entry) {
    let username = entry.username ?? null;
    let password = entry.password ?? null;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
            username = decoded.slice(0, colon);
            password = decoded.slice(colon + 1);
        }
    }
    if (entry.identitytoken)
        return { kind: 'identity-token', token: entry.identitytoken, username };
    if (entry.registrytoken)
        return { kind: 'registry-token', token: entry.registrytoken };
    if (username !== null && password !== null)
        return { kind: 'basic', username, password };
    return null;
}
/** What `docker-credential-<name> get` printed; `<token>` as the user means an identity token. */
function credentialsFromHelper(stdout) {
    let json;
    try {
        json = JSON.parse(stdout);
    }
    catch {
        return null;
    }
    if (!isRecord(json))
        return null;
    const username = typeof json.Username === 'string' ? json.Username : '';
    const secret = typeof json.Secret === 'string' ? json.Secret : '';
    if (secret === '')
        return null;
    if (username === '<token>')
        return { kind: 'identity-token', token: secret, username: null };
    return { kind: 'basic', username, password: secret };
}
/** Helpers say "not found" in their own words; that means "no credentials", not a failure. */
function isHelperNotFound(output) {
    return /credentials not found|no credentials|not found in (native )?keychain/i.test(output);
}
/** Words for a log line or an error: never the secret. */
function describeCredentials(source) {
    const c = source.credentials;
    if (c === null)
        return `no credentials (${source.origin})`;
    switch (c.kind) {
        case 'basic':
            return `user ${JSON.stringify(c.username)} from ${source.origin}`;
        case 'identity-token':
            return `an identity token from ${source.origin}`;
        case 'registry-token':
            return `a registry token from ${source.origin}`;
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/image/registry/url.ts

/** host without its port; `[::1]:5000` → `::1`. */
function hostWithoutPort(host) {
    if (host.startsWith('[')) {
        const end = host.indexOf(']');
        return end < 0 ? host : host.slice(1, end);
    }
    const colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.slice(0, colon);
}
/** Docker treats these as insecure registries without being told: localhost, 127.0.0.0/8, ::1. */
function isLoopbackRegistry(host) {
    const name = hostWithoutPort(host).toLowerCase();
    if (name === 'localhost' || name.endsWith('.localhost'))
        return true;
    if ((0,external_node_net_.isIP)(name) === 4)
        return name.startsWith('127.');
    if ((0,external_node_net_.isIP)(name) === 6)
        return name === '::1' || name === '0:0:0:0:0:0:0:1';
    return false;
}
/** Plain HTTP for loopback registries (as docker), HTTPS elsewhere, unless the caller says otherwise. */
function schemeFor(host, override) {
    if (override)
        return override;
    return isLoopbackRegistry(host) ? 'http' : 'https';
}
function registryBase(scheme, apiHost) {
    return `${scheme}://${apiHost}`;
}
// Repository paths are validated by the reference grammar (lowercase, digits,
// separators and slashes), so they go into URLs as they are.
function blobUrl(base, repository, digest) {
    return `${base}/v2/${repository}/blobs/${digest}`;
}
function manifestUrl(base, repository, reference) {
    return `${base}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
}
/** Start of an upload; with `mount`, a cross-repository mount the registry may refuse (then it opens a session). */
function uploadStartUrl(base, repository, mount) {
    const url = `${base}/v2/${repository}/blobs/uploads/`;
    if (!mount)
        return url;
    const query = new URLSearchParams({ mount: mount.digest, from: mount.from });
    return `${url}?${query.toString()}`;
}
/**
 * The URL that completes a monolithic upload: the session `Location` (absolute,
 * or relative to the request that returned it; may already carry a query such
 * as `_state`) with `digest` added.
 */
function uploadCompleteUrl(requestUrl, location, digest) {
    const url = new URL(location, requestUrl);
    url.searchParams.set('digest', digest);
    return url.toString();
}
/** `repository:<name>:<actions>` as the token protocol spells scopes. */
function repositoryScope(repository, actions) {
    return `repository:${repository}:${actions.join(',')}`;
}
/**
 * One scope per resource with the union of its actions, so a challenge's
 * `repository:a:pull` adds nothing to our `repository:a:pull,push`. Order is
 * kept (first seen); scopes that are not `type:name:actions` pass as they are.
 */
function mergeScopes(scopes) {
    const merged = new Map();
    const order = [];
    for (const scope of scopes) {
        const last = scope.lastIndexOf(':');
        const resource = last > 0 && scope.indexOf(':') < last ? scope.slice(0, last) : null;
        if (resource === null) {
            if (!merged.has(scope)) {
                merged.set(scope, []);
                order.push(scope);
            }
            continue;
        }
        const actions = merged.get(resource) ?? [];
        if (!merged.has(resource)) {
            merged.set(resource, actions);
            order.push(resource);
        }
        for (const action of scope.slice(last + 1).split(',')) {
            if (action !== '' && !actions.includes(action))
                actions.push(action);
        }
    }
    return order.map((key) => {
        const actions = merged.get(key) ?? [];
        return actions.length > 0 ? `${key}:${actions.join(',')}` : key;
    });
}

;// CONCATENATED MODULE: ./src/image/registry/follow.ts


/**
 * Credentials travel only over https, or to a loopback host (where docker
 * itself speaks plain http): on plain http anyone on the path reads them.
 */
function mayCarryCredentials(url) {
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackRegistry(url.host));
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * The next request after a redirect, as the fetch standard follows one, or
 * null when the answer is no redirect (or one without a Location). 307 and
 * 308 repeat the method and body (a manifest PUT stays a PUT); 303 turns
 * anything but HEAD into a GET, and 301/302 turn a POST into a GET.
 */
function redirectHop(status, method, location, from) {
    if (!REDIRECTS.has(status) || location === null || location === '')
        return null;
    let url;
    try {
        url = new URL(location, from);
    }
    catch {
        throw new errors/* UserError */.y(`${from} redirected to ${JSON.stringify(location)}, which is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new errors/* UserError */.y(`${from} redirected to ${url.protocol} URL ${url.origin}; only http(s) is followed.`);
    }
    const toGet = (status === 303 && method !== 'HEAD') ||
        ((status === 301 || status === 302) && method === 'POST');
    return toGet
        ? { url: url.toString(), method: 'GET', keepBody: false }
        : { url: url.toString(), method, keepBody: true };
}
const MAX_REDIRECTS = 10;
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding']);
/**
 * Sends a request and follows redirects by hand: `Authorization` goes only to
 * the origin it belongs to, and a body is produced again for each hop (fetch's
 * own following cannot resend a stream, and fails on a Buffer it has sent).
 */
async function fetchFollowing(fetchImpl, request) {
    const firstOrigin = new URL(request.url).origin;
    let url = request.url;
    let method = request.method;
    let body = request.body;
    let headers = { ...request.headers };
    for (let hop = 0;; hop++) {
        const sent = { ...headers };
        const auth = request.authorization;
        if (auth && new URL(url).origin === auth.origin)
            sent.authorization = auth.value;
        const init = { method, headers: sent, redirect: 'manual' };
        if (body) {
            init.body = body();
            // Required by fetch for streamed bodies.
            init.duplex = 'half';
        }
        const response = await fetchImpl(url, init);
        const next = redirectHop(response.status, method, response.headers.get('location'), url);
        if (next === null)
            return { response, url };
        await response.body?.cancel().catch(() => undefined);
        if (hop + 1 >= MAX_REDIRECTS) {
            throw new errors/* UserError */.y(`${request.step} failed: more than ${MAX_REDIRECTS} redirects, the last to ${next.url}.`);
        }
        const nextOrigin = new URL(next.url).origin;
        if (request.secretBody && next.keepBody && body && nextOrigin !== firstOrigin) {
            throw new errors/* UserError */.y(`${request.step} failed: ${firstOrigin} redirected a request that carries a secret to ${nextOrigin}, another origin; it is not sent there.`);
        }
        if (!next.keepBody) {
            body = undefined;
            headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase())));
        }
        url = next.url;
        method = next.method;
    }
}

;// CONCATENATED MODULE: ./src/image/registry/messages.ts
/** Text of registry failures: pure, so each wording is table-tested. */
/** `sha256:ab12cd34ef56…` — enough to recognise a blob in a log line. */
function shortDigest(digest) {
    const colon = digest.indexOf(':');
    const hex = digest.slice(colon + 1);
    return hex.length > 12 ? `${digest.slice(0, colon + 1)}${hex.slice(0, 12)}…` : digest;
}
/** `errors[].code: message` from a distribution error body, or the start of a non-JSON body. */
function registryErrorText(body) {
    const text = body.trim();
    if (text === '')
        return null;
    try {
        const json = JSON.parse(text);
        if (typeof json === 'object' && json !== null && 'errors' in json) {
            const errors = json.errors;
            if (Array.isArray(errors)) {
                const parts = errors.flatMap((error) => {
                    if (typeof error !== 'object' || error === null)
                        return [];
                    const { code, message } = error;
                    const c = typeof code === 'string' ? code : '';
                    const m = typeof message === 'string' ? message : '';
                    if (c === '' && m === '')
                        return [];
                    return [c && m ? `${c}: ${m}` : c || m];
                });
                if (parts.length > 0)
                    return parts.join('; ');
            }
        }
        if (typeof json === 'object' && json !== null && 'details' in json) {
            const details = json.details;
            if (typeof details === 'string' && details !== '')
                return details;
        }
    }
    catch {
        // Not JSON: proxies and load balancers answer with HTML or plain text.
    }
    const line = text.split('\n')[0] ?? '';
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
function describeHttpFailure(failure) {
    const reason = registryErrorText(failure.body);
    const status = `HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`;
    const message = `Registry ${failure.registry}: ${failure.step} failed: ${status}${reason ? ` (${reason})` : ''}.`;
    if ((failure.status === 401 || failure.status === 403) && failure.answeredBy) {
        return {
            message,
            details: [
                `The answer came from ${failure.answeredBy}, another origin the registry sent the request to (a redirect or an upload Location).`,
                `Credentials for ${failure.registry} go only to ${failure.registry} and the token service it names, never to another origin, so this server got none.`
            ]
        };
    }
    if (failure.status === 401 || failure.status === 403) {
        return {
            message,
            details: [
                `The registry refused the request with ${failure.credentials}.`,
                failure.status === 403
                    ? 'The credentials are valid but may not push to this repository: check its permissions (for ghcr.io, the token needs packages: write).'
                    : 'Check the username and password or token.',
                'Log in before this step, e.g. with docker/login-action, or pass credentials explicitly.'
            ]
        };
    }
    return { message, details: [] };
}
function describeUnreachable(registry, step, cause, tries) {
    const after = tries > 1 ? ` after ${tries} tries` : '';
    return `Registry ${registry}: ${step} failed: could not reach the registry${after} (${cause}).`;
}
// Duck-typed: errors thrown by node's fetch may come from another realm
// (a VM context, a worker), where `instanceof Error` is false.
function errorLike(value) {
    if (typeof value !== 'object' || value === null)
        return null;
    const message = value.message;
    return typeof message === 'string' ? value : null;
}
/**
 * Whether a fetch failed because the host name does not resolve: another try
 * asks the same resolver the same question, so it is never retried (a typo in
 * an image name would otherwise cost every retry's wait).
 */
function isNameNotResolved(error) {
    for (let e = error, depth = 0; e !== null && e !== undefined && depth < 5; depth++) {
        const code = e.code;
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
            return true;
        e = e.cause;
    }
    return false;
}
/** The reason inside a fetch rejection ("fetch failed" alone says nothing). */
function connectionErrorText(error) {
    const outer = errorLike(error);
    if (outer === null)
        return String(error);
    const cause = errorLike(outer.cause);
    if (cause !== null) {
        const code = typeof cause.code === 'string' ? cause.code : '';
        return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
    }
    return outer.message;
}

;// CONCATENATED MODULE: ./src/ground/retry.ts
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** 429 and 5xx are worth another try; 501 and 505 say the server will never do it. */
function isRetryableStatus(status) {
    if (status === 429 || status === 408)
        return true;
    return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}
/** `Retry-After` in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    if (value === null)
        return null;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return null;
    return Math.max(0, date - nowMs);
}
/**
 * Wait before try number `failed + 1`: exponential from the base, capped;
 * the registry's `Retry-After` wins when it asks for longer (and is capped too,
 * so a hostile or broken header cannot stall a job for hours).
 */
function retryDelayMs(failed, policy, retryAfterMs) {
    const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failed - 1));
    if (retryAfterMs === null)
        return exponential;
    return Math.min(Math.max(exponential, retryAfterMs), Math.max(policy.maxDelayMs, 60_000));
}

;// CONCATENATED MODULE: ./src/image/registry/client.ts








/** The registry could not be reached (connection refused, reset, DNS…). */
class RegistryUnreachableError extends errors/* UserError */.y {
    retryable;
    constructor(message, retryable) {
        super(message);
        this.retryable = retryable;
    }
}
/** Tokens are refreshed a little before they expire; distribution's default lifetime is 60 s. */
const TOKEN_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_SECONDS = 60;
function basicHeader(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
async function drain(response) {
    await response.body?.cancel().catch(() => undefined);
}
/**
 * One registry's HTTP conversation: learns its auth scheme from the first
 * challenge, then authenticates up front (Basic) or with a token per scope
 * set (Bearer); retries 429/5xx and connection failures with backoff.
 */
class RegistrySession {
    options;
    scheme = 'none';
    realm = null;
    tokens = new Map();
    origin;
    constructor(options) {
        this.options = options;
        this.origin = new URL(options.origin);
    }
    get credentialText() {
        return describeCredentials(this.options.credentials);
    }
    get credentials() {
        return this.options.credentials.credentials;
    }
    /** Sends a request (retrying when allowed) and returns the final response, whatever its status. */
    async send(request) {
        const tries = request.retry === false ? 1 : Math.max(1, this.options.retry.attempts);
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await this.sendAuthenticated(request);
            }
            catch (error) {
                // UserErrors (a refused token, an unreachable token service) were already retried.
                if (error instanceof errors/* UserError */.y)
                    throw error;
                const cause = connectionErrorText(error);
                if (attempt >= tries || isNameNotResolved(error)) {
                    throw new RegistryUnreachableError(describeUnreachable(this.options.registry, request.step, cause, attempt), true);
                }
                const delay = retryDelayMs(attempt, this.options.retry, null);
                this.options.warn(`${this.options.registry}: ${request.step}: ${cause}; try ${attempt + 1} of ${tries} in ${delay} ms`);
                await (0,external_node_timers_promises_.setTimeout)(delay);
                continue;
            }
            if (!isRetryableStatus(response.status) || attempt >= tries)
                return response;
            const delay = retryDelayMs(attempt, this.options.retry, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
            this.options.warn(`${this.options.registry}: ${request.step}: HTTP ${response.status}; try ${attempt + 1} of ${tries} in ${delay} ms`);
            await drain(response);
            await (0,external_node_timers_promises_.setTimeout)(delay);
        }
    }
    /** Like `send`, but any status outside `ok` becomes a UserError naming the step. */
    async expect(request, ok) {
        const response = await this.send(request);
        if (ok.includes(response.status))
            return response;
        if (request.method !== 'HEAD')
            throw await this.failure(request.step, response);
        // A HEAD answer has no body, so the registry's reason is missing; the same
        // request as GET usually fails the same way and says why.
        await drain(response);
        const again = await this.send({ ...request, method: 'GET', retry: false }).catch(() => null);
        if (again === null || again.status !== response.status) {
            if (again)
                await drain(again);
            throw await this.failure(request.step, response, '');
        }
        throw await this.failure(request.step, again);
    }
    async failure(step, response, knownBody) {
        const text = knownBody ?? (await response.text().catch(() => ''));
        const body = truncate(text);
        const { message, details } = describeHttpFailure({
            registry: this.options.registry,
            step,
            status: response.status,
            statusText: response.statusText,
            body,
            credentials: this.credentialText,
            answeredBy: this.foreignOrigin(response.url)
        });
        return new errors/* UserError */.y(message, details);
    }
    async sendAuthenticated(request) {
        const first = await this.sendOnce(request, await this.authorization(request.scopes, false));
        // Only the registry's own challenge is answered: a 401 from another origin
        // (an upload Location, a redirect) must not draw credentials or a token.
        if (first.response.status !== 401 || !this.isRegistry(first.url))
            return first.response;
        const challenges = parseChallenges(first.response.headers.get('www-authenticate') ?? '');
        const bearer = bearerChallenge(challenges);
        let authorization = null;
        if (bearer) {
            this.scheme = 'bearer';
            this.realm = { realm: this.realmUrl(bearer.realm), service: bearer.service };
            const scopes = mergeScopes([...request.scopes, ...bearer.scopes]);
            authorization = await this.authorization(scopes, true, request.step);
            // The token covers what this request asks for too: the next one like it needs no new token.
            const token = this.tokens.get(scopeKey(scopes));
            if (token)
                this.tokens.set(scopeKey(request.scopes), token);
        }
        else if (hasBasicChallenge(challenges) && this.credentials?.kind === 'basic') {
            this.scheme = 'basic';
            authorization = await this.authorization(request.scopes, true);
        }
        if (authorization === null)
            return first.response;
        await drain(first.response);
        return (await this.sendOnce(request, authorization)).response;
    }
    /** The origin of a response's URL when it is neither the registry's nor its token realm's. */
    foreignOrigin(url) {
        if (url === '')
            return undefined;
        const origin = new URL(url).origin;
        const home = [this.origin.origin, this.realm?.realm.origin];
        return home.includes(origin) ? undefined : origin;
    }
    isRegistry(url) {
        return new URL(url).origin === this.origin.origin;
    }
    /** The realm a Bearer challenge names, if credentials may go there. */
    realmUrl(realm) {
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            throw new errors/* UserError */.y(`Registry ${this.options.registry} asked for a token from ${JSON.stringify(realm)}, which is not a URL.`);
        }
        if (!mayCarryCredentials(url)) {
            throw new errors/* UserError */.y(`Registry ${this.options.registry} names the token service ${url.origin}${url.pathname}, on ${url.protocol === 'http:' ? 'plain http' : url.protocol}: ` +
                'credentials and tokens go only over https, or to this machine (localhost, 127.0.0.0/8, ::1).');
        }
        return url;
    }
    sendOnce(request, authorization) {
        return fetchFollowing(this.options.fetch, {
            method: request.method,
            url: request.url,
            step: `Registry ${this.options.registry}: ${request.step}`,
            headers: request.headers,
            body: request.body,
            authorization: authorization ? { origin: this.origin.origin, value: authorization } : null
        });
    }
    async authorization(scopes, fresh, step = 'authenticating') {
        const credentials = this.credentials;
        if (this.scheme === 'none')
            return null;
        if (!mayCarryCredentials(this.origin)) {
            throw new errors/* UserError */.y(`Registry ${this.options.registry} asks for credentials, but it answers on plain http (${this.origin.origin}): ` +
                'credentials and tokens go only over https, or to a registry on this machine (localhost, 127.0.0.0/8, ::1).');
        }
        if (this.scheme === 'basic') {
            return credentials?.kind === 'basic'
                ? basicHeader(credentials.username, credentials.password)
                : null;
        }
        if (this.realm === null)
            return null;
        if (credentials?.kind === 'registry-token')
            return `Bearer ${credentials.token}`;
        const key = scopeKey(scopes);
        const cached = this.tokens.get(key);
        if (!fresh && cached && cached.expiresAt > Date.now())
            return `Bearer ${cached.token}`;
        const token = await this.fetchToken(scopes, step);
        this.tokens.set(key, token);
        return `Bearer ${token.token}`;
    }
    /** The token protocol: GET realm (Basic when we have a password), or the OAuth2 refresh grant. */
    async fetchToken(scopes, step) {
        const realm = this.realm;
        if (realm === null)
            throw new Error('fetchToken without a realm');
        const credentials = this.credentials;
        const url = realm.realm;
        const tokenStep = `getting a token from ${url.origin}${url.pathname} for ${step}`;
        const request = async () => {
            const sent = { step: `Registry ${this.options.registry}: ${tokenStep}` };
            if (credentials?.kind === 'identity-token') {
                const form = new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: credentials.token,
                    client_id: 'from-scratch'
                });
                if (realm.service)
                    form.set('service', realm.service);
                if (scopes.length > 0)
                    form.set('scope', scopes.join(' '));
                const answer = await fetchFollowing(this.options.fetch, {
                    ...sent,
                    method: 'POST',
                    url: url.toString(),
                    headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    body: () => form.toString(),
                    secretBody: true
                });
                return answer.response;
            }
            const get = new URL(url);
            if (realm.service)
                get.searchParams.set('service', realm.service);
            for (const scope of scopes)
                get.searchParams.append('scope', scope);
            const answer = await fetchFollowing(this.options.fetch, {
                ...sent,
                method: 'GET',
                url: get.toString(),
                // The password goes to the realm the registry named, and nowhere it redirects.
                authorization: credentials?.kind === 'basic'
                    ? { origin: url.origin, value: basicHeader(credentials.username, credentials.password) }
                    : null
            });
            return answer.response;
        };
        let response = null;
        for (let attempt = 1; response === null; attempt++) {
            try {
                const answer = await request();
                if (isRetryableStatus(answer.status) && attempt < this.options.retry.attempts) {
                    await drain(answer);
                    await (0,external_node_timers_promises_.setTimeout)(retryDelayMs(attempt, this.options.retry, null));
                    continue;
                }
                response = answer;
            }
            catch (error) {
                // A refused redirect is an answer, not a connection failure.
                if (error instanceof errors/* UserError */.y)
                    throw error;
                if (attempt >= this.options.retry.attempts || isNameNotResolved(error)) {
                    throw new RegistryUnreachableError(describeUnreachable(this.options.registry, tokenStep, connectionErrorText(error), attempt), true);
                }
                await (0,external_node_timers_promises_.setTimeout)(retryDelayMs(attempt, this.options.retry, null));
            }
        }
        if (!response.ok)
            throw await this.failure(tokenStep, response);
        const json = await response.json().catch(() => null);
        const body = (typeof json === 'object' && json !== null ? json : {});
        const token = typeof body.token === 'string' && body.token !== ''
            ? body.token
            : typeof body.access_token === 'string'
                ? body.access_token
                : '';
        if (token === '') {
            throw new errors/* UserError */.y(`Registry ${this.options.registry}: ${tokenStep} failed: the answer has no token.`);
        }
        const seconds = typeof body.expires_in === 'number' ? body.expires_in : DEFAULT_TOKEN_SECONDS;
        return { token, expiresAt: Date.now() + seconds * 1000 - TOKEN_MARGIN_MS };
    }
}
function scopeKey(scopes) {
    return mergeScopes(scopes).sort().join(' ');
}
/** Error bodies are read for their message only; keep them short. */
function truncate(body) {
    return body.length > 4096 ? body.slice(0, 4096) : body;
}

;// CONCATENATED MODULE: ./src/image/registry/docker-config.ts





async function readConfig(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return null;
        throw error;
    }
    return parseDockerConfig(text, path);
}
/**
 * Credentials for one registry from the runner's docker config, the way
 * `docker push` finds them: a credential helper when one is configured (its
 * "not found" falls back to `auths`), else the `auths` entry.
 */
async function credentialsFromDockerConfig(registry, access) {
    const path = dockerConfigPath(access.env, access.home ?? (0,external_node_os_.homedir)());
    const config = await readConfig(path);
    if (config === null)
        return { credentials: null, origin: `no docker config at ${path}` };
    const helper = helperFor(config, registry);
    if (helper !== null) {
        const program = `docker-credential-${helper}`;
        try {
            const result = await access.exec.run(program, ['get'], {
                input: serverAddressFor(registry),
                timeoutMs: 30_000
            });
            if (result.exitCode === 0) {
                const credentials = credentialsFromHelper(result.stdout);
                if (credentials)
                    return { credentials, origin: `credential helper ${program}` };
            }
            else if (!isHelperNotFound(`${result.stdout}\n${result.stderr}`)) {
                // A helper's stderr is about the helper, not the secret; still, show only its first line.
                const why = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
                access.log.warning(`${program} get failed for ${registry} (exit ${result.exitCode}): ${why}`);
            }
        }
        catch (error) {
            const why = error instanceof exec/* ProgramNotFoundError */.oo ? 'it is not on PATH' : (0,errors/* messageOf */.b)(error);
            access.log.warning(`Docker config ${path} names ${program} for ${registry}, but ${why}.`);
        }
    }
    const found = findAuthEntry(config, registry);
    const credentials = found ? credentialsFromEntry(found[1]) : null;
    if (credentials)
        return { credentials, origin: `docker config ${path} (auths "${found?.[0]}")` };
    return { credentials: null, origin: `nothing for ${registry} in docker config ${path}` };
}

;// CONCATENATED MODULE: ./src/ground/blob-path.ts

/** A blob's place inside an OCI layout, `blobs/<algorithm>/<hex>`, with `/` as in archives. */
function blobArchivePath(digest) {
    const colon = digest.indexOf(':');
    return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}
/** Where a blob of the OCI layout in `layoutDir` lives on disk. */
function blobPath(layoutDir, digest) {
    return (0,external_node_path_.join)(layoutDir, blobArchivePath(digest));
}

;// CONCATENATED MODULE: ./src/image/registry/layout.ts





const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+schema2+json';
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
const layout_DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
function bad(layoutDir, why) {
    return new errors/* UserError */.y(`${layoutDir} is not a usable OCI image layout: ${why}.`);
}
function layout_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function descriptor(value, where, layoutDir) {
    if (!layout_isRecord(value))
        throw bad(layoutDir, `${where} is not a descriptor`);
    const { mediaType, digest, size } = value;
    if (typeof digest !== 'string' || !layout_DIGEST.test(digest)) {
        throw bad(layoutDir, `${where} has no valid digest`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw bad(layoutDir, `${where} has no valid size`);
    }
    return { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
}
async function readJson(path, layoutDir, what) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw bad(layoutDir, `cannot read ${what} (${error.code ?? error})`);
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw bad(layoutDir, `${what} is not valid JSON`);
    }
}
/**
 * The one thing index.json names (one image or one image index, under any
 * number of ref.name entries). Referrers (an SBOM with its artifactType) sit
 * beside it: they are not what is pushed as it.
 */
function pickTop(index, layoutDir) {
    if (!layout_isRecord(index) || !Array.isArray(index.manifests)) {
        throw bad(layoutDir, 'index.json has no manifests list');
    }
    const found = index.manifests
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => !(layout_isRecord(m) && typeof m.artifactType === 'string'))
        .map(({ m, i }) => descriptor(m, `index.json manifests[${i}]`, layoutDir));
    const digests = [...new Set(found.map((d) => d.digest))];
    if (digests.length !== 1) {
        throw bad(layoutDir, `index.json names ${digests.length} images; exactly one is pushed`);
    }
    return found[0];
}
/** The single image manifest an index names (one image, any number of ref.name entries). */
function pickManifest(index, layoutDir) {
    const chosen = pickTop(index, layoutDir);
    if (INDEX_TYPES.has(chosen.mediaType)) {
        throw bad(layoutDir, `it holds an image index (${chosen.mediaType}); only one image is pushed`);
    }
    return chosen;
}
/** A blob's bytes, checked against the digest and size its descriptor gives. */
async function readChecked(layoutDir, chosen, what) {
    let bytes;
    try {
        bytes = await (0,promises_.readFile)(blobPath(layoutDir, chosen.digest));
    }
    catch {
        throw bad(layoutDir, `the ${what} blob ${chosen.digest} is missing`);
    }
    const [algorithm = 'sha256'] = chosen.digest.split(':');
    const actual = `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(bytes).digest('hex')}`;
    if (actual !== chosen.digest || bytes.length !== chosen.size) {
        throw bad(layoutDir, `the ${what} blob does not match its digest ${chosen.digest}`);
    }
    return bytes;
}
async function readMarker(layoutDir) {
    const marker = await readJson((0,external_node_path_.join)(layoutDir, 'oci-layout'), layoutDir, 'oci-layout');
    if (!layout_isRecord(marker) || typeof marker.imageLayoutVersion !== 'string') {
        throw bad(layoutDir, 'oci-layout has no imageLayoutVersion');
    }
    return readJson((0,external_node_path_.join)(layoutDir, 'index.json'), layoutDir, 'index.json');
}
/** Reads index.json → manifest → config and layer descriptors; checks every blob's size on disk. */
async function readLayout(layoutDir) {
    return readImage(layoutDir, pickManifest(await readMarker(layoutDir), layoutDir));
}
/**
 * What a layout holds for a push: one image, or one image index and its images
 * (an index of indexes is refused: the writer never makes one).
 */
async function readLayoutTop(layoutDir) {
    const chosen = pickTop(await readMarker(layoutDir), layoutDir);
    if (!INDEX_TYPES.has(chosen.mediaType)) {
        return { kind: 'image', image: await readImage(layoutDir, chosen) };
    }
    const bytes = await readChecked(layoutDir, chosen, 'index');
    let index;
    try {
        index = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw bad(layoutDir, 'the image index is not valid JSON');
    }
    if (!layout_isRecord(index) || !Array.isArray(index.manifests) || index.manifests.length === 0) {
        throw bad(layoutDir, 'the image index lists no manifests');
    }
    const images = [];
    for (const [i, entry] of index.manifests.entries()) {
        const child = descriptor(entry, `the index's manifests[${i}]`, layoutDir);
        if (INDEX_TYPES.has(child.mediaType))
            throw bad(layoutDir, 'it holds an index of indexes');
        images.push(await readImage(layoutDir, child));
    }
    return {
        kind: 'index',
        index: { digest: chosen.digest, mediaType: chosen.mediaType, bytes },
        images
    };
}
async function readImage(layoutDir, chosen) {
    const bytes = await readChecked(layoutDir, chosen, 'manifest');
    let manifest;
    try {
        manifest = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw bad(layoutDir, 'the manifest is not valid JSON');
    }
    if (!layout_isRecord(manifest))
        throw bad(layoutDir, 'the manifest is not a JSON object');
    const mediaType = typeof manifest.mediaType === 'string' && manifest.mediaType !== ''
        ? manifest.mediaType
        : chosen.mediaType || OCI_MANIFEST;
    if (mediaType !== OCI_MANIFEST && mediaType !== DOCKER_MANIFEST) {
        throw bad(layoutDir, `the manifest's media type ${mediaType} is not an image manifest`);
    }
    const config = descriptor(manifest.config, 'the manifest config', layoutDir);
    if (!Array.isArray(manifest.layers))
        throw bad(layoutDir, 'the manifest has no layers list');
    const layers = manifest.layers.map((l, i) => descriptor(l, `manifest layers[${i}]`, layoutDir));
    const blobs = [];
    for (const [kind, d] of [
        ['config', config],
        ...layers.map((l) => ['layer', l])
    ]) {
        if (blobs.some((b) => b.digest === d.digest))
            continue;
        const path = blobPath(layoutDir, d.digest);
        const size = await (0,promises_.stat)(path).then((s) => s.size, () => null);
        if (size === null)
            throw bad(layoutDir, `${kind} blob ${d.digest} is missing`);
        if (size !== d.size) {
            throw bad(layoutDir, `${kind} blob ${d.digest} has ${size} bytes, the manifest says ${d.size}`);
        }
        blobs.push({ kind, digest: d.digest, size: d.size, mediaType: d.mediaType, path });
    }
    return { manifest: { digest: chosen.digest, mediaType, bytes }, blobs };
}

;// CONCATENATED MODULE: ./src/image/registry/push.ts












const UPLOAD_HEADERS = { 'content-type': 'application/octet-stream' };
function humanSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
/**
 * Pushes one image, or one image index with its images, from an OCI layout to
 * every reference: all blobs to every repository first (HEAD, skip present
 * ones, mount across repositories of one registry, else upload), then an
 * index's image manifests by digest, then the top manifest once per tag.
 * Because tags are written last, a push that fails part-way never leaves a
 * tag pointing at a manifest whose blobs or images are missing.
 */
async function pushLayout(input) {
    const top = await readLayoutTop(input.layoutDir);
    const images = top.kind === 'image' ? [top.image] : top.images;
    const tagged = top.kind === 'image' ? top.image.manifest : top.index;
    const blobs = [...new Map(images.flatMap((i) => i.blobs).map((b) => [b.digest, b])).values()];
    const retry = { ...DEFAULT_RETRY, ...input.retry };
    const repos = await openRepositories(input, retry);
    // Which repository of a registry already holds a blob, so the next one can mount it.
    const holders = new Map();
    for (const repo of repos) {
        for (const blob of blobs) {
            const key = `${repo.target.apiHost} ${blob.digest}`;
            await ensureBlob(repo, blob, holders.get(key) ?? null, retry, input.log);
            if (!holders.has(key))
                holders.set(key, repo.target.repository);
        }
    }
    if (top.kind === 'index') {
        for (const repo of repos) {
            for (const image of top.images) {
                await putManifest(repo, image.manifest, image.manifest.digest);
            }
        }
    }
    const pushed = [];
    for (const repo of repos) {
        for (const [i, tag] of repo.target.tags.entries()) {
            await putManifest(repo, tagged, tag);
            pushed.push(repo.target.references[i] ?? `${repo.name}:${tag}`);
            input.log.info(`${repo.name}:${tag} → ${tagged.digest}`);
        }
    }
    return { digest: tagged.digest, pushed };
}
/** One session per registry host, one entry per repository of `input.references`. */
async function openRepositories(input, retry) {
    const targets = groupTargets(input.references);
    const fetchImpl = input.fetch ?? ((url, init) => fetch(url, init));
    const sessions = new Map();
    const repos = [];
    for (const target of targets) {
        const base = registryBase(schemeFor(target.apiHost, input.scheme), target.apiHost);
        let session = sessions.get(target.apiHost);
        if (!session) {
            const credentials = await credentialsFor(target.registry, input);
            input.log.info(`${target.registry}: pushing with ${describeCredentials(credentials)}`);
            session = new RegistrySession({
                registry: target.registry,
                origin: base,
                credentials,
                fetch: fetchImpl,
                retry,
                warn: (message) => input.log.warning(message)
            });
            sessions.set(target.apiHost, session);
        }
        repos.push({ target, session, base, name: `${target.registry}/${target.repository}` });
    }
    return repos;
}
async function credentialsFor(registry, input) {
    if (input.credentials) {
        return {
            credentials: { kind: 'basic', ...input.credentials },
            origin: 'the credentials given to the push'
        };
    }
    return credentialsFromDockerConfig(registry, {
        env: input.env ?? process.env,
        home: input.home,
        exec: input.exec ?? exec/* systemExec */.Vi,
        log: input.log
    });
}
async function ensureBlob(repo, blob, mountFrom, retry, log) {
    const { session, base, target } = repo;
    const what = `${blob.kind} ${shortDigest(blob.digest)}`;
    const scopes = [repositoryScope(target.repository, ['pull', 'push'])];
    const head = await session.expect({
        method: 'HEAD',
        url: blobUrl(base, target.repository, blob.digest),
        step: `checking ${what} in ${repo.name}`,
        scopes
    }, [200, 404]);
    await head.body?.cancel().catch(() => undefined);
    if (head.status === 200) {
        log.info(`${repo.name}: ${what} already there, skipped`);
        return;
    }
    const step = `uploading ${what} to ${repo.name}`;
    let pendingLocation = null;
    if (mountFrom !== null) {
        const mount = await session.expect({
            method: 'POST',
            url: uploadStartUrl(base, target.repository, { digest: blob.digest, from: mountFrom }),
            step: `mounting ${what} from ${target.registry}/${mountFrom} into ${repo.name}`,
            scopes: [...scopes, repositoryScope(mountFrom, ['pull'])]
        }, [201, 202]);
        await mount.body?.cancel().catch(() => undefined);
        if (mount.status === 201) {
            log.info(`${repo.name}: ${what} mounted from ${target.registry}/${mountFrom}`);
            return;
        }
        // 202: the registry declined the mount and opened an ordinary upload session instead.
        const location = mount.headers.get('location');
        pendingLocation = location ? new URL(location, mount.url || base).toString() : null;
    }
    for (let attempt = 1;; attempt++) {
        let location = pendingLocation;
        pendingLocation = null;
        if (location === null) {
            const start = await session.expect({ method: 'POST', url: uploadStartUrl(base, target.repository), step, scopes }, [202]);
            await start.body?.cancel().catch(() => undefined);
            const header = start.headers.get('location');
            if (!header) {
                throw new errors/* UserError */.y(`Registry ${target.registry}: ${step} failed: the upload session has no Location header.`);
            }
            location = new URL(header, start.url || uploadStartUrl(base, target.repository)).toString();
        }
        let failure = null;
        try {
            const put = await session.send({
                method: 'PUT',
                url: uploadCompleteUrl(location, location, blob.digest),
                step,
                scopes,
                headers: { ...UPLOAD_HEADERS, 'content-length': String(blob.size) },
                body: () => (0,external_node_fs_.createReadStream)(blob.path),
                retry: false
            });
            if (put.status === 201 || put.status === 204) {
                await put.body?.cancel().catch(() => undefined);
                log.info(`${repo.name}: ${what} uploaded (${humanSize(blob.size)})`);
                return;
            }
            const error = await session.failure(step, put);
            if (!isRetryableStatus(put.status))
                throw error;
            failure = { message: `HTTP ${put.status}`, error };
        }
        catch (error) {
            if (!(error instanceof RegistryUnreachableError))
                throw error;
            failure = { message: error.message, error };
        }
        if (attempt >= retry.attempts)
            throw failure.error;
        const delay = retryDelayMs(attempt, retry, null);
        log.warning(`${repo.name}: ${step}: ${failure.message}; starting the upload again (try ${attempt + 1} of ${retry.attempts}) in ${delay} ms`);
        await (0,external_node_timers_promises_.setTimeout)(delay);
    }
}
/** PUTs a manifest under `reference`: a tag, or its own digest for an index's image. */
async function putManifest(repo, manifest, reference) {
    const step = reference.includes(':')
        ? `putting manifest ${shortDigest(manifest.digest)} into ${repo.name}`
        : `tagging ${repo.name}:${reference} (putting manifest ${shortDigest(manifest.digest)})`;
    const response = await repo.session.expect({
        method: 'PUT',
        url: manifestUrl(repo.base, repo.target.repository, reference),
        step,
        scopes: [repositoryScope(repo.target.repository, ['pull', 'push'])],
        headers: { 'content-type': manifest.mediaType },
        // A fresh copy per send: fetch may detach the buffer it sent, and a 307 or a retry sends again.
        body: () => Buffer.from(manifest.bytes)
    }, [200, 201]);
    await response.body?.cancel().catch(() => undefined);
    const returned = response.headers.get('docker-content-digest');
    if (returned !== null && returned !== manifest.digest) {
        throw new errors/* UserError */.y(`Registry ${repo.target.registry}: ${step}: the registry stored the manifest as ${returned}, not ${manifest.digest}.`, [
            'The registry rewrote the manifest; the pushed tag does not point at the image that was built.'
        ]);
    }
}

;// CONCATENATED MODULE: ./src/image/buildx-engine.ts









const BUILD_TIMEOUT_MS = 30 * 60_000;
async function buildx(exec, log, context, prepared, settings, output, whileWaiting) {
    const label = typeof output === 'string' ? output : 'oci';
    const metadataFile = (0,external_node_path_.join)(context.root, `metadata-${label}.json`);
    const iidFile = (0,external_node_path_.join)(context.root, `iid-${label}`);
    const argv = buildxArgv({
        platforms: [settings.platform],
        tags: prepared.tags,
        labels: prepared.labels,
        output,
        builder: settings.builder,
        provenance: settings.provenance,
        sourceDateEpoch: settings.sourceDateEpoch,
        dockerfile: (0,external_node_path_.join)(context.root, 'Dockerfile'),
        contextDir: context.contextDir,
        metadataFile,
        iidFile
    });
    const text = await runBuildx(exec, log, argv, output === 'push' ? 'push the image' : 'build the image', whileWaiting);
    const metadata = parseMetadata(await (0,promises_.readFile)(metadataFile, 'utf8'));
    const imageId = parseIidFile(await (0,promises_.readFile)(iidFile, 'utf8'));
    return { imageId, digest: metadata.digest, configDigest: metadata.configDigest, output: text };
}
/**
 * Runs `docker buildx` with `argv` and returns what it printed; a failure is a
 * UserError with buildx's own error lines: the missing plugin, and the docker
 * driver refusing several platforms, as the BuildxUnusableError `auto` falls back on.
 */
async function runBuildx(exec, log, argv, what, whileWaiting, platforms = []) {
    log.info(`docker ${argv.join(' ')}`);
    const running = exec.run('docker', argv, { timeoutMs: BUILD_TIMEOUT_MS });
    whileWaiting?.();
    const result = await running;
    const text = `${result.stdout}\n${result.stderr}`;
    if (result.exitCode !== 0 || result.timedOut) {
        if (saysBuildxIsMissing(text))
            throw missingError('buildx', errorLines(text).join('\n'));
        if (platforms.length > 1 && saysSeveralPlatformsRefused(text)) {
            throw severalPlatformsError(platforms, errorLines(text).join('\n'));
        }
        throw new errors/* UserError */.y(`docker buildx could not ${what}.`, errorLines(text));
    }
    return text;
}
const LOAD_TIMEOUT_MS = 10 * 60_000;
/** `docker load` of the OCI archive a reproducible build left. */
async function loadArchive(exec, archive) {
    const result = await exec.run('docker', ['load', '--input', archive], {
        timeoutMs: LOAD_TIMEOUT_MS
    });
    if (result.exitCode !== 0 || result.timedOut) {
        throw new errors/* UserError */.y('docker load refused the image docker buildx built.', errorLines(`${result.stdout}\n${result.stderr}`));
    }
}
/** The OCI archive unpacked into a layout folder, for the registry client. */
async function unpackArchive(exec, archive, layoutDir) {
    await (0,promises_.mkdir)(layoutDir, { recursive: true });
    const result = await exec.run('tar', ['-xf', archive, '-C', layoutDir], {
        timeoutMs: LOAD_TIMEOUT_MS
    });
    if (result.exitCode !== 0 || result.timedOut) {
        throw new errors/* UserError */.y(`The OCI archive docker buildx wrote could not be unpacked.`, [
            result.stderr.trim()
        ]);
    }
}
/**
 * The buildx engine: a build context holding only what goes into the image,
 * `docker buildx build --load`, a smoke run, and with `push` the same build
 * again with `--push` (the docker driver cannot load and push at once). On an
 * engine whose BuildKit rewrites timestamps (0.13, engine API 1.45) the build
 * writes an OCI archive with every timestamp at SOURCE_DATE_EPOCH instead,
 * which is loaded and, with `push`, pushed by the registry client: the same
 * input gives the same image ID, and the registry gets the image that was tested.
 */
async function buildWithBuildx(settings, prepared, inspection, exec, log, local) {
    const context = await writeContext(prepared.plan, settings.sourceDateEpoch, settings.tempDir);
    try {
        await (0,promises_.writeFile)((0,external_node_path_.join)(context.root, 'Dockerfile'), prepared.dockerfile);
        const extras = extraReports(prepared, (layer) => context.layers[layer].bytes);
        logExtras(extras, inspection, log);
        // Without a push the pull size can only be estimated: gzip the same contents
        // while buildx works, rather than `docker save` and gzip after it.
        const estimate = settings.push
            ? Promise.resolve(null)
            : estimatePullSize(prepared.plan, prepared.config, settings.sourceDateEpoch, settings.platform).catch(() => null);
        // Where the engine's own BuildKit rewrites timestamps, the build is reproducible:
        // it leaves an OCI archive, which is loaded, and pushed as it is (no second build).
        // Not with provenance: its attestation makes the archive an index, which the
        // registry client does not push; a named builder exports as it is set up to.
        const archive = local.rewritesTimestamps && settings.builder === null && !settings.provenance
            ? (0,external_node_path_.join)(context.root, 'image-oci.tar')
            : null;
        if (!local.rewritesTimestamps && settings.builder === null) {
            log.info("This engine's BuildKit (before 0.13, engine API before 1.45) stamps the folders it creates with the build's clock: two builds of the same input get different image IDs. builder oci, or a newer engine, is reproducible.");
        }
        const loaded = await buildx(exec, log, context, prepared, settings, archive === null ? 'load' : { ociArchive: archive, rewriteTimestamp: true }, local.whileWaiting);
        if (archive !== null)
            await loadArchive(exec, archive);
        // Size from what went into the layers; the daemon gives only its ID for the image.
        const files = context.layers.flatMap((layer) => layer.files);
        const size = imageSizeOf(files);
        // The config digest is the image's ID in every store: buildx's metadata, else its
        // --iidfile (the config digest with either store for a plain manifest; with a
        // provenance attestation on the containerd store only the index digest is reported,
        // and it stands in).
        const imageId = loaded.configDigest ?? loaded.imageId;
        // The classic store keys the image by that digest; the containerd store by its
        // manifest's, so ask it there.
        const localId = local.store === 'classic'
            ? imageId
            : await localImageId(exec, prepared.tags[0] ?? loaded.imageId);
        log.info(`image ${imageId}: ${size} bytes, tags ${prepared.tags.join(', ')}`);
        const smoke = await smokePlatform(settings, prepared, localId, settings.platform, exec, log);
        const base = {
            name: settings.image,
            tags: prepared.tags,
            imageId,
            localId,
            digest: null,
            size,
            extras,
            findingExtras: findingExtras(inspection),
            files,
            pushed: false,
            smokeOutput: smoke.output,
            smoke: smoke.verdict,
            builtWith: 'buildx',
            pullSize: null,
            pullSizeEstimate: await estimate,
            layout: null,
            platform: settings.platform
        };
        if (!settings.push)
            return base;
        if (archive !== null) {
            // The very bytes that were loaded and tested, through the registry client
            // (the engine's exporter cannot push a rewritten image).
            const layoutDir = (0,external_node_path_.join)(context.root, 'oci-layout');
            let pushed;
            try {
                await unpackArchive(exec, archive, layoutDir);
                pushed = await pushLayout({ layoutDir, references: prepared.tags, log, exec });
            }
            catch (error) {
                throw pushFailure(error, prepared.tags, base, []);
            }
            log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`);
            return { ...base, digest: pushed.digest, pushed: true };
        }
        // Second run of the same build: every step is cached, so this pushes the
        // image that was just tested; the docker driver cannot load and push at once.
        let pushed;
        try {
            pushed = await buildx(exec, log, context, prepared, settings, 'push');
        }
        catch (error) {
            throw pushFailure(error, prepared.tags, base, [
                'Check `docker login` for the registry (e.g. docker/login-action) and that it is up.'
            ]);
        }
        if (pushed.digest === null) {
            throw new ImagePushError('docker buildx pushed, but reported no manifest digest.', [], base);
        }
        if (pushed.configDigest !== null && pushed.configDigest !== imageId) {
            log.warning(`The pushed image config ${pushed.configDigest} differs from the tested image ${imageId}; the builder did not reuse its cache.`);
        }
        log.info(`pushed ${prepared.tags.join(', ')} @ ${pushed.digest}`);
        return { ...base, digest: pushed.digest, pushed: true };
    }
    finally {
        await context.cleanup();
    }
}

;// CONCATENATED MODULE: ./src/image/engine.ts
/** What `auto` says when it builds with the writer because buildx cannot. */
function fallbackNotice(problem) {
    return `docker buildx is not usable here (${problem.message.replace(/\.$/, '')}): building with the daemonless writer instead.`;
}
/**
 * Which engine builds the image. Pure: `dockerProblem` is what stops docker
 * here (no CLI, no daemon), or null when a daemon answers. A missing buildx
 * plugin shows only when the build runs; `auto` falls back then.
 */
function chooseEngine(requested, dockerProblem) {
    switch (requested) {
        case 'oci':
            return { engine: 'oci', notice: null };
        case 'buildx':
            if (dockerProblem !== null)
                throw dockerProblem;
            return { engine: 'buildx', notice: null };
        case 'auto':
            if (dockerProblem === null)
                return { engine: 'buildx', notice: null };
            return { engine: 'oci', notice: fallbackNotice(dockerProblem) };
    }
}

;// CONCATENATED MODULE: ./src/image/oci/archive-member.ts




// Members of the archives `docker load` reads: root-owned 0644 files, stamped with
// the image's epoch, whether they come from a file on disk or from memory.
/** The header of a member of `size` bytes; the caller streams them, then pads. */
function memberHeader(name, size, mtime) {
    return encodeHeader({
        name,
        size,
        type: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime,
        linkname: ''
    });
}
/** A file on disk as one member: header, its bytes as read, padding. */
async function* fileMember(name, path, mtime) {
    const { size } = await (0,promises_.stat)(path);
    yield memberHeader(name, size, mtime);
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, { highWaterMark: READ_CHUNK })) {
        yield chunk;
    }
    yield dataPadding(size);
}
/** Bytes in memory as one member. */
function bytesMember(name, bytes, mtime) {
    return [memberHeader(name, bytes.length, mtime), bytes, dataPadding(bytes.length)];
}

;// CONCATENATED MODULE: ./src/image/oci/load-feed.ts





// What `docker load` gets from the writer when the engine keeps images in the
// classic store: a `docker save` archive whose layers are the plain tars,
// streamed as soon as the files are listed. The engine needs no gzip to take
// them (it keys an image by its config, and the config names DiffIDs only), so
// the layers' gzip for the OCI layout runs beside the load instead of before it.
// The containerd image store keeps an archive's manifest and blobs as they
// come, so it gets the layout's archive, compressed, as a registry would.
/**
 * Above this a layer reaches docker as its gzip blob: the engine writes an
 * uncompressed layer to disk twice (the archive, then the layer), which for a
 * large, compressible layer costs more than waiting for its gzip
 * (bench/e2e's 100 MB binary: 1.5–2.0 s loaded plain against 1.2–1.4 s gzipped).
 */
const PLAIN_LAYER_MAX = 32 * 1024 * 1024;
/**
 * Streams the archive into `sink` (layers, then the config, then
 * `manifest.json`) and returns the config's digest: the image ID the classic
 * store gives it, which must be the layout's own.
 */
async function feedLoadArchive(input, sink) {
    const diffIds = [];
    const names = [];
    for (const [index, layer] of input.layers.entries()) {
        const size = tarSize(layer.entries, input.epoch);
        if (size <= (input.plainMax ?? PLAIN_LAYER_MAX)) {
            const name = `layer-${index}.tar`;
            const hash = (0,external_node_crypto_.createHash)('sha256');
            await sink(memberHeader(name, size, input.epoch));
            for await (const chunk of tarChunks(layer.entries, input.epoch)) {
                hash.update(chunk);
                await sink(chunk);
            }
            await sink(dataPadding(size));
            diffIds.push(`sha256:${hash.digest('hex')}`);
            names.push(name);
        }
        else {
            const name = `layer-${index}.tar.gz`;
            const blob = await layer.blob();
            for await (const chunk of fileMember(name, blob.path, input.epoch))
                await sink(chunk);
            diffIds.push(blob.diffId);
            names.push(name);
        }
    }
    const config = imageConfig({
        config: input.config,
        layers: input.layers.map((layer, index) => ({ kind: layer.kind, diffId: diffIds[index] })),
        epoch: input.epoch,
        platform: input.platform
    });
    const manifest = dockerSaveManifest('config.json', input.tags, names);
    for (const chunk of [
        ...bytesMember('config.json', config, input.epoch),
        ...bytesMember('manifest.json', manifest, input.epoch)
    ]) {
        await sink(chunk);
    }
    await sink(endOfArchive());
    return sha256Digest(config);
}

;// CONCATENATED MODULE: ./src/image/oci/write.ts














async function writeBlob(layoutDir, bytes) {
    const digest = sha256Digest(bytes);
    await (0,promises_.writeFile)(blobPath(layoutDir, digest), bytes);
    return { digest, size: bytes.length };
}
/** The archive's entries: folders, then files streamed from the layout. */
async function* archiveChunks(files, epoch) {
    for (const dir of ['blobs/', 'blobs/sha256/']) {
        yield encodeHeader({
            name: dir,
            type: 'dir',
            mode: 0o755,
            size: 0,
            uid: 0,
            gid: 0,
            mtime: epoch,
            linkname: ''
        });
    }
    for (const file of files)
        yield* fileMember(file.name, file.path, epoch);
    yield endOfArchive();
}
/** Writes to a second reader, waiting while it is behind; nothing once it is gone. */
async function feedChunk(feed, chunk) {
    if (feed.destroyed || feed.writableEnded)
        return;
    if (feed.write(chunk))
        return;
    await new Promise((resolve) => {
        const done = () => {
            feed.off('drain', done);
            feed.off('close', done);
            resolve();
        };
        feed.on('drain', done);
        feed.on('close', done);
    });
}
/** Passes the archive through, and to `feed` as well. */
function teeTo(feed) {
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            feedChunk(feed, chunk).then(() => done(null, chunk), (error) => done(error));
        }
    });
}
/**
 * The `docker load` / OCI archive of a layout: its folders, the blobs listed
 * (once each, sorted), then index.json, manifest.json and oci-layout; teed into
 * `feed` when given. Equal files give equal bytes.
 */
async function writeArchive(layoutDir, archivePath, digests, epoch, feed) {
    const blobs = [...new Set(digests)].sort().map((digest) => ({
        name: `blobs/sha256/${digest.slice('sha256:'.length)}`,
        path: blobPath(layoutDir, digest)
    }));
    const rest = ['index.json', 'manifest.json', 'oci-layout'].map((name) => ({
        name,
        path: (0,external_node_path_.join)(layoutDir, name)
    }));
    const temporary = `${archivePath}.partial`;
    const chunks = external_node_stream_.Readable.from(archiveChunks([...blobs, ...rest], epoch));
    await (feed
        ? (0,external_node_stream_promises_.pipeline)(chunks, teeTo(feed), (0,external_node_fs_.createWriteStream)(temporary))
        : (0,external_node_stream_promises_.pipeline)(chunks, (0,external_node_fs_.createWriteStream)(temporary)));
    await (0,promises_.rename)(temporary, archivePath);
}
/** The values when every outcome is fulfilled; else the first failure in list order. */
function firstFailure(outcomes) {
    const values = [];
    for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
            throw outcome.reason;
        values.push(outcome.value);
    }
    return values;
}
/** Streams the plain layers into the feed and ends it; the config digest docker got. */
async function feedPlainLayers(feed, input, materialised, blobs, layoutDir) {
    const digest = await feedLoadArchive({
        layers: materialised.map((layer, index) => ({
            kind: layer.kind,
            entries: layer.entries,
            blob: async () => {
                const blob = await blobs[index];
                return { path: blobPath(layoutDir, blob.digest), diffId: blob.diffId };
            }
        })),
        config: input.config,
        tags: input.tags,
        epoch: input.epoch,
        platform: input.platform
    }, (chunk) => feedChunk(feed, chunk));
    feed.end();
    return digest;
}
/**
 * Writes the image for a rootfs plan without any daemon: one gzip layer per
 * planned layer (as the Dockerfile path makes them), the config, the manifest,
 * an OCI layout and a `docker load` archive. Equal inputs give equal bytes.
 */
async function writeOciImage(input) {
    try {
        const written = await writeImage(input);
        const target = await input.load;
        if (target && !target.feed.writableEnded)
            target.feed.end();
        return written;
    }
    catch (error) {
        // The target may never come (its own failure is the caller's to report).
        const target = await input.load?.catch(() => null);
        target?.feed.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
    }
}
async function writeImage(input) {
    const layoutDir = (0,external_node_path_.join)(input.outDir, 'oci');
    const blobsDir = (0,external_node_path_.join)(layoutDir, 'blobs', 'sha256');
    await (0,promises_.rm)(layoutDir, { recursive: true, force: true });
    await (0,promises_.mkdir)(blobsDir, { recursive: true });
    const level = input.gzipLevel ?? DEFAULT_GZIP_LEVEL;
    const materialised = firstFailure(await Promise.allSettled(input.plan.layers.map((layer) => materialiseLayer(layer))));
    // Layers are independent: they compress at once (the small ones beside the binary's),
    // each into its own blob, and are listed in plan order; a failure is the first in that order.
    const blobs = materialised.map((layer) => writeLayer(layer.entries, input.epoch, blobsDir, level));
    const settled = Promise.allSettled(blobs);
    const load = input.load ?? Promise.resolve(null);
    const fed = load.then((target) => target?.plainLayers ? feedPlainLayers(target.feed, input, materialised, blobs, layoutDir) : null);
    // Whatever fails first below, the feed's own failure is not left unhandled.
    fed.catch(() => undefined);
    const layers = firstFailure(await settled).map((blob, index) => ({
        kind: materialised[index].kind,
        ...blob,
        files: materialised[index].files
    }));
    const files = materialised.flatMap((layer) => layer.files);
    const size = materialised.reduce((sum, layer) => sum + unpackedSize(layer.entries), 0);
    const config = await writeBlob(layoutDir, imageConfig({
        config: input.config,
        layers,
        epoch: input.epoch,
        platform: input.platform
    }));
    const configDescriptor = {
        mediaType: MEDIA_TYPE.config,
        digest: config.digest,
        size: config.size
    };
    const layerDescriptors = layers.map((layer) => ({
        mediaType: MEDIA_TYPE.layer,
        digest: layer.digest,
        size: layer.size
    }));
    const manifest = await writeBlob(layoutDir, imageManifest(configDescriptor, layerDescriptors));
    await (0,promises_.writeFile)((0,external_node_path_.join)(layoutDir, 'index.json'), layoutIndex({ mediaType: MEDIA_TYPE.manifest, digest: manifest.digest, size: manifest.size }, input.tags));
    await (0,promises_.writeFile)((0,external_node_path_.join)(layoutDir, 'oci-layout'), OCI_LAYOUT);
    const blobName = (digest) => `blobs/sha256/${digest.slice('sha256:'.length)}`;
    await (0,promises_.writeFile)((0,external_node_path_.join)(layoutDir, 'manifest.json'), dockerSaveManifest(blobName(config.digest), input.tags, layers.map((layer) => blobName(layer.digest))));
    const archivePath = (0,external_node_path_.join)(input.outDir, 'image.tar');
    const target = await load;
    await writeArchive(layoutDir, archivePath, [config.digest, manifest.digest, ...layers.map((layer) => layer.digest)], input.epoch, target && !target.plainLayers ? target.feed : undefined);
    const loadedConfig = await fed;
    if (loadedConfig !== null && loadedConfig !== config.digest) {
        // Only a file rewritten (same size, other bytes) between the two reads gets here.
        throw new errors/* UserError */.y('A file of the image changed while the image was written.', [
            `docker loaded an image with config ${loadedConfig}, the OCI layout has ${config.digest}; build again once nothing writes to the files.`
        ]);
    }
    return {
        layoutDir,
        archivePath,
        manifestDigest: manifest.digest,
        manifestSize: manifest.size,
        configDigest: config.digest,
        configSize: config.size,
        layers,
        size,
        pullSize: config.size + layers.reduce((sum, layer) => sum + layer.size, 0),
        files
    };
}

;// CONCATENATED MODULE: ./src/image/oci-engine.ts









const oci_engine_LOAD_TIMEOUT_MS = 10 * 60_000;
/**
 * `docker load`, started now and reading the archive from its standard input
 * as the writer makes it: docker's start-up overlaps the layers' gzip, and
 * the archive is not read back from disk. `done` settles once it exited.
 */
function startDockerLoad(exec) {
    const feed = new external_node_stream_.PassThrough({ highWaterMark: 1 << 20 });
    // A failed write destroys the feed with its error, which the writer reports itself.
    feed.on('error', () => undefined);
    const done = exec.run('docker', ['load'], { input: feed, timeoutMs: oci_engine_LOAD_TIMEOUT_MS });
    // Once docker is gone nobody reads the feed: the writer must not wait for it.
    done.then(() => feed.destroy(), () => feed.destroy());
    return { feed, done };
}
function checkLoaded(result) {
    if (result.exitCode !== 0 || result.timedOut) {
        throw new errors/* UserError */.y('docker load refused the image the writer made.', errorLines(`${result.stdout}\n${result.stderr}`));
    }
}
/**
 * The daemonless engine: layers, config and manifest written by from-scratch
 * itself into an OCI layout and a `docker load` archive under `outputDir`.
 * Where a Docker daemon answers, the image is loaded (so it can be run and
 * smoke-tested like a buildx image); `push` goes to the registry over the
 * distribution API with the runner's docker login, manifests last.
 */
async function buildWithWriter(settings, prepared, inspection, exec, log, options) {
    const outDir = options.outputDir
        ? (0,external_node_path_.join)(options.outputDir, 'image')
        : await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'from-scratch-oci-'));
    const load = options.local.then((local) => {
        if (!local.daemon)
            return null;
        const target = { ...startDockerLoad(exec), plainLayers: local.store === 'classic' };
        if (options.whileWaiting)
            target.feed.once('finish', options.whileWaiting);
        return target;
    });
    const writing = writeOciImage({
        plan: prepared.plan,
        config: prepared.config,
        tags: prepared.tags,
        epoch: settings.sourceDateEpoch,
        platform: settings.platform,
        outDir,
        load
    });
    // With plain layers docker is done before the gzip is: ask for the ID meanwhile.
    const loading = load.then(async (target) => {
        if (target === null)
            return undefined;
        checkLoaded(await target.done);
        return localImageId(exec, prepared.tags[0] ?? '');
    });
    const [wrote, loaded] = await Promise.allSettled([writing, loading]);
    // A writer that failed cut docker's input short: its error is the one that says why.
    if (wrote.status === 'rejected')
        throw wrote.reason;
    if (loaded.status === 'rejected')
        throw loaded.reason;
    const written = wrote.value;
    // An extra weighs the file bytes of its layer, as `docker images` counts them.
    const extras = extraReports(prepared, (layer) => written.layers[layer].files.reduce((sum, file) => sum + file.size, 0));
    logExtras(extras, inspection, log);
    log.info(`image ${written.configDigest}: ${imageSizeOf(written.files)} bytes, pull size ${written.pullSize} bytes, manifest ${written.manifestDigest}`);
    log.info(`OCI layout: ${written.layoutDir}; docker load archive: ${written.archivePath}`);
    let smoke = { output: null, verdict: null };
    // The config digest is the image's ID in every store; the engine may key it otherwise.
    const imageId = written.configDigest;
    const localId = loaded.value;
    if (localId !== undefined) {
        log.info(`loaded into docker as ${prepared.tags.join(', ')} (${localId})`);
        smoke = await smokePlatform(settings, prepared, localId, settings.platform, exec, log);
    }
    else if (settings.smokeTest !== null) {
        log.warning('No Docker daemon to run the smoke test in: it was skipped.');
        smoke = { output: null, verdict: { ran: false, why: 'no Docker daemon answers' } };
    }
    const base = {
        name: settings.image,
        tags: prepared.tags,
        imageId,
        ...(localId === undefined ? {} : { localId }),
        digest: null,
        size: imageSizeOf(written.files),
        extras,
        findingExtras: findingExtras(inspection),
        files: written.files,
        pushed: false,
        smokeOutput: smoke.output,
        smoke: smoke.verdict,
        builtWith: 'oci',
        pullSize: written.pullSize,
        manifest: {
            digest: written.manifestDigest,
            size: written.manifestSize,
            mediaType: 'application/vnd.oci.image.manifest.v1+json'
        },
        layout: { dir: written.layoutDir, archive: written.archivePath },
        platform: settings.platform
    };
    if (!settings.push)
        return base;
    try {
        const pushed = await pushLayout({
            layoutDir: written.layoutDir,
            references: prepared.tags,
            log,
            exec
        });
        log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`);
        return { ...base, digest: pushed.digest, pushed: true };
    }
    catch (error) {
        throw pushFailure(error, prepared.tags, base, []);
    }
}

;// CONCATENATED MODULE: ./src/image/tags.ts


const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
/**
 * A branch or tag name made into a valid tag, the way docker/metadata-action
 * does: lowercase, `/` → `-`, anything else not allowed → `-`, at most 128
 * characters, and never starting with `.` or `-`.
 */
function sanitiseTag(name) {
    const cleaned = name
        .toLowerCase()
        .replaceAll('/', '-')
        .replace(/[^a-z0-9_.-]/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
    return cleaned;
}
/** Tags for a build whose `tags` input was left empty. */
function deriveTags(git) {
    const short = git.sha === '' ? null : `sha-${git.sha.slice(0, 7)}`;
    const tagRef = /^refs\/tags\/(.+)$/.exec(git.ref);
    if (tagRef) {
        const name = tagRef[1];
        const semver = SEMVER.exec(name);
        if (semver) {
            const [, major, minor, patch, pre] = semver;
            if (pre !== undefined) {
                const version = `${major}.${minor}.${patch}-${pre}`;
                return { tags: [version], version };
            }
            const version = `${major}.${minor}.${patch}`;
            return { tags: [version, `${major}.${minor}`, major, 'latest'], version };
        }
        const tag = sanitiseTag(name);
        return { tags: tag === '' ? [] : [tag], version: tag === '' ? null : tag };
    }
    const pull = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(git.ref);
    const prNumber = pull ? Number(pull[1]) : git.prNumber;
    if (prNumber !== null && (pull || git.eventName.startsWith('pull_request'))) {
        return { tags: [`pr-${prNumber}`], version: `pr-${prNumber}` };
    }
    const branch = /^refs\/heads\/(.+)$/.exec(git.ref);
    if (branch) {
        const tag = sanitiseTag(branch[1]);
        const tags = [tag, short].filter((t) => t !== null && t !== '');
        return { tags, version: tag === '' ? null : tag };
    }
    // A terminal run outside any ref: something stable to find the image by.
    if (short !== null)
        return { tags: [short], version: null };
    return { tags: ['latest'], version: null };
}
/**
 * The full references to tag the image with. `given` is the `tags` input as
 * docker/metadata-action prints it (full references, or bare tags that get
 * `image` in front); empty means derived from the ref. Duplicates are dropped.
 */
function resolveTags(image, given, git) {
    (0,image_reference/* validateImageName */.He)(image);
    const entries = given.map((entry) => entry.trim()).filter((entry) => entry !== '');
    const references = entries.length === 0
        ? deriveTags(git).tags.map((tag) => `${image}:${tag}`)
        : entries.map((entry) => {
            if ((0,image_reference/* hasControlCharacter */.Fd)(entry)) {
                throw new errors/* UserError */.y(`tags: ${JSON.stringify(entry)} contains a line break or control character.`);
            }
            // A bare tag has neither a path nor a tag separator of its own.
            return entry.includes('/') || entry.includes(':') ? entry : `${image}:${entry}`;
        });
    const out = [];
    for (const reference of references) {
        const parsed = (0,image_reference/* parseReference */.F2)(reference);
        const full = (0,image_reference/* formatReference */.FH)({ ...parsed, tag: parsed.tag ?? 'latest' });
        if (!out.includes(full))
            out.push(full);
    }
    return out;
}
/** Labels travel as argv, but a newline in one still breaks every tool that prints them: refuse it. */
function checkLabels(labels) {
    for (const [key, value] of Object.entries(labels)) {
        if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key)) {
            throw new errors/* UserError */.y(`labels: ${JSON.stringify(key)} is not a label key.`, [
                'Keys use letters, digits, ".", "-", "_" and "/", e.g. org.opencontainers.image.description.'
            ]);
        }
        if ((0,image_reference/* hasControlCharacter */.Fd)(value)) {
            throw new errors/* UserError */.y(`labels: the value of ${key} contains a line break or control character.`);
        }
    }
    return { ...labels };
}
/** OCI annotations from the context; `given` labels win, empty values are left out. */
function ociLabels(git, image, sourceDateEpoch, given) {
    const { version } = deriveTags(git);
    const title = git.repository.split('/').pop() || image.split('/').pop() || '';
    const filled = {
        'org.opencontainers.image.source': git.serverUrl !== '' && git.repository !== '' ? `${git.serverUrl}/${git.repository}` : '',
        'org.opencontainers.image.revision': git.sha,
        'org.opencontainers.image.version': version ?? '',
        'org.opencontainers.image.created': new Date(sourceDateEpoch * 1000).toISOString(),
        'org.opencontainers.image.title': title
    };
    const labels = {};
    for (const [key, value] of Object.entries(filled))
        if (value !== '')
            labels[key] = value;
    return checkLabels({ ...labels, ...given });
}

;// CONCATENATED MODULE: ./src/image/prepare.ts









async function prepare(settings, inspection, git) {
    (0,image_reference/* validateImageName */.He)(settings.image);
    const tags = resolveTags(settings.image, settings.tags, git);
    const labels = ociLabels(git, settings.image, settings.sourceDateEpoch, settings.labels);
    const user = (0,rootfs/* parseUser */.tN)(settings.user);
    const extras = (0,include/* chooseExtras */.Lm)(settings.include, inspection.findings);
    const host = await findHostFiles((0,external_node_path_.resolve)(inspection.path));
    const plan = (0,rootfs/* planRootfs */.l4)({
        binaryName: settings.binaryName ?? (0,external_node_path_.basename)(inspection.path),
        extras,
        user,
        files: await Promise.all(settings.files.map(async (file) => ({
            src: await pathInWorkspace({
                workspace: settings.workspace,
                base: settings.workingDirectory,
                written: file.src,
                what: 'files'
            }),
            dest: file.dest
        }))),
        host
    });
    const dockerfile = (0,image_dockerfile/* renderDockerfile */.TI)({
        layers: plan.layers,
        binaryName: plan.binaryName,
        user,
        entrypointArgs: settings.entrypointArgs,
        expose: settings.expose
    });
    const config = containerConfig({
        binaryName: plan.binaryName,
        user,
        entrypointArgs: settings.entrypointArgs,
        expose: settings.expose,
        labels
    });
    return { tags, labels, user, plan, dockerfile, config };
}

;// CONCATENATED MODULE: ./src/image/probe.ts



const probe_QUICK_TIMEOUT_MS = 60_000;
/** `docker version` prints the server's version and API version, or fails when no daemon answers. */
const VERSION_FORMAT = '{{.Server.Version}} {{.Server.APIVersion}}';
/** `docker info` prints the storage driver's status as JSON. */
const DRIVER_FORMAT = '{{json .DriverStatus}}';
/**
 * The first Docker Engine that can keep images in the containerd store (24.0,
 * behind a feature flag; the default for fresh installs from 29). Older
 * engines have the classic store only, and are not asked: `docker info` runs
 * the buildx plugin's metadata command, 0.2 s of CPU beside the compile.
 */
const FIRST_CONTAINERD_STORE_ENGINE = 24;
/**
 * The first engine API whose embedded BuildKit rewrites timestamps: 1.45 is Engine 26.0,
 * which embeds BuildKit 0.13. Read from the API version rather than from BuildKit's own:
 * distributions' builds of dockerd report BuildKit as `v0.0.0+unknown` (Debian's 26.1
 * does; its 20.10 says `v0.8+unknown`), and the release string is no better a guide.
 */
const FIRST_TIMESTAMP_REWRITE_API = [1, 45];
/** Whether an engine API version (`1.45`) is one whose BuildKit rewrites timestamps. */
function rewritesTimestamps(apiVersion) {
    const parts = /^(\d+)\.(\d+)$/.exec(apiVersion.trim());
    if (parts === null)
        return false;
    const [major, minor] = [Number(parts[1]), Number(parts[2])];
    const [firstMajor, firstMinor] = FIRST_TIMESTAMP_REWRITE_API;
    return major > firstMajor || (major === firstMajor && minor >= firstMinor);
}
/** The store from `DriverStatus`: the containerd store names its snapshotter there. */
function storeOf(driverStatus) {
    if (driverStatus.includes('io.containerd.snapshotter'))
        return 'containerd';
    try {
        return Array.isArray(JSON.parse(driverStatus)) ? 'classic' : 'unknown';
    }
    catch {
        return 'unknown';
    }
}
/** Whether an engine of this version can only have the classic store. */
function onlyClassicStore(serverVersion) {
    const major = /^(\d+)\./.exec(serverVersion.trim());
    return major !== null && Number(major[1]) < FIRST_CONTAINERD_STORE_ENGINE;
}
/**
 * The probe's verdict from `docker version`'s answer and, for engines that
 * may have the containerd store, `docker info`'s (null when not asked). Pure.
 * The first thing missing is named.
 */
function probeVerdict(version, info) {
    const none = { daemon: false, store: 'unknown', rewritesTimestamps: false };
    if (version instanceof exec/* ProgramNotFoundError */.oo) {
        return { dockerProblem: missingError('docker-cli', ''), ...none };
    }
    if (version instanceof Error) {
        return { dockerProblem: missingError('daemon', version.message), ...none };
    }
    const [serverVersion = '', apiVersion = ''] = version.stdout.trim().split(/\s+/);
    const daemon = version.exitCode === 0 && !version.timedOut && serverVersion !== '';
    if (!daemon) {
        return { dockerProblem: missingError('daemon', version.stderr), ...none };
    }
    const known = { dockerProblem: null, daemon, rewritesTimestamps: rewritesTimestamps(apiVersion) };
    if (onlyClassicStore(serverVersion))
        return { ...known, store: 'classic' };
    const answered = info !== null && !(info instanceof Error) && info.exitCode === 0;
    return { ...known, store: answered ? storeOf(info.stdout.trim()) : 'unknown' };
}
async function ask(exec, args) {
    try {
        return await exec.run('docker', args, { timeoutMs: probe_QUICK_TIMEOUT_MS });
    }
    catch (error) {
        return error instanceof Error ? error : new Error((0,errors/* messageOf */.b)(error));
    }
}
/**
 * Asks the local Docker whether a daemon answers and, where the engine is new
 * enough to have a choice, how it stores images. Never rejects: a probe that
 * fails is an answer. Started beside the compile, so it costs no wall time of its own.
 */
async function probeEngines(exec) {
    const version = await ask(exec, ['version', '--format', VERSION_FORMAT]);
    const known = probeVerdict(version, null);
    if (!known.daemon || known.store === 'classic')
        return known;
    return probeVerdict(version, await ask(exec, ['info', '--format', DRIVER_FORMAT]));
}

;// CONCATENATED MODULE: ./src/image/buildx-layout.ts





// What buildx's OCI exporter wrote for a build of several platforms, read back:
// index.json names the image index once per tag, the index names one manifest
// per platform (and, with provenance, an attestation manifest for each), and
// each manifest names its config, whose digest is that platform's image ID.
const buildx_layout_DIGEST = /^sha256:[0-9a-f]{64}$/;
const buildx_layout_INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
function buildx_layout_bad(why) {
    return new errors/* UserError */.y(`docker buildx wrote an OCI archive that cannot be read: ${why}.`);
}
function buildx_layout_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function parseJson(text, what) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw buildx_layout_bad(`${what} is not JSON`);
    }
}
function buildx_layout_descriptor(value, what) {
    if (!buildx_layout_isRecord(value))
        throw buildx_layout_bad(`${what} is not a descriptor`);
    const { mediaType, digest, size } = value;
    if (typeof digest !== 'string' || !buildx_layout_DIGEST.test(digest))
        throw buildx_layout_bad(`${what} has no sha256 digest`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw buildx_layout_bad(`${what} has no size`);
    }
    return { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
}
function manifestsOf(parsed, what) {
    if (!buildx_layout_isRecord(parsed) || !Array.isArray(parsed.manifests))
        throw buildx_layout_bad(`${what} lists no manifests`);
    return parsed.manifests;
}
/**
 * The image index `index.json` names: one entry per tag, every one the same
 * index (buildx writes it so). Pure.
 */
function parseLayoutIndex(text) {
    const entries = manifestsOf(parseJson(text, 'index.json'), 'index.json').map((entry, i) => buildx_layout_descriptor(entry, `index.json entry ${i + 1}`));
    const first = entries[0];
    if (first === undefined)
        throw buildx_layout_bad('index.json lists no image');
    if (entries.some((entry) => entry.digest !== first.digest)) {
        throw buildx_layout_bad('index.json names more than one image');
    }
    if (!buildx_layout_INDEX_TYPES.has(first.mediaType)) {
        throw buildx_layout_bad(`index.json names a ${first.mediaType || 'descriptor without media type'}, not an image index`);
    }
    return first;
}
/** The manifests an image index lists, with their platforms. Pure. */
function parseImageIndex(text) {
    return manifestsOf(parseJson(text, 'the image index'), 'the image index').map((entry, i) => {
        const base = buildx_layout_descriptor(entry, `image index entry ${i + 1}`);
        const record = entry;
        const platform = buildx_layout_isRecord(record.platform) ? record.platform : {};
        const annotations = buildx_layout_isRecord(record.annotations) ? record.annotations : {};
        return {
            ...base,
            os: typeof platform.os === 'string' ? platform.os : null,
            architecture: typeof platform.architecture === 'string' ? platform.architecture : null,
            attestation: annotations['vnd.docker.reference.type'] === 'attestation-manifest'
        };
    });
}
/** The config digest an image manifest names. Pure. */
function parseManifestConfig(text) {
    const parsed = parseJson(text, 'an image manifest');
    if (!buildx_layout_isRecord(parsed))
        throw buildx_layout_bad('an image manifest is not an object');
    return buildx_layout_descriptor(parsed.config, "an image manifest's config").digest;
}
/** Each platform's entry of the index, in the order asked; a missing one is an error. Pure. */
function pickPlatforms(entries, platforms) {
    const images = entries.filter((entry) => !entry.attestation);
    return platforms.map((platform) => {
        const found = images.find((entry) => (0,ground_platform/* entryIsFor */.cM)(entry, platform));
        if (found === undefined)
            throw buildx_layout_bad(`the image index has no ${(0,ground_platform/* platformName */.$r)(platform)} image`);
        return found;
    });
}
async function blob(layoutDir, digest) {
    try {
        return await (0,promises_.readFile)(blobPath(layoutDir, digest), 'utf8');
    }
    catch (error) {
        throw buildx_layout_bad(`blob ${digest} is missing (${error.code ?? error})`);
    }
}
/** Reads an unpacked OCI archive of an index build: the index and each platform's digests. */
async function readIndexLayout(layoutDir, platforms) {
    let indexJson;
    try {
        indexJson = await (0,promises_.readFile)((0,external_node_path_.join)(layoutDir, 'index.json'), 'utf8');
    }
    catch {
        throw buildx_layout_bad('it has no index.json');
    }
    const index = parseLayoutIndex(indexJson);
    const entries = pickPlatforms(parseImageIndex(await blob(layoutDir, index.digest)), platforms);
    const found = [];
    for (const [i, entry] of entries.entries()) {
        const configDigest = parseManifestConfig(await blob(layoutDir, entry.digest));
        found.push({ platform: platforms[i], manifestDigest: entry.digest, configDigest });
    }
    return { index, platforms: found };
}

;// CONCATENATED MODULE: ./src/image/buildx-index.ts











/** The same log with every line about one platform prefixed by its name. */
function platformLog(log, platform) {
    const prefix = `${(0,ground_platform/* platformName */.$r)(platform)}: `;
    return {
        info: (message) => log.info(`${prefix}${message}`),
        warning: (message) => log.warning(`${prefix}${message}`),
        annotate: (annotation) => log.annotate({ ...annotation, message: `${prefix}${annotation.message}` }),
        group: (title, work) => log.group(`${prefix}${title}`, work)
    };
}
/**
 * Whether buildx is known, from what the probe found, not to build an index of
 * several platforms on this engine. Pure. buildx's docker driver builds and exports several
 * platforms only into the containerd image store (on the classic store it
 * refuses a build, `--load` and `--output type=oci` alike); a named builder
 * still has to load the result into that store for the smoke runs and the
 * report. An engine whose store is unknown is tried: buildx says it if it refuses.
 */
function indexRefusedOn(store) {
    return store === 'classic';
}
/**
 * buildx for several platforms: one `docker buildx build --platform a,b` over a
 * context holding each platform's layers under its architecture, from one
 * Dockerfile that copies by TARGETARCH (no RUN, so nothing is emulated). The
 * build writes an OCI archive (with every timestamp at SOURCE_DATE_EPOCH where
 * the engine's BuildKit can: 0.13, engine API 1.45), which is loaded into the
 * engine, every platform at once, smoke-tested per platform, and with `push`
 * pushed by the registry client as it is: the index that was tested, and the
 * same index digest from the same input. buildx's own push cannot rewrite
 * timestamps on the docker driver ("rewrite-timestamp conflicts with unpack").
 * On the classic store this is a BuildxUnusableError: `auto` builds the index
 * with the writer instead. See buildIndex for what the results share.
 */
async function buildIndexWithBuildx(settings, parts, exec, log, options) {
    const platforms = parts.map((part) => part.platform);
    if (indexRefusedOn(options.store))
        throw severalPlatformsError(platforms, '');
    const [primary] = parts;
    // Tags and labels come from the same settings and git context for every platform.
    const { tags, labels } = primary.prepared;
    const context = await writeIndexContext(parts.map((part) => ({ architecture: part.platform.architecture, plan: part.prepared.plan })), settings.sourceDateEpoch, settings.tempDir);
    try {
        const dockerfile = (0,external_node_path_.join)(context.root, 'Dockerfile');
        await (0,promises_.writeFile)(dockerfile, (0,image_dockerfile/* renderIndexDockerfile */.Xj)(parts.map((part) => ({
            architecture: part.platform.architecture,
            input: {
                layers: part.prepared.plan.layers,
                binaryName: part.prepared.plan.binaryName,
                user: part.prepared.user,
                entrypointArgs: settings.entrypointArgs,
                expose: settings.expose
            }
        }))));
        const extras = parts.map((part, i) => {
            const written = context.platforms[i].layers;
            const reports = extraReports(part.prepared, (layer) => written[layer].bytes);
            logExtras(reports, part.inspection, platformLog(log, part.platform));
            return reports;
        });
        // Without a push the pull sizes can only be estimated: worked out while buildx builds.
        const estimates = parts.map((part) => settings.push
            ? Promise.resolve(null)
            : estimatePullSize(part.prepared.plan, part.prepared.config, settings.sourceDateEpoch, part.platform).catch(() => null));
        // A named builder's BuildKit is not known here; only the engine's own is probed.
        const rewriteTimestamp = options.rewritesTimestamps && settings.builder === null;
        if (!rewriteTimestamp) {
            log.info(settings.builder === null
                ? "This engine's BuildKit (before 0.13, engine API before 1.45) stamps the folders it creates with the build's clock: two builds of the same input get different index digests. builder oci, or a newer engine, is reproducible."
                : `The builder ${settings.builder} is not asked to rewrite timestamps (its BuildKit is not known here): two builds of the same input may get different index digests.`);
        }
        const archive = (0,external_node_path_.join)(context.root, 'index-oci.tar');
        const argv = buildxArgv({
            platforms,
            tags,
            labels,
            output: { ociArchive: archive, rewriteTimestamp },
            builder: settings.builder,
            provenance: settings.provenance,
            sourceDateEpoch: settings.sourceDateEpoch,
            dockerfile,
            contextDir: context.contextDir,
            metadataFile: (0,external_node_path_.join)(context.root, 'metadata.json'),
            iidFile: (0,external_node_path_.join)(context.root, 'iid')
        });
        await runBuildx(exec, log, argv, 'build the image index', options.whileWaiting, platforms);
        const layoutDir = (0,external_node_path_.join)(context.root, 'oci-layout');
        await unpackArchive(exec, archive, layoutDir);
        const layout = await readIndexLayout(layoutDir, platforms);
        // The containerd store takes the whole index and keys it by the index digest;
        // `docker run --platform` picks a platform's image from it.
        await loadArchive(exec, archive);
        const localId = await localImageId(exec, tags[0] ?? layout.index.digest);
        log.info(`image index ${layout.index.digest}: ${platforms.map(ground_platform/* platformName */.$r).join(', ')}, tags ${tags.join(', ')}`);
        const results = [];
        for (const [i, part] of parts.entries()) {
            const found = layout.platforms[i];
            const files = context.platforms[i].layers.flatMap((layer) => layer.files);
            const size = imageSizeOf(files);
            const plog = platformLog(log, part.platform);
            plog.info(`image ${found.configDigest}: ${size} bytes, manifest ${found.manifestDigest}`);
            // The engine picks the platform's image from the index it loaded whole.
            const smoke = await smokePlatform(settings, part.prepared, localId, part.platform, exec, plog);
            results.push({
                name: settings.image,
                tags,
                imageId: found.configDigest,
                localId,
                digest: null,
                size,
                extras: extras[i],
                findingExtras: findingExtras(part.inspection),
                files,
                pushed: false,
                smokeOutput: smoke.output,
                smoke: smoke.verdict,
                builtWith: 'buildx',
                pullSize: null,
                pullSizeEstimate: await estimates[i],
                layout: null,
                platform: part.platform
            });
        }
        if (!settings.push)
            return results;
        let pushed;
        try {
            pushed = await pushLayout({ layoutDir, references: tags, log, exec });
        }
        catch (error) {
            throw pushFailure(error, tags, results[0], []);
        }
        log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`);
        return results.map((result) => ({ ...result, digest: pushed.digest, pushed: true }));
    }
    finally {
        await context.cleanup();
    }
}

;// CONCATENATED MODULE: ./src/image/oci-index.ts











/**
 * Which platform's image docker gets under the tags: the engine's own when it
 * is among them (what `docker run TAG` would pick from the pushed index), else
 * the first (primary). Pure.
 */
function taggedPlatform(platforms, engine) {
    if (engine === null)
        return 0;
    const found = platforms.findIndex((p) => (0,ground_platform/* platformName */.$r)(p) === (0,ground_platform/* platformName */.$r)(engine));
    return found < 0 ? 0 : found;
}
/**
 * What each platform is loaded into docker as: the tags for `tagged`, a
 * temporary name for another one that is to be smoke-tested (removed again
 * after its run), nothing for the rest. Pure.
 */
function loadNames(platforms, tagged, tags, smoke, temporary) {
    return platforms.map((platform, index) => {
        if (index === tagged)
            return tags;
        return smoke ? [temporary(platform)] : null;
    });
}
/** A blob into the shared layout: a hard link where the file system allows one, else a copy. */
async function placeBlob(from, to) {
    try {
        await (0,promises_.link)(from, to);
    }
    catch (error) {
        const code = error.code;
        if (code === 'EEXIST')
            return;
        await (0,promises_.copyFile)(from, to);
    }
}
/**
 * The daemonless writer for several platforms: one image per platform (its own
 * config with its architecture, its own layers from its plan), written as one
 * OCI layout under `outputDir/image` whose index.json names an OCI image index
 * over them, and a `docker load` archive of it all. The same inputs give the
 * same index digest. Where a daemon answers, the engine's own platform (else
 * the primary) is loaded under the tags, and every other platform that is to be
 * smoke-tested under a temporary name, removed after its run. `push` sends every
 * platform's blobs and manifests, then the index under each tag.
 * See buildIndex for what the results share.
 */
async function buildIndexWithWriter(settings, parts, exec, log, options) {
    const outDir = options.outputDir
        ? (0,external_node_path_.join)(options.outputDir, 'image')
        : await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'from-scratch-oci-'));
    await (0,promises_.mkdir)(outDir, { recursive: true });
    const tags = parts[0].prepared.tags;
    const platforms = parts.map((part) => part.platform);
    // Which image gets the tags depends on the engine's platform: asked beside the probe.
    const local = await options.local;
    const engine = local.daemon ? await enginePlatform(exec) : null;
    const tagged = taggedPlatform(platforms, engine);
    const stamp = `${process.pid}-${Date.now().toString(36)}`;
    const names = local.daemon
        ? loadNames(platforms, tagged, tags, settings.smokeTest !== null, (platform) => `from-scratch-smoke-${stamp}:${platform.architecture}`)
        : platforms.map(() => null);
    // Each platform is written on its own (its own layout, its own docker load), at once;
    // their blobs then make the one layout.
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(outDir, '.platforms-'));
    const loaded = parts.map(() => null);
    try {
        const loads = [];
        const writing = parts.map((part, index) => {
            const as = names[index];
            let load = Promise.resolve(null);
            if (as !== null) {
                const started = startDockerLoad(exec);
                loads.push(started.done);
                if (index === tagged && options.whileWaiting) {
                    started.feed.once('finish', options.whileWaiting);
                }
                load = Promise.resolve({ feed: started.feed, plainLayers: local.store === 'classic' });
            }
            return writeOciImage({
                plan: part.prepared.plan,
                config: part.prepared.config,
                tags: as ?? tags,
                epoch: settings.sourceDateEpoch,
                platform: part.platform,
                outDir: (0,external_node_path_.join)(work, String(index)),
                load
            });
        });
        const wrote = await Promise.allSettled(writing);
        const loadsDone = await Promise.allSettled(loads);
        // A writer that failed cut docker's input short: its error is the one that says why.
        for (const outcome of wrote)
            if (outcome.status === 'rejected')
                throw outcome.reason;
        const written = wrote.map((outcome) => outcome.value);
        let next = 0;
        for (const [index, as] of names.entries()) {
            if (as === null)
                continue;
            const done = loadsDone[next++];
            if (done.status === 'rejected')
                throw done.reason;
            checkLoaded(done.value);
            loaded[index] = {
                names: as,
                localId: await localImageId(exec, as[0] ?? ''),
                temporary: index !== tagged
            };
        }
        const layout = await writeIndexLayout(outDir, written, parts, tags, tagged, settings);
        const results = parts.map((part, index) => {
            const image = written[index];
            const extras = extraReports(part.prepared, (layer) => image.layers[layer].files.reduce((sum, file) => sum + file.size, 0));
            const own = loaded[index];
            return {
                name: settings.image,
                tags,
                imageId: image.configDigest,
                ...(own !== null && !own.temporary ? { localId: own.localId } : {}),
                digest: null,
                size: imageSizeOf(image.files),
                extras,
                findingExtras: findingExtras(part.inspection),
                files: image.files,
                pushed: false,
                smokeOutput: null,
                smoke: null,
                builtWith: 'oci',
                pullSize: image.pullSize,
                manifest: {
                    digest: image.manifestDigest,
                    size: image.manifestSize,
                    mediaType: MEDIA_TYPE.manifest
                },
                layout: { dir: layout.dir, archive: layout.archive },
                platform: part.platform
            };
        });
        for (const [index, result] of results.entries()) {
            log.info(`${(0,ground_platform/* platformName */.$r)(result.platform)}: image ${result.imageId}: ${result.size} bytes, pull size ${result.pullSize} bytes, manifest ${result.manifest?.digest}`);
            logExtras(result.extras, parts[index].inspection, log);
        }
        log.info(`image index ${layout.digest} over ${platforms.map(ground_platform/* platformName */.$r).join(', ')}`);
        log.info(`OCI layout: ${layout.dir}; docker load archive: ${layout.archive}`);
        const own = loaded[tagged];
        if (own !== null) {
            log.info(`loaded ${(0,ground_platform/* platformName */.$r)(platforms[tagged])} into docker as ${tags.join(', ')} (${own.localId})`);
        }
        const smoked = [];
        for (const [index, result] of results.entries()) {
            smoked.push({
                ...result,
                ...smokeFields(await smokeOne(settings, parts[index], loaded[index], exec, log))
            });
        }
        if (!settings.push)
            return smoked;
        try {
            const pushed = await pushLayout({ layoutDir: layout.dir, references: tags, log, exec });
            log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest} (image index)`);
            return smoked.map((result) => ({ ...result, digest: pushed.digest, pushed: true }));
        }
        catch (error) {
            throw pushFailure(error, tags, smoked[0], []);
        }
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
        // Every temporary name, loaded or not: a load may have gone through before another step failed.
        const temporary = names.flatMap((as, index) => (as !== null && index !== tagged ? as : []));
        if (temporary.length > 0) {
            await exec.run('docker', ['image', 'rm', '--force', ...temporary], { timeoutMs: 60_000 });
        }
    }
}
function smokeFields(run) {
    return { smokeOutput: run.output, smoke: run.verdict };
}
async function smokeOne(settings, part, loaded, exec, log) {
    if (settings.smokeTest === null)
        return { output: null, verdict: null };
    if (loaded === null) {
        log.warning(`No Docker daemon to run the smoke test of ${(0,ground_platform/* platformName */.$r)(part.platform)} in: it was skipped.`);
        return { output: null, verdict: { ran: false, why: 'no Docker daemon answers' } };
    }
    return smokePlatform(settings, part.prepared, loaded.localId, part.platform, exec, log);
}
/**
 * The one layout of the index: every platform's blobs, the index blob, index.json
 * naming the index under the tags, and a `docker save` manifest.json whose entry
 * for the tagged platform carries the tags (the others load untagged), so the
 * archive loads into either store; then the archive itself.
 */
async function writeIndexLayout(outDir, written, parts, tags, tagged, settings) {
    const dir = (0,external_node_path_.join)(outDir, 'oci');
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs', 'sha256'), { recursive: true });
    const digests = [];
    for (const image of written) {
        for (const digest of [
            image.configDigest,
            image.manifestDigest,
            ...image.layers.map((layer) => layer.digest)
        ]) {
            await placeBlob(blobPath(image.layoutDir, digest), blobPath(dir, digest));
            digests.push(digest);
        }
    }
    const index = imageIndex(written.map((image, i) => ({
        manifest: {
            mediaType: MEDIA_TYPE.manifest,
            digest: image.manifestDigest,
            size: image.manifestSize
        },
        platform: parts[i].platform
    })));
    const digest = sha256Digest(index);
    await (0,promises_.writeFile)(blobPath(dir, digest), index);
    digests.push(digest);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'index.json'), layoutIndex({ mediaType: MEDIA_TYPE.index, digest, size: index.length }, tags));
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'oci-layout'), OCI_LAYOUT);
    const blobName = (d) => `blobs/sha256/${d.slice('sha256:'.length)}`;
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'manifest.json'), dockerSaveManifests(written.map((image, i) => ({
        configPath: blobName(image.configDigest),
        tags: i === tagged ? tags : [],
        layerPaths: image.layers.map((layer) => blobName(layer.digest))
    }))));
    const archive = (0,external_node_path_.join)(outDir, 'image.tar');
    await writeArchive(dir, archive, digests, settings.sourceDateEpoch);
    return { dir, archive, digest };
}

;// CONCATENATED MODULE: ./src/image/build.ts










/**
 * Runs the engine `settings.engine` asks for: the writer at once for `oci`;
 * for `auto` and `buildx` the probe's answer decides, and `auto` builds with
 * the writer where buildx turns out unusable.
 */
async function withEngine(requested, asked, log, engines) {
    // The writer needs no daemon and starts at once; it loads its image into one where one answers.
    if (requested === 'oci')
        return engines.writer(asked);
    const local = await asked;
    const choice = chooseEngine(requested, local.dockerProblem);
    if (choice.notice !== null)
        log.info(choice.notice);
    if (choice.engine === 'buildx') {
        try {
            return await engines.buildx(local);
        }
        catch (error) {
            // Only the build itself shows a missing plugin (or a store that cannot hold an
            // index); auto builds with the writer then.
            if (!(requested === 'auto' && error instanceof BuildxUnusableError))
                throw error;
            log.info(fallbackNotice(error));
        }
    }
    // auto gets here when buildx is not usable; a daemon without the plugin still loads the image.
    return engines.writer(asked);
}
/**
 * Builds the `FROM scratch` image around an inspected binary with the engine
 * `settings.engine` asks for (auto: buildx where it answers, else the
 * daemonless writer), runs it once when `smokeTest` is set, and pushes every
 * tag when `push` is set. All inputs are checked before anything runs.
 */
async function buildImage(settings, inspection, git, exec, log, outputDir, 
/** The engine probe, when the caller started it early (beside the compile). */
probe, 
/**
 * Called once docker has what it needs and works on its own (buildx
 * building, `docker load` holding its whole input): CPU work the report
 * needs can run on this thread then without holding the build up.
 */
whileWaiting) {
    const prepared = await prepare(settings, inspection, git);
    return withEngine(settings.engine, probe ?? probeEngines(exec), log, {
        writer: (local) => buildWithWriter(settings, prepared, inspection, exec, log, {
            outputDir,
            local,
            whileWaiting
        }),
        buildx: (local) => buildWithBuildx(settings, prepared, inspection, exec, log, {
            store: local.store,
            rewritesTimestamps: local.rewritesTimestamps,
            whileWaiting
        })
    });
}
/**
 * Builds one image for each platform's binary, as one index when there is more
 * than one: the results come back in the order of `binaries`, one per platform,
 * sharing the name, tags, engine and (when pushed) the digest of what was pushed
 * (the index's). `settings.platform` is ignored: each binary carries its own.
 */
async function buildIndex(settings, binaries, git, exec, log, outputDir, probe, whileWaiting) {
    if (binaries.length === 1) {
        const [only] = binaries;
        const settingsFor = { ...settings, platform: only.platform };
        return [
            await buildImage(settingsFor, only.inspection, git, exec, log, outputDir, probe, whileWaiting)
        ];
    }
    const prepared = await Promise.all(binaries.map(({ platform, inspection }) => prepare({ ...settings, platform }, inspection, git)));
    const parts = binaries.map((binary, index) => ({ ...binary, prepared: prepared[index] }));
    return withEngine(settings.engine, probe ?? probeEngines(exec), log, {
        writer: (local) => buildIndexWithWriter(settings, parts, exec, log, { outputDir, local, whileWaiting }),
        buildx: (local) => buildIndexWithBuildx(settings, parts, exec, log, {
            store: local.store,
            rewritesTimestamps: local.rewritesTimestamps,
            whileWaiting
        })
    });
}

;// CONCATENATED MODULE: ./src/report/measure-manifest.ts


/** A manifest that cannot be used; the message says what is wrong with it. */
class ManifestError extends Error {
    name = 'ManifestError';
}
const measure_manifest_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function measure_manifest_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function measure_manifest_descriptor(value, where) {
    if (!measure_manifest_isRecord(value))
        throw new ManifestError(`${where} is not an object`);
    const { digest, size, mediaType } = value;
    if (typeof digest !== 'string' || !measure_manifest_DIGEST.test(digest)) {
        throw new ManifestError(`${where} has no valid digest`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new ManifestError(`${where} has no size in bytes`);
    }
    return { digest, size, mediaType: typeof mediaType === 'string' ? mediaType : '' };
}
function measure_manifest_parseJson(text, what) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new ManifestError(`${what} is not JSON`);
    }
}
/**
 * An image manifest (Docker v2 schema 2 or OCI) or an index (OCI index or
 * Docker manifest list), told apart by their fields as well as by mediaType,
 * because OCI allows mediaType to be absent.
 */
function parseManifest(text, what = 'the manifest') {
    const value = measure_manifest_parseJson(text, what);
    if (!measure_manifest_isRecord(value))
        throw new ManifestError(`${what} is not a JSON object`);
    if (value.schemaVersion === 1) {
        throw new ManifestError(`${what} is schema 1, which has no blob sizes`);
    }
    if (Array.isArray(value.manifests)) {
        return {
            kind: 'index',
            manifests: value.manifests.map((entry, i) => {
                const base = measure_manifest_descriptor(entry, `${what}: manifests[${i}]`);
                const record = entry;
                const platform = measure_manifest_isRecord(record.platform) ? record.platform : {};
                const annotations = measure_manifest_isRecord(record.annotations) ? record.annotations : {};
                return {
                    ...base,
                    os: typeof platform.os === 'string' ? platform.os : null,
                    architecture: typeof platform.architecture === 'string' ? platform.architecture : null,
                    attestation: annotations['vnd.docker.reference.type'] === 'attestation-manifest'
                };
            })
        };
    }
    if (!Array.isArray(value.layers)) {
        throw new ManifestError(`${what} has neither layers nor manifests`);
    }
    return {
        kind: 'manifest',
        config: measure_manifest_descriptor(value.config, `${what}: config`),
        layers: value.layers.map((layer, i) => measure_manifest_descriptor(layer, `${what}: layers[${i}]`))
    };
}
/**
 * The manifest a node of the platform pulls from an index: the platform's entry
 * that is not an attestation; a lone entry without a platform (as
 * `docker save` writes in index.json) is taken as it is. Null when none fits.
 */
function chooseManifest(manifests, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    const images = manifests.filter((entry) => !entry.attestation);
    const forPlatform = images.find((entry) => (0,ground_platform/* entryIsFor */.cM)(entry, platform));
    if (forPlatform !== undefined)
        return forPlatform;
    const unplaced = images.filter((entry) => entry.os === null && entry.architecture === null);
    return images.length === 1 && unplaced.length === 1 ? unplaced[0] : null;
}
/** Pull size of an image manifest: what a registry stores and a node downloads for it. */
function pullSizeOf(manifest) {
    return manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size);
}
/**
 * `repo@digest` for a pushed tag: the tag is cut off (a colon after the last
 * slash), a registry port is kept. Pinning the digest reads the very
 * manifest that was pushed, even if the tag moved since.
 */
function pinnedReference(tag, digest) {
    const slash = tag.lastIndexOf('/');
    const at = tag.indexOf('@');
    let repository = at >= 0 ? tag.slice(0, at) : tag;
    const colon = repository.lastIndexOf(':');
    if (colon > slash)
        repository = repository.slice(0, colon);
    return `${repository}@${digest}`;
}
/**
 * `manifest.json` of `docker save`, which every daemon writes, in both
 * layouts: `[{ Config, RepoTags, Layers }]` with paths inside the archive
 * (`<id>.json` and `<id>/layer.tar` in the legacy layout, `blobs/sha256/…`
 * in the OCI one). One entry per image: one when one image was saved,
 * one per platform for an image index (the writer's archive of an index).
 */
function parseSaveManifests(text) {
    const value = measure_manifest_parseJson(text, 'manifest.json');
    if (!Array.isArray(value) || value.length === 0) {
        throw new ManifestError('manifest.json lists no image');
    }
    return value.map((entry, i) => {
        if (!measure_manifest_isRecord(entry))
            throw new ManifestError(`manifest.json entry ${i} is not an object`);
        const { Config, Layers } = entry;
        if (typeof Config !== 'string' || Config === '') {
            throw new ManifestError('manifest.json names no config');
        }
        if (!Array.isArray(Layers) || !Layers.every((layer) => typeof layer === 'string')) {
            throw new ManifestError('manifest.json has no list of layers');
        }
        return { config: Config, layers: Layers };
    });
}
/** The one image of a `docker save` of one image. */
function parseSaveManifest(text) {
    const images = parseSaveManifests(text);
    if (images.length !== 1)
        throw new ManifestError('manifest.json does not describe exactly one image');
    return images[0];
}
/** os and architecture of an image config; null fields when it does not say. */
function configPlatform(text) {
    const value = measure_manifest_parseJson(text, 'the image config');
    if (!measure_manifest_isRecord(value))
        throw new ManifestError('the image config is not a JSON object');
    return {
        os: typeof value.os === 'string' ? value.os : null,
        architecture: typeof value.architecture === 'string' ? value.architecture : null
    };
}
/** The saved image of an OCI layout, from its image manifest (reached through index.json). */
function savedImageOf(manifest) {
    return {
        config: blobArchivePath(manifest.config.digest),
        layers: manifest.layers.map((layer) => blobArchivePath(layer.digest))
    };
}
/**
 * Whether a layer blob is already compressed (gzip or zstd magic): a daemon
 * with the containerd image store saves layers as they were pulled, and
 * compressing them again would count the wrong thing.
 */
function isCompressed(head) {
    const gzip = head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
    const zstd = head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
    return gzip || zstd;
}

;// CONCATENATED MODULE: ./src/report/measure.ts












const MANIFEST_TIMEOUT_MS = 60_000;
const SAVE_TIMEOUT_MS = 15 * 60_000;
/** manifest.json, index.json and OCI manifests are a few KB; anything bigger is not one. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
const MAX_INDEX_DEPTH = 4;
/** Why a measurement could not be made; turned into a warning, never thrown out of measureImage. */
class MeasureError extends Error {
    name = 'MeasureError';
}
function firstLines(text) {
    return text.trim().split('\n').slice(0, 3).join(' | ');
}
// ---- exact: from the registry ------------------------------------------------------------
async function fetchManifest(exec, reference) {
    // imagetools reads with the docker login (config.json and credential helpers)
    // and works with every buildx driver, the docker driver included.
    const result = await exec.run('docker', ['buildx', 'imagetools', 'inspect', '--raw', reference], {
        timeoutMs: MANIFEST_TIMEOUT_MS
    });
    if (result.exitCode !== 0 || result.timedOut) {
        throw new MeasureError(`docker buildx imagetools inspect --raw ${reference} failed${result.timedOut ? ' (timed out)' : ''}: ${firstLines(result.stderr)}`);
    }
    return result.stdout;
}
/** Sums config and layers of the manifest the registry holds for this digest. */
async function exactPullSize(exec, tag, digest, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    let reference = pinnedReference(tag, digest);
    for (let depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
        const manifest = parseManifest(await fetchManifest(exec, reference), reference);
        if (manifest.kind === 'manifest')
            return { pullSize: pullSizeOf(manifest), reference };
        const chosen = chooseManifest(manifest.manifests, platform);
        if (chosen === null)
            throw new MeasureError(`${reference} is an index without a ${(0,ground_platform/* platformName */.$r)(platform)} image`);
        reference = pinnedReference(tag, chosen.digest);
    }
    throw new MeasureError(`${tag}: indexes nested deeper than ${MAX_INDEX_DEPTH}`);
}
// ---- estimate: from docker save -----------------------------------------------------------
async function readAt(file, offset, length) {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
        const { bytesRead } = await file.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0)
            break;
        filled += bytesRead;
    }
    return buffer.subarray(0, filled);
}
/**
 * Every entry of a tar file with where its data starts. Headers are read
 * with positional reads and data is skipped, so memory stays at a few blocks
 * whatever the image weighs; `manifest.json` comes last in the legacy
 * layout, so the layers are known only after the whole index is read.
 */
async function indexTar(path) {
    const file = await (0,promises_.open)(path, 'r');
    try {
        const { size: total } = await file.stat();
        const entries = new Map();
        let offset = 0;
        let pending = {};
        while (offset < total) {
            const parsed = parseTarHeader(await readAt(file, offset, BLOCK));
            if (parsed.kind === 'end')
                return entries;
            const dataOffset = offset + BLOCK;
            const size = parsed.header.size;
            if (dataOffset + size > total) {
                throw new TarFormatError(`${JSON.stringify(parsed.header.name)} runs past the end of the archive`);
            }
            if (isExtendedHeader(parsed.header.type)) {
                if (size > MAX_JSON_BYTES)
                    throw new TarFormatError('an extended header is implausibly large');
                pending = readExtended(parsed.header.type, await readAt(file, dataOffset, size), pending);
            }
            else {
                const header = applyPending(parsed.header, pending);
                pending = {};
                const name = normalizeTarPath(header.name);
                entries.set(name, { ...header, name, offset: dataOffset });
            }
            offset = dataOffset + paddedSize(size);
        }
        // GNU tar and docker always end with zero blocks; a cut-off archive may not.
        throw new TarFormatError('the archive ends without its end-of-archive blocks');
    }
    finally {
        await file.close();
    }
}
async function readEntryText(path, entry) {
    if (entry.size > MAX_JSON_BYTES)
        throw new MeasureError(`${entry.name} is too large to be JSON`);
    const file = await (0,promises_.open)(path, 'r');
    try {
        return (await readAt(file, entry.offset, entry.size)).toString('utf8');
    }
    finally {
        await file.close();
    }
}
function mustResolve(entries, name) {
    const entry = resolveEntry(entries, name);
    if (entry === null)
        throw new MeasureError(`the saved image has no file ${name}`);
    return entry;
}
/** Config and layer paths: manifest.json when present, else the OCI index.json → manifest. */
async function savedImage(path, entries, platform) {
    const legacy = resolveEntry(entries, 'manifest.json');
    if (legacy !== null) {
        // One entry per image: the one whose config names `platform` (a config that names
        // none is taken as it is). A lone entry of another platform (an index saved with only
        // the host's image listed) sends the search on to index.json.
        const images = parseSaveManifests(await readEntryText(path, legacy));
        for (const image of images) {
            const text = await readEntryText(path, mustResolve(entries, image.config));
            // A config that is not JSON says no platform; the sizes may still be counted.
            let config;
            try {
                config = configPlatform(text);
            }
            catch {
                config = { os: null, architecture: null };
            }
            const silent = config.os === null && config.architecture === null;
            if ((silent && images.length === 1) || (0,ground_platform/* entryIsFor */.cM)(config, platform))
                return image;
        }
    }
    const index = resolveEntry(entries, 'index.json');
    if (index === null) {
        throw new MeasureError(legacy === null
            ? 'the saved image has neither manifest.json nor index.json'
            : `the saved images hold no ${(0,ground_platform/* platformName */.$r)(platform)} image`);
    }
    let manifest = parseManifest(await readEntryText(path, index), 'index.json');
    for (let depth = 0; manifest.kind === 'index'; depth++) {
        const chosen = chooseManifest(manifest.manifests, platform);
        if (chosen === null || depth >= MAX_INDEX_DEPTH) {
            throw new MeasureError(`index.json holds no ${(0,ground_platform/* platformName */.$r)(platform)} image`);
        }
        const blob = mustResolve(entries, blobArchivePath(chosen.digest));
        manifest = parseManifest(await readEntryText(path, blob), chosen.digest);
    }
    return savedImageOf(manifest);
}
function counter() {
    let bytes = 0;
    const sink = new external_node_stream_.Writable({
        write(chunk, _encoding, done) {
            bytes += chunk.length;
            done();
        }
    });
    return { sink, bytes: () => bytes };
}
/**
 * Bytes of one layer as a registry would store it: gzip at zlib's default
 * level, as BuildKit compresses layers for a push, counted while streaming;
 * a layer that is already compressed counts as it is.
 */
async function compressedLayerSize(path, entry) {
    if (entry.size === 0)
        return (0,external_node_zlib_.gzipSync)(Buffer.alloc(0)).length;
    const file = await (0,promises_.open)(path, 'r');
    let head;
    try {
        head = await readAt(file, entry.offset, Math.min(4, entry.size));
    }
    finally {
        await file.close();
    }
    if (isCompressed(head))
        return entry.size;
    const count = counter();
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path, { start: entry.offset, end: entry.offset + entry.size - 1 }), (0,external_node_zlib_.createGzip)(), count.sink);
    return count.bytes();
}
/** Estimates the pull size from an archive written by `docker save`. */
async function estimateFromArchive(path, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    const entries = await indexTar(path);
    const image = await savedImage(path, entries, platform);
    const config = mustResolve(entries, image.config).size;
    const layers = [];
    // A layer listed twice counts twice, as a pushed manifest's sum counts it; it is compressed once.
    const known = new Map();
    for (const name of image.layers) {
        const entry = mustResolve(entries, name);
        const size = known.get(entry.name) ?? (await compressedLayerSize(path, entry));
        known.set(entry.name, size);
        layers.push(size);
    }
    return { pullSize: layers.reduce((sum, size) => sum + size, config), config, layers };
}
async function measure_estimatePullSize(exec, imageId, platform, tempDir) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tempDir, 'from-scratch-measure-'));
    try {
        const archive = (0,external_node_path_.join)(dir, 'image.tar');
        // -o: the daemon's stream goes to the file, never through our memory.
        const result = await exec.run('docker', ['save', '--output', archive, imageId], {
            timeoutMs: SAVE_TIMEOUT_MS
        });
        if (result.exitCode !== 0 || result.timedOut) {
            throw new MeasureError(`docker save ${imageId} failed${result.timedOut ? ' (timed out)' : ''}: ${firstLines(result.stderr)}`);
        }
        return await estimateFromArchive(archive, platform);
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
function reason(error) {
    if (error instanceof MeasureError || error instanceof ManifestError)
        return error.message;
    if (error instanceof TarFormatError)
        return `the saved image is not a readable tar: ${error.message}`;
    return (0,errors/* messageOf */.b)(error);
}
/**
 * Image size, pull size and files of a built image. Exact pull size from the
 * pushed manifest when the image was pushed; otherwise estimated from
 * `docker save`. Never throws: see ImageMeasure for what failures give.
 */
async function measureImage(image, exec, log, 
/** Where the saved image goes while it is read (removed after); default the system temp folder. */
tempDir = (0,external_node_os_.tmpdir)()) {
    const measured = { size: image.size, files: image.files };
    if (image.pullSize !== null) {
        // The writer made the layers itself: their sizes are what a registry stores.
        log.info(`pull size: ${image.pullSize} bytes, exact, from the layers as written`);
        return { ...measured, pullSize: image.pullSize, pullSizeExact: true };
    }
    if (image.pushed && image.digest !== null && image.tags.length > 0) {
        try {
            const exact = await exactPullSize(exec, image.tags[0], image.digest, image.platform);
            log.info(`pull size: ${exact.pullSize} bytes, exact, from the manifest of ${exact.reference}`);
            return { ...measured, pullSize: exact.pullSize, pullSizeExact: true };
        }
        catch (error) {
            log.warning(`Could not read the pushed manifest (${reason(error)}); the pull size is estimated from the local image instead.`);
        }
    }
    if (image.pullSizeEstimate) {
        const estimate = image.pullSizeEstimate;
        log.info(`pull size: ${estimate.pullSize} bytes, estimated (config ${estimate.config} + gzip of layers ${estimate.layers.join(', ')})`);
        return { ...measured, pullSize: estimate.pullSize, pullSizeExact: false };
    }
    try {
        const estimate = await measure_estimatePullSize(exec, image.localId ?? image.imageId, image.platform, tempDir);
        log.info(`pull size: ${estimate.pullSize} bytes, estimated (config ${estimate.config} + gzip of layers ${estimate.layers.join(', ')})`);
        return { ...measured, pullSize: estimate.pullSize, pullSizeExact: false };
    }
    catch (error) {
        log.warning(`The pull size could not be measured: ${reason(error)}. The report leaves it out.`);
        return { ...measured, pullSize: null, pullSizeExact: false };
    }
}

// EXTERNAL MODULE: ./src/elf/go-buildinfo.ts
var go_buildinfo = __webpack_require__(1650);
// EXTERNAL MODULE: ./src/elf/reader.ts
var reader = __webpack_require__(8946);
;// CONCATENATED MODULE: ./src/image/oci/referrer.ts





/**
 * An OCI 1.1 artifact that refers to an image (an SBOM): a manifest whose
 * `subject` is the image manifest, its `artifactType` the document's media
 * type, the empty config, and the document as its one layer. This is what
 * `oras discover`, `cosign tree` and the referrers API list.
 */
/** The OCI empty descriptor's content (`{}`): the config of an artifact that needs none. */
const EMPTY_CONFIG = Buffer.from('{}', 'utf8');
const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
/** The artifact manifest for `artifact` about `subject`; `epoch` is its created annotation. Pure. */
function artifactManifest(subject, artifact, epoch) {
    const config = {
        mediaType: EMPTY_MEDIA_TYPE,
        digest: sha256Digest(EMPTY_CONFIG),
        size: EMPTY_CONFIG.length
    };
    const layer = {
        mediaType: artifact.artifactType,
        digest: sha256Digest(artifact.content),
        size: artifact.content.length,
        annotations: { 'org.opencontainers.image.title': artifact.title }
    };
    const bytes = canonicalJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.manifest,
        artifactType: artifact.artifactType,
        config,
        layers: [layer],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations: { 'org.opencontainers.image.created': rfc3339(epoch) }
    });
    return {
        bytes,
        digest: sha256Digest(bytes),
        artifactType: artifact.artifactType,
        blobs: [
            { descriptor: config, bytes: EMPTY_CONFIG },
            { descriptor: layer, bytes: artifact.content }
        ]
    };
}
/** The tag the referrers tag schema keeps an image's referrers under: `sha256-<hex>`. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}
/** The descriptor an index lists a referrer by (artifactType and annotations copied, as the spec asks). */
function referrerDescriptor(manifest, epoch) {
    return {
        mediaType: MEDIA_TYPE.manifest,
        digest: manifest.digest,
        size: manifest.bytes.length,
        artifactType: manifest.artifactType,
        annotations: { 'org.opencontainers.image.created': rfc3339(epoch) }
    };
}
function referrer_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Writes the artifact's blobs into an OCI layout and lists its manifest in
 * index.json (with its artifactType, without a ref.name: it is no image to
 * run), after the image entries. A second call with the same artifact changes nothing.
 */
async function addReferrerToLayout(layoutDir, manifest, epoch) {
    for (const blob of manifest.blobs) {
        await (0,promises_.writeFile)(blobPath(layoutDir, blob.descriptor.digest), blob.bytes);
    }
    await (0,promises_.writeFile)(blobPath(layoutDir, manifest.digest), manifest.bytes);
    const indexPath = (0,external_node_path_.join)(layoutDir, 'index.json');
    let index;
    try {
        index = JSON.parse(await (0,promises_.readFile)(indexPath, 'utf8'));
    }
    catch {
        throw new errors/* UserError */.y(`${layoutDir} has no readable index.json to list the SBOM in.`);
    }
    if (!referrer_isRecord(index) || !Array.isArray(index.manifests)) {
        throw new errors/* UserError */.y(`${layoutDir}/index.json has no manifests list.`);
    }
    const manifests = index.manifests;
    if (manifests.some((m) => referrer_isRecord(m) && m.digest === manifest.digest))
        return;
    await (0,promises_.writeFile)(indexPath, canonicalJson({ ...index, manifests: [...manifests, referrerDescriptor(manifest, epoch)] }));
}

;// CONCATENATED MODULE: ./src/image/registry/referrer.ts








const MANIFEST_TYPES = [
    MEDIA_TYPE.manifest,
    MEDIA_TYPE.index,
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
];
/**
 * The descriptor of a manifest already in the registry (what buildx pushed):
 * its media type and size, asked with HEAD in the first repository of `references`.
 */
async function remoteManifest(input, digest) {
    const retry = { ...DEFAULT_RETRY, ...input.retry };
    const [repo] = await openRepositories(input, retry);
    if (repo === undefined)
        throw new errors/* UserError */.y('No reference to find the pushed image in.');
    const step = `reading the pushed manifest ${shortDigest(digest)} in ${repo.name}`;
    const head = await repo.session.expect({
        method: 'HEAD',
        url: manifestUrl(repo.base, repo.target.repository, digest),
        step,
        scopes: [repositoryScope(repo.target.repository, ['pull'])],
        headers: { accept: MANIFEST_TYPES.join(', ') }
    }, [200]);
    await head.body?.cancel().catch(() => undefined);
    const size = Number(head.headers.get('content-length') ?? '');
    const mediaType = (head.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!Number.isSafeInteger(size) || size <= 0 || !MANIFEST_TYPES.includes(mediaType)) {
        throw new errors/* UserError */.y(`Registry ${repo.target.registry}: ${step}: no manifest size or type in the answer.`);
    }
    return { mediaType, digest, size };
}
/** Only a few manifests hang off one image; an index bigger than this is not a referrers index. */
const MAX_INDEX = 4 << 20;
function registry_referrer_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Subject of an artifact manifest, read back from its own bytes. */
function subjectOf(manifest) {
    const parsed = JSON.parse(manifest.bytes.toString('utf8'));
    const digest = parsed.subject?.digest;
    if (typeof digest !== 'string')
        throw new Error('an artifact manifest without a subject');
    return digest;
}
/**
 * Pushes an artifact (an SBOM) so the image's referrers list it, to every
 * repository of `references` (tags are not used: a referrer is stored by
 * digest). The manifest is put by digest; a registry that implements the OCI
 * 1.1 referrers API answers with `OCI-Subject` and that is all. Otherwise
 * (distribution 2.8, older registries) the referrers tag schema: the index
 * tagged `sha256-<subject hex>` is read, the referrer added, and written back.
 */
async function pushReferrer(input) {
    const retry = { ...DEFAULT_RETRY, ...input.retry };
    const repos = await openRepositories(input, retry);
    const subject = subjectOf(input.manifest);
    const out = [];
    for (const repo of repos) {
        for (const blob of input.manifest.blobs) {
            await ensureBlob(repo, {
                kind: 'layer',
                digest: blob.descriptor.digest,
                size: blob.descriptor.size,
                mediaType: blob.descriptor.mediaType,
                path: blobPath(input.blobsLayout, blob.descriptor.digest)
            }, null, retry, input.log);
        }
        const via = await putReferrer(repo, input, subject);
        input.log.info(`${repo.name}: ${input.manifest.artifactType} ${shortDigest(input.manifest.digest)} refers to ${shortDigest(subject)} (${via === 'api' ? 'referrers API' : `tag ${referrersTag(subject)}`})`);
        out.push({ repository: repo.name, via });
    }
    return out;
}
async function putReferrer(repo, input, subject) {
    const scopes = [repositoryScope(repo.target.repository, ['pull', 'push'])];
    const manifest = input.manifest;
    const put = await repo.session.expect({
        method: 'PUT',
        url: manifestUrl(repo.base, repo.target.repository, manifest.digest),
        step: `putting the SBOM manifest ${shortDigest(manifest.digest)} into ${repo.name}`,
        scopes,
        headers: { 'content-type': MEDIA_TYPE.manifest },
        body: () => Buffer.from(manifest.bytes)
    }, [200, 201]);
    await put.body?.cancel().catch(() => undefined);
    if (put.headers.get('oci-subject') === subject)
        return 'api';
    // The referrers tag schema (OCI distribution spec 1.1, "Pushing Manifests with Subject").
    const tag = referrersTag(subject);
    const step = `updating the referrers index ${repo.name}:${tag}`;
    const got = await repo.session.expect({
        method: 'GET',
        url: manifestUrl(repo.base, repo.target.repository, tag),
        step,
        scopes,
        headers: { accept: MEDIA_TYPE.index }
    }, [200, 404]);
    let manifests = [];
    let rest = {};
    if (got.status === 200) {
        const text = await got.text();
        if (text.length > MAX_INDEX)
            throw new errors/* UserError */.y(`Registry ${repo.target.registry}: ${step}: the index is too large.`);
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            throw new errors/* UserError */.y(`Registry ${repo.target.registry}: ${step}: the tag holds no JSON index.`);
        }
        if (!registry_referrer_isRecord(parsed) || !Array.isArray(parsed.manifests)) {
            throw new errors/* UserError */.y(`Registry ${repo.target.registry}: ${step}: the tag ${tag} holds something other than an image index; it was left alone.`);
        }
        manifests = parsed.manifests;
        rest = parsed;
    }
    else {
        await got.body?.cancel().catch(() => undefined);
    }
    if (manifests.some((m) => registry_referrer_isRecord(m) && m.digest === manifest.digest))
        return 'tag';
    const index = canonicalJson({
        ...rest,
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.index,
        manifests: [...manifests, referrerDescriptor(manifest, input.epoch)]
    });
    const tagged = await repo.session.expect({
        method: 'PUT',
        url: manifestUrl(repo.base, repo.target.repository, tag),
        step,
        scopes,
        headers: { 'content-type': MEDIA_TYPE.index },
        body: () => Buffer.from(index)
    }, [200, 201]);
    await tagged.body?.cancel().catch(() => undefined);
    return 'tag';
}

// EXTERNAL MODULE: ./node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/index.js
var enums = __webpack_require__(6820);
// EXTERNAL MODULE: ./node_modules/@cyclonedx/cyclonedx-library/dist.node/models/index.js
var models = __webpack_require__(320);
// EXTERNAL MODULE: ./node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.node.js
var index_node = __webpack_require__(1248);
// EXTERNAL MODULE: ./node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/index.js
var spec = __webpack_require__(4321);
;// CONCATENATED MODULE: ./src/sbom/cyclonedx.ts

// Subpaths, not the package index: the index brings the validators (and ajv) into the bundle.




/** The media type a CycloneDX JSON document is stored and attached as. */
const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json';
const TYPE = {
    image: enums.ComponentType.Container,
    binary: enums.ComponentType.Application,
    'go-main': enums.ComponentType.Application,
    'go-module': enums.ComponentType.Library,
    'go-stdlib': enums.ComponentType.Library,
    'c-library': enums.ComponentType.Library,
    extra: enums.ComponentType.Data
};
/**
 * A UUID made from the image digest (SHA-256 of it, shaped as a version 5
 * UUID): the same image gives the same serial number, so equal facts give
 * equal bytes, and another image another one.
 */
function serialNumberOf(digest) {
    const hex = (0,external_node_crypto_.createHash)('sha256').update(`from-scratch sbom ${digest}`).digest('hex');
    const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
function cdxComponent(component) {
    const out = new models.Component(TYPE[component.role], component.name, {
        bomRef: component.ref,
        ...(component.version === null ? {} : { version: component.version }),
        ...(component.purl === null ? {} : { purl: component.purl }),
        ...(component.supplier === null
            ? {}
            : { supplier: new models.OrganizationalEntity({ name: component.supplier }) }),
        ...(component.comment === null ? {} : { description: component.comment })
    });
    if (component.sha256 !== null)
        out.hashes.set(enums.HashAlgorithm['SHA-256'], component.sha256);
    if (component.goSum !== null) {
        // What the SHA-256 is a hash of, in the property names cyclonedx-gomod uses for the go.sum hash.
        out.properties.add(new models.Property('cdx:gomod:hash:h1', component.goSum));
    }
    return out;
}
/**
 * A CycloneDX 1.6 JSON document for the model, built and serialised by
 * `@cyclonedx/cyclonedx-library`: the image as metadata.component, every
 * other component listed, the dependency graph from CONTAINS and DEPENDS_ON.
 * Lists sorted and the serial number from the digest: equal facts, equal bytes.
 */
function cyclonedxDocument(facts, model) {
    const made = new Map();
    for (const component of model.components)
        made.set(component.ref, cdxComponent(component));
    for (const relation of model.relations) {
        const to = made.get(relation.to);
        made.get(relation.from)?.dependencies.add(to?.bomRef ?? new models.BomRef(relation.to));
    }
    const root = made.get(model.root.ref);
    const tool = new models.Component(enums.ComponentType.Application, facts.tool.name, {
        version: facts.tool.version
    });
    const bom = new models.Bom({
        metadata: new models.Metadata({
            timestamp: new Date(facts.epoch * 1000),
            tools: new models.Tools({ components: new models.ComponentRepository([tool]) }),
            ...(root === undefined ? {} : { component: root })
        }),
        serialNumber: serialNumberOf(facts.image.manifestDigest ?? facts.image.imageId)
    });
    for (const component of model.components) {
        if (component.ref === model.root.ref)
            continue;
        const cdx = made.get(component.ref);
        if (cdx)
            bom.components.add(cdx);
    }
    const serializer = new index_node.JsonSerializer(new index_node.JSON.Normalize.Factory(spec.Spec1dot6));
    return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

;// CONCATENATED MODULE: ./src/sbom/host.ts



/** The dpkg database holds a few MB; more than this is not one. */
const MAX_STATUS = 64 << 20;
/**
 * The installed packages among `names` from a dpkg `status` file: stanzas
 * separated by blank lines, `Package:`, `Status: install ok installed`,
 * `Version:`, `Architecture:` fields. Packages not installed are left out.
 * Where a package is installed for several architectures (`musl-dev` for the
 * runner and `musl-dev:arm64` for a cross build), the one for `architecture`
 * is taken, else one for `all`, else the first.
 */
function parseDpkgStatus(text, names, architecture = '') {
    const out = new Map();
    for (const stanza of text.split(/\n\s*\n/)) {
        const fields = new Map();
        for (const line of stanza.split('\n')) {
            const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
            if (match)
                fields.set(match[1]?.toLowerCase() ?? '', (match[2] ?? '').trim());
        }
        const name = fields.get('package') ?? '';
        if (!names.includes(name))
            continue;
        if (!(fields.get('status') ?? '').endsWith(' installed'))
            continue;
        const version = fields.get('version') ?? '';
        if (version === '')
            continue;
        const found = { version, architecture: fields.get('architecture') ?? '' };
        const kept = out.get(name);
        if (kept === undefined || (fits(found, architecture) && !fits(kept, architecture))) {
            out.set(name, found);
        }
    }
    return out;
}
/** Whether a package built for `installed.architecture` serves a binary for `architecture`. */
function fits(installed, architecture) {
    return installed.architecture === architecture || installed.architecture === 'all';
}
/** `ID` and `VERSION_ID` of an os-release file (quotes removed); '' where missing. */
function parseOsRelease(text) {
    const value = (key) => {
        const match = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
        return (match?.[1] ?? '').trim().replace(/^["']|["']$/g, '');
    };
    return { id: value('ID'), versionId: value('VERSION_ID') };
}
/** The upstream part of a Debian version: `1:2.36-9+deb12u4` → `2.36`. */
function upstreamVersion(debianVersion) {
    const noEpoch = debianVersion.replace(/^\d+:/, '');
    const dash = noEpoch.lastIndexOf('-');
    return dash === -1 ? noEpoch : noEpoch.slice(0, dash);
}
/** The packages the SBOM may name, by what they are to it. */
const HOST_PACKAGES = {
    'ca-certificates': 'ca-certificates',
    tzdata: 'tzdata',
    musl: 'musl-dev',
    glibc: 'libc6-dev'
};
/** Only distributions whose package database dpkg keeps, and whose purl type is `deb`. */
const DEB_DISTROS = new Set(['debian', 'ubuntu']);
/**
 * The packages of interest for a binary of Debian architecture `architecture`
 * (the C library of an arm64 build is `musl-dev:arm64`, not the runner's own).
 */
function hostPackagesOf(status, osRelease, architecture = '') {
    const os = parseOsRelease(osRelease);
    if (!DEB_DISTROS.has(os.id))
        return {};
    const installed = parseDpkgStatus(status, Object.values(HOST_PACKAGES), architecture);
    const out = {};
    for (const [role, name] of Object.entries(HOST_PACKAGES)) {
        const found = installed.get(name);
        if (found === undefined)
            continue;
        out[role] = {
            distro: os.id,
            distroVersion: os.versionId,
            name,
            version: found.version,
            architecture: found.architecture
        };
    }
    return out;
}
async function readCapped(path, cap) {
    try {
        const text = await (0,promises_.readFile)(path, 'utf8');
        return text.length > cap ? '' : text;
    }
    catch {
        return '';
    }
}
/** The runner's packages of interest; empty off Debian and Ubuntu (macOS, RHEL…): the SBOM then says NOASSERTION. */
async function readHostPackages(root = '/', 
/** The Debian architecture of the binary the packages are for; '' takes the first listed. */
architecture = '') {
    const [status, osRelease] = await Promise.all([
        readCapped(`${root}var/lib/dpkg/status`, MAX_STATUS),
        readCapped(`${root}etc/os-release`, 64 << 10)
    ]);
    return hostPackagesOf(status, osRelease, architecture);
}
/** Hex SHA-256 of a file, streamed. */
async function sha256File(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}

// EXTERNAL MODULE: ./node_modules/packageurl-js/index.js
var packageurl_js = __webpack_require__(7091);
;// CONCATENATED MODULE: ./src/sbom/model.ts

/** The 32 bytes of an `h1:` go.sum hash as hex; null when it is not one. */
function h1ToHex(sum) {
    const match = /^h1:([A-Za-z0-9+/]{43}=)$/.exec(sum);
    if (!match)
        return null;
    const bytes = Buffer.from(match[1] ?? '', 'base64');
    return bytes.length === 32 ? bytes.toString('hex') : null;
}
/** `go1.23.5` from a build info version such as `go1.23.5 X:boringcrypto`. */
function goVersionOf(version) {
    return version.trim().split(/\s+/)[0] ?? version;
}
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);
/**
 * Who publishes a Go module, read from its path (the only fact the binary
 * holds): the owner on a code host (`github.com/google`), the Go project for
 * `golang.org/x/…`, else the host that serves the path (`gopkg.in`, `go.uber.org`).
 */
function goSupplier(path) {
    const parts = path.split('/');
    const host = parts[0] ?? path;
    if (host === 'golang.org' && parts[1] === 'x')
        return 'The Go Authors';
    if (CODE_HOSTS.has(host) && parts.length >= 2)
        return `${host}/${parts[1]}`;
    return host;
}
function golangPurl(path, version) {
    const slash = path.lastIndexOf('/');
    const namespace = slash === -1 ? undefined : path.slice(0, slash);
    const name = slash === -1 ? path : path.slice(slash + 1);
    return new packageurl_js.PackageURL('golang', namespace, name, version ?? undefined, undefined, undefined).toString();
}
function debPurl(pkg) {
    const qualifiers = { arch: pkg.architecture };
    if (pkg.distroVersion !== '')
        qualifiers.distro = `${pkg.distro}-${pkg.distroVersion}`;
    return new packageurl_js.PackageURL('deb', pkg.distro, pkg.name, pkg.version, qualifiers, undefined).toString();
}
function distroName(distro) {
    return distro === '' ? distro : distro[0].toUpperCase() + distro.slice(1);
}
/** The last element of a repository path, which a `pkg:oci` purl names the image by. */
function ociPurl(facts) {
    if (facts.manifestDigest === null)
        return null;
    const name = facts.name.split('/').pop() ?? facts.name;
    return new packageurl_js.PackageURL('oci', undefined, name.toLowerCase(), facts.manifestDigest, { arch: facts.architecture, repository_url: facts.name }, undefined).toString();
}
function goModule(mod, role) {
    const version = mod.version === '' ? null : mod.version;
    const replacement = mod.replacement;
    // A module replaced by another module version is that version in the binary.
    if (replacement !== undefined && !isFolder(replacement.path) && replacement.version !== '') {
        const sum = replacement.sum === '' ? null : replacement.sum;
        const hex = sum === null ? null : h1ToHex(sum);
        return {
            ref: `golang:${replacement.path}@${replacement.version}`,
            role,
            name: replacement.path,
            version: replacement.version,
            purl: golangPurl(replacement.path, replacement.version),
            supplier: goSupplier(replacement.path),
            sha256: hex,
            sha256Of: hex === null ? null : 'go-h1',
            goSum: sum,
            comment: `Replaces ${mod.path}${version === null ? '' : ` ${version}`} (go.mod replace).`
        };
    }
    // Replaced by a folder: the code is the folder's, under the original path; the version is Go's `(devel)`.
    if (replacement !== undefined) {
        const devel = replacement.version === '' ? '(devel)' : replacement.version;
        return {
            ref: `golang:${mod.path}@${devel}`,
            role,
            name: mod.path,
            version: devel,
            purl: golangPurl(mod.path, devel),
            supplier: goSupplier(mod.path),
            sha256: null,
            sha256Of: null,
            goSum: null,
            comment: `Built from the folder ${replacement.path}, which replaces ${mod.path}${version === null ? '' : ` ${version}`} (go.mod replace); no go.sum hash.`
        };
    }
    const sum = mod.sum ?? null;
    const hex = sum === null ? null : h1ToHex(sum);
    return {
        ref: `golang:${mod.path}@${version ?? ''}`,
        role,
        name: mod.path,
        version,
        purl: golangPurl(mod.path, version),
        supplier: goSupplier(mod.path),
        sha256: hex,
        sha256Of: hex === null ? null : 'go-h1',
        goSum: sum,
        comment: null
    };
}
function isFolder(path) {
    return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.';
}
function cLibrary(library) {
    const source = library.source;
    return {
        ref: `c-library:${library.name}`,
        role: 'c-library',
        name: library.name,
        version: library.version,
        purl: source !== null
            ? debPurl(source)
            : library.version === null
                ? null
                : new packageurl_js.PackageURL('generic', undefined, library.name, library.version, undefined, undefined).toString(),
        supplier: source !== null ? distroName(source.distro) : null,
        sha256: null,
        sha256Of: null,
        goSum: null,
        comment: source !== null
            ? `Linked statically from the runner's ${source.name} ${source.version}; ${library.evidence}.`
            : `Linked statically; ${library.evidence}.`
    };
}
const EXTRA_NAMES = {
    'ca-certificates': 'ca-certificates',
    tzdata: 'tzdata',
    passwd: 'passwd',
    tmp: 'tmp'
};
function extra(facts) {
    const source = facts.source;
    const files = facts.paths.length === 1 ? facts.paths[0] : `${facts.paths.length} files`;
    return {
        ref: `extra:${facts.kind}`,
        role: 'extra',
        name: source?.name ?? EXTRA_NAMES[facts.kind],
        version: source?.version ?? null,
        purl: source === null ? null : debPurl(source),
        supplier: source === null ? null : distroName(source.distro),
        sha256: null,
        sha256Of: null,
        goSum: null,
        comment: source === null
            ? `${files} in the image, from ${facts.origin}.`
            : `${files} in the image, from ${facts.origin}, which the runner's ${distroName(source.distro)} package ${source.name} ${source.version} provides.`
    };
}
/** The facts as components and relations: image ⊃ binary, extras; binary ⊃ modules, C library. */
function sbomModel(facts) {
    const { image, go } = facts;
    const mainSupplier = go?.main ? goSupplier(go.main.path) : null;
    const root = {
        ref: 'image',
        role: 'image',
        name: image.name,
        version: image.manifestDigest ?? image.imageId,
        purl: ociPurl(image),
        supplier: mainSupplier,
        sha256: null,
        sha256Of: null,
        goSum: null,
        comment: image.manifestDigest === null
            ? `FROM scratch image; version is its image ID (config digest): the manifest digest was not known (not pushed). Tags: ${image.tags.join(', ')}.`
            : `FROM scratch image. Tags: ${image.tags.join(', ')}.`
    };
    const binary = {
        ref: 'binary',
        role: 'binary',
        name: facts.binary.name,
        version: go?.main?.version || null,
        purl: null,
        supplier: mainSupplier,
        sha256: facts.binary.sha256,
        sha256Of: 'file',
        goSum: null,
        comment: `/${facts.binary.name} in the image, a static executable${go ? ` built with ${goVersionOf(go.version)}` : facts.c?.toolchain ? ` built with ${facts.c.toolchain}` : ''}.`
    };
    const components = [root, binary];
    const relations = [{ from: 'image', type: 'CONTAINS', to: 'binary' }];
    let modules = 0;
    if (go !== null) {
        const stdVersion = goVersionOf(go.version);
        const stdlib = {
            ref: 'golang:stdlib',
            role: 'go-stdlib',
            name: 'stdlib',
            version: stdVersion,
            purl: golangPurl('stdlib', stdVersion),
            supplier: 'The Go Authors',
            sha256: null,
            sha256Of: null,
            goSum: null,
            comment: 'The Go standard library and runtime, compiled into the binary.'
        };
        const main = go.main === null ? null : goModule(go.main, 'go-main');
        const deps = go.deps.map((dep) => goModule(dep, 'go-module'));
        const listed = [...(main ? [main] : []), ...deps, stdlib];
        const seen = new Set(components.map((c) => c.ref));
        for (const component of listed) {
            // Two lines naming one module version (a replacement that is also required) list it once.
            if (seen.has(component.ref))
                continue;
            seen.add(component.ref);
            components.push(component);
            modules++;
            relations.push({ from: 'binary', type: 'CONTAINS', to: component.ref });
        }
        const from = main?.ref ?? 'binary';
        for (const component of listed) {
            if (component.ref === from)
                continue;
            relations.push({ from, type: 'DEPENDS_ON', to: component.ref });
        }
    }
    if (facts.c?.library) {
        const library = cLibrary(facts.c.library);
        components.push(library);
        relations.push({ from: 'binary', type: 'CONTAINS', to: library.ref });
        relations.push({ from: 'binary', type: 'DEPENDS_ON', to: library.ref });
    }
    for (const item of facts.extras) {
        const component = extra(item);
        components.push(component);
        relations.push({ from: 'image', type: 'CONTAINS', to: component.ref });
    }
    return { root, components, relations: dedupe(relations), modules };
}
function dedupe(relations) {
    const seen = new Set();
    return relations.filter((r) => {
        const key = `${r.from} ${r.type} ${r.to}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}

;// CONCATENATED MODULE: ./src/sbom/spdx.ts

/** The media type an SPDX JSON document is stored and attached as. */
const SPDX_MEDIA_TYPE = 'application/spdx+json';
const NOASSERTION = 'NOASSERTION';
const PURPOSE = {
    image: 'CONTAINER',
    binary: 'APPLICATION',
    'go-main': 'APPLICATION',
    'go-module': 'LIBRARY',
    'go-stdlib': 'LIBRARY',
    'c-library': 'LIBRARY',
    extra: 'FILE'
};
const ID_PREFIX = {
    image: 'Image',
    binary: 'Binary',
    'go-main': 'GoModule',
    'go-module': 'GoModule',
    'go-stdlib': 'GoModule',
    'c-library': 'CLibrary',
    extra: 'Extra'
};
/** SPDXRef ids from the model's refs: only `[A-Za-z0-9.-]`, unique (a suffix where two would clash). */
function spdxIds(components) {
    const ids = new Map();
    const used = new Set();
    for (const component of components) {
        const tail = component.role === 'image' || component.role === 'binary'
            ? ''
            : `-${`${component.name}${component.version === null ? '' : `-${component.version}`}`.replace(/[^A-Za-z0-9.]+/g, '-')}`;
        const base = `SPDXRef-${ID_PREFIX[component.role]}${tail}`.replace(/-+$/, '');
        let id = base;
        for (let n = 2; used.has(id); n++)
            id = `${base}-${n}`;
        used.add(id);
        ids.set(component.ref, id);
    }
    return ids;
}
function comment(component) {
    const parts = [];
    if (component.comment !== null)
        parts.push(component.comment);
    if (component.sha256Of === 'go-h1' && component.goSum !== null) {
        // Honest about what the SHA256 is: Go's dirhash over the module's file list, not a hash of a download.
        parts.push(`SHA256 is the go.sum hash ${component.goSum} (Go's h1: dirhash, a SHA-256 over the module's sorted file list with each file's SHA-256), decoded from base64; it is not a hash of the module zip.`);
    }
    return parts.length === 0 ? null : parts.join(' ');
}
function spdxPackage(component, id) {
    const out = {
        SPDXID: id,
        name: component.name,
        versionInfo: component.version ?? NOASSERTION,
        supplier: component.supplier === null ? NOASSERTION : `Organization: ${component.supplier}`,
        downloadLocation: NOASSERTION,
        filesAnalyzed: false
    };
    if (component.sha256 !== null) {
        out.checksums = [{ algorithm: 'SHA256', checksumValue: component.sha256 }];
    }
    out.licenseConcluded = NOASSERTION;
    out.licenseDeclared = NOASSERTION;
    out.copyrightText = NOASSERTION;
    if (component.purl !== null) {
        out.externalRefs = [
            {
                referenceCategory: 'PACKAGE-MANAGER',
                referenceType: 'purl',
                referenceLocator: component.purl
            }
        ];
    }
    out.primaryPackagePurpose = PURPOSE[component.role];
    const text = comment(component);
    if (text !== null)
        out.comment = text;
    return out;
}
/** The namespace: unique per image, so the same image gives the same URI and another image another. */
function spdxNamespace(facts) {
    const digest = facts.image.manifestDigest ?? facts.image.imageId;
    const name = facts.image.name.replace(/[^A-Za-z0-9._/-]/g, '-');
    return `https://spdx.org/spdxdocs/${facts.tool.name}/${name}/${digest.replace(':', '-')}`;
}
/**
 * An SPDX 2.3 JSON document for the model: the image described, a package
 * per component, CONTAINS and DEPENDS_ON between them. Keys in a fixed order
 * and two-space indentation: equal facts give equal bytes.
 */
function spdxDocument(facts, model) {
    const ids = spdxIds(model.components);
    const id = (ref) => ids.get(ref) ?? 'SPDXRef-DOCUMENT';
    const digest = facts.image.manifestDigest ?? facts.image.imageId;
    const document = {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: `${facts.image.name}@${digest}`,
        documentNamespace: spdxNamespace(facts),
        creationInfo: {
            created: rfc3339(facts.epoch),
            creators: [`Tool: ${facts.tool.name}-${facts.tool.version}`]
        },
        documentDescribes: [id(model.root.ref)],
        packages: model.components.map((component) => spdxPackage(component, id(component.ref))),
        relationships: [
            {
                spdxElementId: 'SPDXRef-DOCUMENT',
                relationshipType: 'DESCRIBES',
                relatedSpdxElement: id(model.root.ref)
            },
            ...model.relations.map((relation) => ({
                spdxElementId: id(relation.from),
                relationshipType: relation.type,
                relatedSpdxElement: id(relation.to)
            }))
        ]
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/sbom/version.ts
/** from-scratch's own version, as the SBOM names its creator (`Tool: from-scratch-<version>`); a test keeps it equal to package.json's. */
const TOOL_VERSION = '0.1.0';
const TOOL_NAME = 'from-scratch';

;// CONCATENATED MODULE: ./src/sbom/make.ts
















/** The C library a binary with C in it links, from the compile step and the binary's own findings. */
function cLibraryOf(toolchain, goSettings, findings, host) {
    const cc = goSettings?.CC ?? '';
    const nss = findings.some((f) => f.id === 'nss');
    let name = null;
    let evidence = '';
    if (/musl/.test(toolchain) || /musl/.test(cc)) {
        name = 'musl';
        evidence = `compiled with ${/musl/.test(toolchain) ? toolchain : `CC=${cc}`}`;
    }
    else if (nss) {
        name = 'glibc';
        evidence = "the binary holds glibc's NSS loader (static glibc)";
    }
    else if (toolchain !== '' && toolchain !== 'prebuilt' && !toolchain.startsWith('go')) {
        name = 'glibc';
        evidence = `compiled with ${toolchain} against the system C library`;
    }
    else if (goSettings?.CGO_ENABLED === '1') {
        name = 'glibc';
        evidence = `cgo with ${cc === '' ? 'the default C compiler' : `CC=${cc}`}`;
    }
    if (name === null)
        return null;
    const source = host[name] ?? null;
    return {
        name,
        version: source === null ? null : upstreamVersion(source.version),
        source,
        evidence
    };
}
async function goModules(path) {
    const src = await (0,reader/* openFileSource */.Sd)(path);
    try {
        const info = await (0,go_buildinfo/* readGoBuildInfo */.Tn)(await reader/* ElfFile */.wh.open(src));
        if (info.kind !== 'go')
            return null;
        return { version: info.info.version, main: info.modules.main, deps: info.modules.deps };
    }
    finally {
        await src.close();
    }
}
async function extrasOf(image, binaryPath, host) {
    const hostFiles = await findHostFiles(binaryPath);
    return image.extras.map((extra) => {
        switch (extra.kind) {
            case 'ca-certificates': {
                const from = hostFiles.caBundle ?? 'the runner';
                // update-ca-certificates makes Debian's bundle from the ca-certificates package.
                const source = hostFiles.caBundle === rootfs/* CA_BUNDLE_PATH */.C6 ? (host['ca-certificates'] ?? null) : null;
                return { kind: extra.kind, paths: extra.paths, source, origin: `the runner's ${from}` };
            }
            case 'tzdata':
                return {
                    kind: extra.kind,
                    paths: extra.paths,
                    source: hostFiles.zoneinfo === '/usr/share/zoneinfo' ? (host.tzdata ?? null) : null,
                    origin: `the runner's ${hostFiles.zoneinfo ?? 'zoneinfo'}`
                };
            default:
                return {
                    kind: extra.kind,
                    paths: extra.paths,
                    source: null,
                    origin: 'from-scratch, which writes them'
                };
        }
    });
}
/** The facts an SBOM is made from: the binary's build info, the compile step, the image, the runner's packages. */
async function sbomFacts(input) {
    const { inspection, image, compiled } = input;
    const host = await readHostPackages(input.hostRoot, (0,ground_platform/* debianArch */._2)(image.platform));
    const [sha256, go, extras] = await Promise.all([
        sha256File(inspection.path),
        inspection.go === null ? Promise.resolve(null) : goModules(inspection.path),
        extrasOf(image, inspection.path, host)
    ]);
    const hasC = go === null || inspection.go?.settings.CGO_ENABLED === '1';
    const library = hasC
        ? cLibraryOf(compiled.toolchain, inspection.go?.settings ?? null, inspection.findings, host)
        : null;
    const digest = image.manifest?.digest ?? (image.pushed ? image.digest : null);
    return {
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        epoch: input.epoch,
        image: {
            name: image.name,
            manifestDigest: digest,
            imageId: image.imageId,
            tags: image.tags,
            architecture: image.platform.architecture
        },
        binary: { name: (0,external_node_path_.basename)(inspection.path), sha256 },
        go,
        c: hasC && (library !== null || compiled.language === 'c')
            ? { toolchain: compiled.toolchain === 'prebuilt' ? '' : compiled.toolchain, library }
            : null,
        extras
    };
}
/** Writes a one-artifact OCI layout (for a push without the writer's layout). */
async function writeArtifactLayout(dir, manifest) {
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs', 'sha256'), { recursive: true });
    for (const blob of manifest.blobs) {
        await (0,promises_.writeFile)(blobPath(dir, blob.descriptor.digest), blob.bytes);
    }
    await (0,promises_.writeFile)(blobPath(dir, manifest.digest), manifest.bytes);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'index.json'), canonicalJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.index,
        manifests: [
            {
                mediaType: MEDIA_TYPE.manifest,
                digest: manifest.digest,
                size: manifest.bytes.length,
                artifactType: manifest.artifactType
            }
        ]
    }));
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'oci-layout'), OCI_LAYOUT);
}
/**
 * The SBOM stage: the documents `format` asks for, written beside the binary,
 * listed as referrers of the image in the writer's OCI layout, and pushed as
 * referrers where the image was pushed. Without a manifest digest (buildx
 * --load only) the documents are written and nothing is attached.
 */
async function makeSbom(input) {
    const { log, image } = input;
    const facts = await sbomFacts(input);
    const model = sbomModel(facts);
    const stem = (0,external_node_path_.basename)(input.inspection.path);
    const documents = [];
    if (input.format !== 'cyclonedx') {
        documents.push({
            format: 'spdx',
            path: (0,external_node_path_.join)(input.outputDir, `${stem}.spdx.json`),
            text: spdxDocument(facts, model),
            type: SPDX_MEDIA_TYPE
        });
    }
    if (input.format !== 'spdx') {
        documents.push({
            format: 'cyclonedx',
            path: (0,external_node_path_.join)(input.outputDir, `${stem}.cdx.json`),
            text: cyclonedxDocument(facts, model),
            type: CYCLONEDX_MEDIA_TYPE
        });
    }
    await (0,promises_.mkdir)(input.outputDir, { recursive: true });
    for (const doc of documents) {
        await (0,promises_.writeFile)(doc.path, doc.text);
        log.info(`SBOM (${doc.format}): ${doc.path}, ${model.components.length} components, ${model.modules} Go modules`);
    }
    const attached = [];
    const subject = image.manifest ??
        (image.pushed && image.digest !== null
            ? await remoteManifest({ references: image.tags, log, env: input.env }, image.digest)
            : null);
    if (subject === null) {
        log.info('SBOM not attached: the image has no manifest digest here (buildx --load without push); the files are written.');
    }
    for (const doc of documents) {
        if (subject === null)
            break;
        const manifest = artifactManifest(subject, { artifactType: doc.type, content: Buffer.from(doc.text, 'utf8'), title: (0,external_node_path_.basename)(doc.path) }, input.epoch);
        if (image.layout !== null) {
            await addReferrerToLayout(image.layout.dir, manifest, input.epoch);
            attached.push(`${image.layout.dir} (OCI layout) ${manifest.digest}`);
        }
        if (image.pushed) {
            const blobsLayout = image.layout?.dir ?? (0,external_node_path_.join)(input.outputDir, `${stem}.${doc.format}.oci`);
            if (image.layout === null)
                await writeArtifactLayout(blobsLayout, manifest);
            const pushed = await pushReferrer({
                references: image.tags,
                manifest,
                blobsLayout,
                epoch: input.epoch,
                log,
                env: input.env
            });
            for (const p of pushed) {
                attached.push(`${p.repository}@${manifest.digest} (${p.via === 'api' ? 'referrers API' : `referrers tag ${referrersTag(subject.digest)}`})`);
            }
        }
    }
    const first = documents[0];
    if (first === undefined)
        throw new Error('no SBOM format chosen');
    return {
        files: documents.map((d) => ({ format: d.format, path: d.path })),
        path: first.path,
        digest: sha256Digest(Buffer.from(first.text, 'utf8')),
        modules: model.modules,
        components: model.components.length,
        attached
    };
}

// EXTERNAL MODULE: ./src/report/outcome.ts
var outcome = __webpack_require__(5066);
;// CONCATENATED MODULE: ./src/pipeline.ts










function compileSettingsOf(settings, deps, platform = settings.platforms[0]) {
    return {
        ...settings.compile,
        // Several platforms: each binary in a folder of its own, named by its architecture.
        outputDir: settings.platforms.length > 1 ? (0,external_node_path_.join)(deps.outputDir, platform.architecture) : deps.outputDir,
        tempDir: deps.tempDir,
        goOutputCache: deps.goOutputCache,
        workspace: deps.workspace,
        platform,
        platformCount: settings.platforms.length
    };
}
/** A log group's title, naming the platform when there are several. */
function titled(title, platform, several) {
    return several ? `${title} (${(0,ground_platform/* platformName */.$r)(platform)})` : title;
}
/**
 * compile → verify (each platform in turn) → image (one index) → SBOM → measure,
 * each step in its own log group.
 * Returns a value: done, or failed at a stage with its error as plain data and
 * everything the earlier stages produced (the rejected binary's inspection, the
 * image whose push failed). No stage's exception gets out of here.
 */
async function runPipeline(settings, deps) {
    const { log, exec } = deps;
    const several = settings.platforms.length > 1;
    let stage = 'compile';
    let platform = settings.platforms[0];
    let compiled = null;
    let inspection = null;
    let images = null;
    const verified = [];
    let wantSizes = () => undefined;
    const sizesWanted = new Promise((resolve) => {
        wantSizes = resolve;
    });
    // Questions for the outside world that do not depend on the binary, asked once the
    // compiler runs (its start comes first), or after the compile when nothing was compiled.
    let asked = null;
    const askOutside = () => (asked ??= {
        probe: probeEngines(exec),
        epoch: settings.sourceDateEpoch === null
            ? (0,git_context/* commitTime */.b)(exec, settings.compile.workingDirectory)
            : Promise.resolve(settings.sourceDateEpoch)
    });
    try {
        for (const target of settings.platforms) {
            platform = target;
            stage = 'compile';
            compiled = null;
            inspection = null;
            const built = await log.group(titled('Compile', target, several), () => compile(compileSettingsOf(settings, deps, target), exec, log, {
                whileCompiling: askOutside
            }));
            compiled = built;
            askOutside();
            stage = 'verify';
            const checked = await log.group(titled('Verify the binary', target, several), () => verifyBinary(built.binaryPath, built.language === 'prebuilt' ? null : built.language, log, target));
            inspection = checked;
            // Where the bytes are is read while docker builds or loads the image (whileWaiting),
            // or once the image stage is over, whichever comes first.
            const sizes = sizesWanted.then(() => (0,inspect/* binarySizes */.QA)(built.binaryPath, target));
            sizes.catch(() => undefined);
            verified.push({ platform: target, compiled: built, inspection: checked, sizes });
        }
        const { probe, epoch } = askOutside();
        stage = 'image';
        platform = settings.platforms[0];
        const sourceDateEpoch = await epoch;
        const imaged = await log.group('Build the scratch image', () => buildIndex({
            ...settings.image,
            platform: settings.platforms[0],
            sourceDateEpoch,
            binaryName: null,
            tempDir: deps.tempDir
        }, verified.map(({ platform, inspection }) => ({ platform, inspection })), deps.git, exec, log, deps.outputDir, probe, wantSizes));
        wantSizes();
        images = imaged;
        const facts = [];
        for (const [index, done] of verified.entries()) {
            platform = done.platform;
            const image = imaged[index];
            let sbom = null;
            if (settings.sbom.enabled) {
                stage = 'sbom';
                sbom = await log.group(titled('SBOM', done.platform, several), () => makeSbom({
                    format: settings.sbom.format,
                    compiled: done.compiled,
                    inspection: done.inspection,
                    image,
                    epoch: sourceDateEpoch,
                    // Beside each platform's binary: the documents of two platforms share a name.
                    outputDir: several ? (0,external_node_path_.join)(deps.outputDir, done.platform.architecture) : deps.outputDir,
                    log
                }));
            }
            stage = 'measure';
            const measure = await log.group(titled('Measure', done.platform, several), () => measureImage(image, exec, log, deps.tempDir));
            const measured = { ...done.inspection, sizes: await done.sizes };
            facts.push({ compiled: done.compiled, inspection: measured, image, measure, sbom });
        }
        const [primary, ...others] = facts;
        return { outcome: 'done', facts: primary, others };
    }
    catch (error) {
        // The two stage errors that carry a partial result hand it over here, and nowhere else.
        if (error instanceof RejectedBinaryError)
            inspection = error.inspection;
        let image = images?.[0] ?? null;
        if (error instanceof ImagePushError)
            image = error.result;
        wantSizes();
        const mine = verified.find((done) => done.platform === platform);
        if (stage !== 'compile' && stage !== 'verify' && mine !== undefined) {
            compiled = mine.compiled;
            inspection = mine.inspection;
        }
        if (inspection !== null && mine !== undefined) {
            inspection = { ...inspection, sizes: await mine.sizes.catch(() => null) };
        }
        const failed = (0,outcome/* failedAt */.JG)(stage, error, { compiled, inspection, image });
        // With several platforms, which one stopped the run leads the message; the image
        // stage builds them all at once and names a platform itself where one is to blame.
        if (!several || stage === 'image')
            return failed;
        const named = `${(0,ground_platform/* platformName */.$r)(platform)}: ${failed.error.message}`;
        return { ...failed, error: { ...failed.error, message: named } };
    }
}


/***/ })

};
