import * as pulumi from "@pulumi/pulumi";
import { invokeResult, providerResult } from "../mock/provider";

/**
 * The monitor both kinds of program run against: it counts what is
 * declared, hands each registration to an optional observer, and fills in
 * what providers would compute, as for the tests (tools/mock/provider.ts).
 * The run is an update, not a preview, so every value is known and every
 * apply of the program runs: all of its Output plumbing is part of the measure.
 */

export interface Counts {
    readonly resources: Record<string, number>;
    readonly invokes: Record<string, number>;
}

export type RegistrationObserver = (type: string, name: string, inputs: Record<string, unknown>) => void;

export function benchMocks(counts: Counts, observe?: RegistrationObserver): pulumi.runtime.Mocks {
    return {
        newResource: (args) => {
            counts.resources[args.type] = (counts.resources[args.type] ?? 0) + 1;
            observe?.(args.type, args.name, args.inputs);
            return providerResult(args);
        },
        call: (args) => {
            counts.invokes[args.token] = (counts.invokes[args.token] ?? 0) + 1;
            return invokeResult(args.token);
        },
    };
}
