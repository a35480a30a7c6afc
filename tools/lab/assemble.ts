/**
 * Root filesystems assembled from Debian packages, the way Google builds the
 * distroless images (packages unpacked, maintainer scripts never run), and
 * builder images bootstrapped with mmdebstrap. Each result is one gzipped
 * layer, cached by its recipe.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { pipeline } from "stream/promises";
import { cached } from "./cache";
import { run, runToFile } from "./proc";
import { sha256File } from "./oci";

export type Suite = "bookworm" | "trixie";
export const SUITE_OF: Record<12 | 13, Suite> = { 12: "bookworm", 13: "trixie" };

/** The Debian mirror apt already uses on this machine (the only one reachable). */
export function debianMirror(): string {
    for (const file of ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"]) {
        if (!fs.existsSync(file)) continue;
        const text = fs.readFileSync(file, "utf8");
        const uri = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s/m.exec(text);
        if (uri) return uri[1];
    }
    return "http://deb.debian.org/debian";
}

export interface Layer {
    file: string;
    /** Digest of the gzipped tar. */
    digest: string;
    /** Digest of the tar (the config's diff_id). */
    diffId: string;
    size: number;
    uncompressedSize: number;
}

async function gzipLayer(tarFile: string, dir: string): Promise<Layer> {
    const file = path.join(dir, "layer.tar.gz");
    await pipeline(fs.createReadStream(tarFile), zlib.createGzip({ level: 6 }), fs.createWriteStream(file));
    const layer: Layer = {
        file,
        digest: await sha256File(file),
        diffId: await sha256File(tarFile),
        size: fs.statSync(file).size,
        uncompressedSize: fs.statSync(tarFile).size,
    };
    fs.rmSync(tarFile);
    fs.writeFileSync(path.join(dir, "layer.json"), JSON.stringify({ ...layer, file: "layer.tar.gz" }));
    return layer;
}

function readLayer(dir: string): Layer {
    const layer = JSON.parse(fs.readFileSync(path.join(dir, "layer.json"), "utf8")) as Layer;
    return { ...layer, file: path.join(dir, layer.file) };
}

async function tarDirectory(root: string, tarFile: string): Promise<void> {
    await run("tar", ["--numeric-owner", "--sort=name", "--xattrs", "-C", root, "-cf", tarFile, "."]);
}

// ---------------------------------------------------------------------------
// Distroless stand-ins: exact package sets, no dependency resolution.

/** Package sets after GoogleContainerTools/distroless (its Debian package lists per variant). */
export function distrolessPackages(variant: string, debian: 12 | 13): string[] {
    const t64 = debian === 13;
    const statics = ["base-files", "netbase", "tzdata", "media-types", "ca-certificates"];
    const glibc = ["libc6"];
    const ssl = [t64 ? "libssl3t64" : "libssl3", ...(debian === 13 ? ["zlib1g", "libzstd1"] : [])];
    const cxx = ["libgcc-s1", "libstdc++6", "libgomp1"];
    const python = [
        "python3.13-minimal", "libpython3.13-minimal", "libpython3.13-stdlib",
        "libbz2-1.0", "libcrypt1", "libexpat1", "libffi8", "liblzma5", "libmpdec4", "libncursesw6",
        "libreadline8t64", "readline-common", "libsqlite3-0", "libtinfo6", "libuuid1", "libnsl2", "libtirpc3t64",
        "libgssapi-krb5-2", "libk5crypto3", "libkeyutils1", "libkrb5-3", "libkrb5support0", "libcom-err2", "libdb5.3t64",
        "zlib1g",
    ];
    switch (variant) {
        case "static": return statics;
        case "base-nossl": return [...statics, ...glibc];
        case "base": return [...statics, ...glibc, ...ssl];
        case "cc": return [...statics, ...glibc, ...ssl, ...cxx];
        case "python3":
            if (debian !== 13) throw new Error("python3 is assembled for Debian 13 only");
            return [...new Set([...statics, ...glibc, ...ssl, ...cxx, ...python])];
        default: throw new Error(`no package set for distroless variant ${variant}`);
    }
}

function aptOptions(root: string, arch: string): string[] {
    return [
        "-o", `Dir=${root}`,
        "-o", `Dir::State::status=${path.join(root, "status")}`,
        "-o", `APT::Architecture=${arch}`,
        "-o", `APT::Architectures=${arch}`,
        "-o", "APT::Sandbox::User=root",
        "-o", "Debug::NoLocking=1",
        "-o", "Acquire::Retries=3",
    ];
}

/** Downloads exactly `packages` (no dependencies) for `arch` from `suite`. */
async function downloadPackages(suite: Suite, arch: string, packages: readonly string[], into: string): Promise<string[]> {
    const root = path.join(into, "apt");
    for (const dir of ["etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial"]) {
        fs.mkdirSync(path.join(root, dir), { recursive: true });
    }
    fs.writeFileSync(path.join(root, "status"), "");
    fs.writeFileSync(path.join(root, "etc/apt/sources.list"),
        `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${debianMirror()} ${suite} main\n`);
    const options = aptOptions(root, arch);
    await run("apt-get", [...options, "-q", "update"]);
    const debs = path.join(into, "debs");
    fs.mkdirSync(debs, { recursive: true });
    await run("apt-get", [...options, "-q", "download", ...packages.map((p) => `${p}:${arch}`)], { cwd: debs });
    fs.rmSync(root, { recursive: true, force: true });
    return fs.readdirSync(debs).filter((f) => f.endsWith(".deb")).map((f) => path.join(debs, f));
}

/** Moves /bin, /sbin, /lib* under /usr and leaves symlinks, as merged-/usr Debian systems are laid out. */
function mergeUsr(root: string): void {
    for (const dir of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
        const top = path.join(root, dir);
        const usr = path.join(root, "usr", dir);
        const stat = fs.lstatSync(top, { throwIfNoEntry: false });
        if (stat?.isDirectory()) {
            fs.mkdirSync(usr, { recursive: true });
            fs.cpSync(top, usr, { recursive: true, verbatimSymlinks: true, force: true });
            fs.rmSync(top, { recursive: true, force: true });
        }
        if (fs.existsSync(usr) && !fs.lstatSync(top, { throwIfNoEntry: false })) {
            fs.symlinkSync(`usr/${dir}`, top);
        }
    }
}

const PASSWD = [
    "root:x:0:0:root:/root:/sbin/nologin",
    "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin",
    "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin",
    "",
].join("\n");
const GROUP = ["root:x:0:", "nobody:x:65534:", "nonroot:x:65532:", ""].join("\n");

/** Files distroless adds itself, and what it leaves out of the packages. */
function finishDistroless(root: string): void {
    // The extract-style install runs no maintainer scripts: generate the CA bundle ourselves.
    const mozilla = path.join(root, "usr/share/ca-certificates/mozilla");
    const certs = fs.readdirSync(mozilla).filter((f) => f.endsWith(".crt")).sort();
    if (certs.length === 0) throw new Error("ca-certificates brought no certificates");
    fs.mkdirSync(path.join(root, "etc/ssl/certs"), { recursive: true });
    fs.writeFileSync(path.join(root, "etc/ssl/certs/ca-certificates.crt"),
        certs.map((c) => fs.readFileSync(path.join(mozilla, c), "utf8").trimEnd() + "\n").join(""));
    for (const drop of [
        "usr/share/ca-certificates", "usr/sbin/update-ca-certificates", "etc/ca-certificates.conf",
        "usr/share/man", "usr/share/info", "usr/share/lintian", "usr/share/locale", "usr/share/bug",
        "usr/share/doc-base", "usr/share/menu", "etc/cron.daily", "etc/init.d", "etc/default",
        "usr/share/readline", "etc/inputrc", "usr/share/base-files/dot.bashrc", "usr/share/base-files/dot.profile",
        "usr/share/base-files/dot.profile.md5sums", "usr/share/base-files/profile", "usr/share/base-files/profile.md5sums",
        "usr/share/base-files/staff-group-for-usr-local", "etc/profile", "etc/update-motd.d",
    ]) {
        fs.rmSync(path.join(root, drop), { recursive: true, force: true });
    }
    // Keep only the licence texts of /usr/share/doc.
    const doc = path.join(root, "usr/share/doc");
    if (fs.existsSync(doc)) {
        for (const pkg of fs.readdirSync(doc)) {
            const dir = path.join(doc, pkg);
            if (!fs.lstatSync(dir).isDirectory()) { fs.rmSync(dir, { force: true }); continue; }
            for (const entry of fs.readdirSync(dir)) {
                if (entry !== "copyright") fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
            }
        }
    }
    fs.writeFileSync(path.join(root, "etc/passwd"), PASSWD);
    fs.writeFileSync(path.join(root, "etc/group"), GROUP);
    fs.mkdirSync(path.join(root, "tmp"), { recursive: true });
    fs.chmodSync(path.join(root, "tmp"), 0o1777);
    fs.mkdirSync(path.join(root, "root"), { recursive: true });
    fs.chmodSync(path.join(root, "root"), 0o700);
    const home = path.join(root, "home/nonroot");
    fs.mkdirSync(home, { recursive: true });
    fs.chmodSync(home, 0o700);
    fs.chownSync(home, 65532, 65532);
    mergeUsr(root);
}

/** Names that must never appear in a distroless filesystem. */
export const SHELLS = ["sh", "dash", "bash", "busybox", "ash", "zsh", "ksh", "mksh"];

function findShells(root: string): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (SHELLS.includes(entry.name)) found.push(path.relative(root, full));
            if (entry.isDirectory()) walk(full);
        }
    };
    walk(root);
    return found;
}

export interface DistrolessRecipe {
    kind: "distroless";
    variant: string;
    debian: 12 | 13;
    arch: string;
}

async function assembleDistroless(recipe: DistrolessRecipe, dir: string): Promise<void> {
    const packages = distrolessPackages(recipe.variant, recipe.debian);
    const debs = await downloadPackages(SUITE_OF[recipe.debian], recipe.arch, packages, dir);
    const root = path.join(dir, "rootfs");
    fs.mkdirSync(root);
    for (const deb of debs) {
        await run("dpkg-deb", ["-x", deb, root]);
    }
    fs.rmSync(path.join(dir, "debs"), { recursive: true, force: true });
    if (recipe.variant === "python3") {
        // Distroless points python3 at the release's interpreter; the python3-minimal package is not installed.
        fs.symlinkSync("python3.13", path.join(root, "usr/bin/python3"));
    }
    finishDistroless(root);
    const shells = findShells(root);
    if (shells.length > 0) throw new Error(`distroless ${recipe.variant} would contain a shell: ${shells.join(", ")}`);
    fs.writeFileSync(path.join(dir, "packages.txt"), debs.map((d) => path.basename(d)).sort().join("\n") + "\n");
    await tarDirectory(root, path.join(dir, "layer.tar"));
    fs.rmSync(root, { recursive: true, force: true });
    await gzipLayer(path.join(dir, "layer.tar"), dir);
}

// ---------------------------------------------------------------------------
// Builder images: a Debian system bootstrapped by mmdebstrap (maintainer scripts run, under qemu for arm64).

export interface BootstrapRecipe {
    kind: "bootstrap";
    suite: Suite;
    arch: string;
    include: readonly string[];
    /** Shell commands run with the new root as "$1", after the packages are installed. */
    customize: readonly string[];
    /** Like the official slim images: no docs, man pages or locales. */
    slim: boolean;
}

/** The path-excludes of Debian's official slim images (debuerreotype --slimify). */
const SLIM_DPKG_OPTIONS = [
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/linda/*",
    "path-exclude=/usr/share/lintian/overrides/*",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/groff/*",
];

async function assembleBootstrap(recipe: BootstrapRecipe, dir: string): Promise<void> {
    const tarFile = path.join(dir, "layer.tar");
    const args = [
        "--variant=minbase",
        `--architectures=${recipe.arch}`,
        "--format=tar",
        "--quiet",
        ...(recipe.include.length ? [`--include=${recipe.include.join(",")}`] : []),
        ...(recipe.slim ? SLIM_DPKG_OPTIONS.map((o) => `--dpkgopt=${o}`) : []),
        ...recipe.customize.map((c) => `--customize-hook=${c}`),
        recipe.suite,
        tarFile,
        debianMirror(),
    ];
    await run("mmdebstrap", args);
    await gzipLayer(tarFile, dir);
}

export type Recipe = DistrolessRecipe | BootstrapRecipe;

const inFlight = new Map<string, Promise<{ layer: Layer; hit: boolean; dir: string }>>();

/** Assembles a recipe once per process, however many tags share it. */
export function assemble(recipe: Recipe): Promise<{ layer: Layer; hit: boolean; dir: string }> {
    const key = JSON.stringify(recipe);
    let pending = inFlight.get(key);
    if (!pending) {
        pending = cached(recipe, (tmp) =>
            recipe.kind === "distroless" ? assembleDistroless(recipe, tmp) : assembleBootstrap(recipe, tmp),
        ).then(({ dir, hit }) => ({ layer: readLayer(dir), hit, dir }));
        inFlight.set(key, pending);
    }
    return pending;
}

export { runToFile };
