/**
 * Reads the two facts the lab checks about binaries in an image: the
 * machine an ELF file was built for, and whether it is statically linked.
 */
import * as fs from "fs";

export const ELF_MACHINES: Record<number, string> = { 62: "amd64", 183: "arm64", 40: "arm", 243: "riscv64", 22: "s390x", 21: "ppc64le" };

/** Docker platform architecture -> ELF e_machine. */
export const MACHINE_OF_ARCH: Record<string, number> = { amd64: 62, arm64: 183, arm: 40, riscv64: 243, s390x: 22, ppc64le: 21 };

export interface ElfFacts {
    machine: number;
    /** The program asks for a dynamic loader (PT_INTERP) or has a dynamic section (PT_DYNAMIC). */
    dynamic: boolean;
}

const PT_DYNAMIC = 2;
const PT_INTERP = 3;

export function readElf(file: string): ElfFacts {
    const data = fs.readFileSync(file);
    if (data.length < 64 || data.readUInt32BE(0) !== 0x7f454c46) {
        throw new Error(`${file} is not an ELF file`);
    }
    const is64 = data[4] === 2;
    const little = data[5] === 1;
    const u16 = (o: number) => (little ? data.readUInt16LE(o) : data.readUInt16BE(o));
    const u32 = (o: number) => (little ? data.readUInt32LE(o) : data.readUInt32BE(o));
    const u64 = (o: number) => Number(little ? data.readBigUInt64LE(o) : data.readBigUInt64BE(o));
    const machine = u16(18);
    const phoff = is64 ? u64(32) : u32(28);
    const phentsize = is64 ? u16(54) : u16(42);
    const phnum = is64 ? u16(56) : u16(44);
    let dynamic = false;
    for (let i = 0; i < phnum; i++) {
        const type = u32(phoff + i * phentsize);
        if (type === PT_INTERP || type === PT_DYNAMIC) dynamic = true;
    }
    return { machine, dynamic };
}
