import * as path from "path";
import { parseArgs } from "util";
import { loadStack } from "./project";
import { planDocument, planText } from "./render";
import { runProgram } from "./runner";

/**
 * npm run plan -- --stack NAME [--json] [--config KEY=VALUE ...]
 *
 * Evaluates the stack program offline and prints what it would declare.
 * Warnings the program logs go to stderr, so --json output stays parseable.
 */
async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string" },
            json: { type: "boolean", default: false },
            config: { type: "string", multiple: true, default: [] },
        },
        strict: true,
    });
    if (!values.stack) {
        throw new Error("usage: npm run plan -- --stack NAME [--json] [--config KEY=VALUE ...]");
    }
    const projectDir = path.resolve(__dirname, "..", "..");
    const settings = loadStack(projectDir, values.stack, values.config);

    const warnings: string[] = [];
    // The mock runtime's log goes to the console; keep it off stdout.
    const log = console.log;
    console.log = (...args: unknown[]) => console.error(...args);
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.join(" ").replace(/^warning: (\[[^\]]*\] )?/, "")); };
    let run;
    try {
        run = await runProgram(settings);
    } finally {
        console.log = log;
        console.warn = originalWarn;
    }
    const doc = planDocument(values.stack, run.resources);
    if (values.json) {
        process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
        warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
    } else {
        process.stdout.write(planText(doc, warnings) + "\n");
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`plan failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
