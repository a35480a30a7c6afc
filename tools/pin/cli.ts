import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { applyMirrors } from "../../components/base/reference";
import { resolveDigest } from "./resolve";

/**
 * npm run pin [-- --file PATH] [--mirror PREFIX=REPLACEMENT ...] [--only REF ...]
 *
 * Resolves the current digest of every reference in the pin table and
 * writes it back. References are looked up through the mirrors, so a site
 * behind a pull-through cache, or a test registry, pins the same keys.
 * A reference that cannot be resolved keeps its old value and fails the run.
 */
async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            file: { type: "string", default: path.resolve(__dirname, "..", "..", "components", "base", "pins.json") },
            mirror: { type: "string", multiple: true, default: [] },
            only: { type: "string", multiple: true, default: [] },
        },
        strict: true,
    });
    const mirrors = Object.fromEntries(values.mirror.map((m) => {
        const eq = m.indexOf("=");
        if (eq <= 0) {
            throw new Error(`--mirror ${JSON.stringify(m)}: expected PREFIX=REPLACEMENT`);
        }
        return [m.slice(0, eq), m.slice(eq + 1)];
    }));
    const table = JSON.parse(fs.readFileSync(values.file, "utf8")) as Record<string, string>;
    const references = values.only.length > 0 ? values.only : Object.keys(table);

    let failures = 0;
    for (const reference of references) {
        try {
            const digest = await resolveDigest(applyMirrors(reference, mirrors));
            const changed = table[reference] !== digest;
            table[reference] = digest;
            process.stdout.write(`${changed ? "pinned " : "current"} ${reference} ${digest}\n`);
        } catch (err) {
            failures++;
            process.stderr.write(`failed  ${reference}: ${err instanceof Error ? err.message : String(err)}\n`);
        }
    }
    const sorted = Object.fromEntries(Object.keys(table).sort().map((k) => [k, table[k]]));
    fs.writeFileSync(values.file, JSON.stringify(sorted, null, 2) + "\n");
    process.stdout.write(`${references.length - failures} resolved, ${failures} failed\n`);
    if (failures > 0) {
        process.exit(1);
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`pin failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
