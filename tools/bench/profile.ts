import * as fs from "fs";
import * as inspector from "inspector";
import * as path from "path";

/**
 * CPU profiles of the measured evaluation alone (V8's sampling profiler,
 * the one behind `node --cpu-prof`, started and stopped around the clock so
 * module loading stays out), and a summary of where the time went.
 */

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface Profiler {
    stop(file: string): Promise<void>;
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => {
        session.post(method, params ?? {}, (err, result) => err ? reject(err) : resolve(result as T));
    });
}

export async function startProfiler(): Promise<Profiler> {
    const session = new inspector.Session();
    session.connect();
    await post(session, "Profiler.enable");
    // 100 µs, finer than the default 1 ms: one app costs a few milliseconds.
    await post(session, "Profiler.setSamplingInterval", { interval: 100 });
    await post(session, "Profiler.start");
    return {
        async stop(file: string) {
            const { profile } = await post<{ profile: CpuProfile }>(session, "Profiler.stop");
            session.disconnect();
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, JSON.stringify(profile));
        },
    };
}

interface CpuProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}

interface CpuProfile {
    nodes: CpuProfileNode[];
    samples: number[];
    timeDeltas: number[];
}

/** Where a function lives, coarsely: whose code is spending the time. */
export function areaOf(url: string, functionName: string): string {
    if (!url) {
        return functionName.startsWith("(") ? functionName : "(native)";
    }
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) {
        return m[1];
    }
    if (url.startsWith("node:")) {
        return "node";
    }
    const rel = url.replace(/^file:\/\//, "").replace(PROJECT_DIR + "/", "");
    return rel.includes("/") ? rel.split("/")[0] + "/" : rel;
}

export interface ProfileSummary {
    readonly totalMs: number;
    readonly areas: { area: string; ms: number }[];
    readonly functions: { fn: string; ms: number }[];
    /** Time with a frame of the program (ours: not node_modules, not this tool; the floor's generated module) on the stack. */
    readonly underProgramMs: number;
    /** Inclusive time per program function: what each costs, SDK calls included. */
    readonly programFunctions: { fn: string; ms: number }[];
}

/** Our program's code, or the floor's generated program: what each kind runs synchronously. */
function isProgramCode(url: string): boolean {
    const file = url.replace(/^file:\/\//, "");
    if (path.basename(file).startsWith("floor-program-")) {
        return true;
    }
    return file.startsWith(PROJECT_DIR + "/") && !file.includes("/node_modules/") && !file.includes("/tools/bench/");
}

function label(node: CpuProfileNode): string {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${areaOf(url, functionName)}${path.basename(url)}:${lineNumber + 1}` : "";
    return `${functionName || "(anonymous)"} ${where}`.trim();
}

/** Self time by area and by function, and inclusive time of the project's own functions. */
export function summarize(file: string, top = 20): ProfileSummary {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parentOf = new Map<number, number>();
    for (const n of profile.nodes) {
        n.children?.forEach((c) => parentOf.set(c, n.id));
    }
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const areas = new Map<string, number>();
    const functions = new Map<string, number>();
    const programFunctions = new Map<string, number>();
    let total = 0;
    let underProgram = 0;
    for (const [id, us] of self) {
        const node = byId.get(id);
        if (!node) {
            continue;
        }
        const { functionName, url } = node.callFrame;
        if (functionName === "(idle)") {
            continue;
        }
        total += us;
        const area = areaOf(url, functionName);
        areas.set(area, (areas.get(area) ?? 0) + us);
        const fn = label(node);
        functions.set(fn, (functions.get(fn) ?? 0) + us);
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
            const frame = byId.get(at) as CpuProfileNode;
            if (isProgramCode(frame.callFrame.url)) {
                seen.add(label(frame));
            }
        }
        if (seen.size > 0) {
            underProgram += us;
        }
        seen.forEach((f) => programFunctions.set(f, (programFunctions.get(f) ?? 0) + us));
    }
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
    return {
        totalMs: total / 1000,
        areas: sorted(areas).map(([area, us]) => ({ area, ms: us / 1000 })),
        functions: sorted(functions).slice(0, top).map(([fn, us]) => ({ fn, ms: us / 1000 })),
        underProgramMs: underProgram / 1000,
        programFunctions: sorted(programFunctions).slice(0, top).map(([fn, us]) => ({ fn, ms: us / 1000 })),
    };
}
