import * as assert from "assert";
import { RoundMeasurement, ratios } from "../tools/bench/analysis";
import { Kind } from "../tools/bench/job";

function run(kind: Kind, apps: number, round: number, wallMs: number, peakRssKb: number): RoundMeasurement {
    return { kind, apps, round, wallMs, peakRssKb, cpuMs: wallMs, resources: {}, invokes: {} };
}

describe("the benchmark's ratio", () => {
    it("pairs each run of ours with the floor run of the same round, after subtracting each program's 0-app median", () => {
        const measurements = [
            run("ours", 0, 0, 10, 1000), run("floor", 0, 0, 10, 900),
            // Round 1 ran in a slow spell: both programs took twice as long.
            run("ours", 100, 0, 1210, 21000), run("floor", 100, 0, 1010, 20900),
            run("ours", 100, 1, 2410, 21000), run("floor", 100, 1, 2010, 20900),
            run("ours", 100, 2, 1210, 23000), run("floor", 100, 2, 1010, 20900),
        ];
        const [r] = ratios(measurements, [0, 100]);
        assert.strictEqual(r.apps, 100);
        assert.strictEqual(r.pairs, 3);
        // 1200/1000, 2400/2000, 1200/1000: the slow spell cancels within its pair.
        assert.strictEqual(r.time, 1.2);
        // Peak: 20000/20000 twice and 22000/20000 once; the median ignores the outlier.
        assert.strictEqual(r.memory, 1);
        assert.deepStrictEqual(r.memoryRange, [1, 1.1]);
    });

    it("leaves out a run whose floor run is missing", () => {
        const measurements = [
            run("ours", 0, 0, 0, 0), run("floor", 0, 0, 0, 0),
            run("ours", 10, 0, 30, 300), run("floor", 10, 0, 20, 200),
            run("ours", 10, 1, 90, 900),
        ];
        const [r] = ratios(measurements, [0, 10]);
        assert.strictEqual(r.pairs, 1);
        assert.strictEqual(r.time, 1.5);
    });
});
