import { Findings } from "./problem";

/** Programs that only exist on a debug base (busybox) or not at all. */
const SHELLS = ["sh", "bash", "dash", "ash", "busybox", "zsh", "ksh", "mksh", "csh", "tcsh", "fish"];

function basename(program: string): string {
    return program.split("/").pop() ?? program;
}

function isShell(program: string): boolean {
    return SHELLS.includes(basename(program));
}

/**
 * Distroless has no shell: an entrypoint must be exec form, one array
 * element per argument, and must not start a shell unless the base is a
 * debug tag (which carries busybox under /busybox).
 */
export function checkEntrypoint(f: Findings, field: string, argv: readonly string[], debugBase: boolean): void {
    if (argv.length === 0) {
        return;
    }
    const program = argv[0];
    if (program === "" || /\s/.test(program)) {
        f.add(`${field}[0]`, program,
            "looks like a shell-form command line; distroless has no shell, so give exec form, one element per argument (e.g. [\"/usr/bin/python3\", \"-m\", \"app\"])");
        return;
    }
    if (!debugBase && basename(program) === "env") {
        f.add(`${field}[0]`, program,
            "distroless has no env (nor any other coreutils); set variables with the env argument and start the program directly");
        return;
    }
    if (!isShell(program)) {
        return;
    }
    if (!debugBase) {
        f.add(`${field}[0]`, program,
            "distroless has no shell; start the program directly in exec form, or use a debug base (base.debug: true) which has /busybox/sh");
    } else if (!program.startsWith("/busybox/")) {
        // By its full path: a template's PATH (the Python virtualenv's) need not include /busybox.
        f.add(`${field}[0]`, program, "a debug base has only busybox's shell; give its full path, /busybox/sh");
    }
}
