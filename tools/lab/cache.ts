/**
 * Slow assemblies (root filesystems from Debian packages) are cached outside
 * the repository, keyed by a hash of everything that shapes them. A missing
 * or half-written entry is simply rebuilt, so an empty cache always works.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Bump when the way an assembly is made changes, to retire old entries. */
export const ASSEMBLY_VERSION = 3;

export function cacheRoot(): string {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-distroless-lab");
}

export function cacheKey(inputs: unknown): string {
    return crypto.createHash("sha256").update(JSON.stringify({ v: ASSEMBLY_VERSION, inputs })).digest("hex").slice(0, 32);
}

/**
 * Returns the cache directory for `inputs`, running `make(tmpDir)` first
 * when it is absent. The directory is renamed into place only once complete.
 */
export async function cached(inputs: unknown, make: (dir: string) => Promise<void>): Promise<{ dir: string; hit: boolean }> {
    const root = cacheRoot();
    const dir = path.join(root, cacheKey(inputs));
    if (fs.existsSync(path.join(dir, ".complete"))) {
        return { dir, hit: true };
    }
    fs.mkdirSync(root, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(root, ".tmp-"));
    try {
        await make(tmp);
        fs.writeFileSync(path.join(tmp, "inputs.json"), JSON.stringify(inputs, null, 2));
        fs.writeFileSync(path.join(tmp, ".complete"), "");
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(tmp, dir);
    } catch (error) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw error;
    }
    return { dir, hit: false };
}
