import defaultPinFile from "./pins.json";

/**
 * The package's digest pin table lives in pins.json beside this file: a flat
 * map from canonical image reference to index digest, so dependency-update
 * bots and `npm run pin` can read and rewrite it. An empty digest means the
 * reference is known but not pinned yet; it is used by tag, with a warning.
 */
export type PinTable = Readonly<Record<string, string>>;

export const DEFAULT_PINS: PinTable = Object.fromEntries(
    Object.entries(defaultPinFile as Record<string, unknown>)
        .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""),
);

/** Stack- or app-level pins override the package's table entry by entry. */
export function mergePins(...tables: (PinTable | undefined)[]): PinTable {
    return Object.assign({}, ...tables.filter((t) => t !== undefined));
}
