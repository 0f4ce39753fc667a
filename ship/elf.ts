/**
 * Just enough of the ELF header to tell which machine a binary was built for, so the release
 * script can refuse to ship an x64 binary under an arm64 name (a cross-compile that silently
 * fell back to the host target would otherwise reach Graviton nodes and fail at boot).
 */

export type ElfMachine = "x86_64" | "aarch64" | "other";

export interface ElfIdentity {
  readonly is64Bit: boolean;
  readonly littleEndian: boolean;
  readonly machine: ElfMachine;
  /** Raw `e_machine` value (EM_X86_64 = 62, EM_AARCH64 = 183). */
  readonly machineCode: number;
}

const elfMagic = [0x7f, 0x45, 0x4c, 0x46];
const machineX86Of64 = 62;
const machineAarch64 = 183;

/** The identity of an ELF file from its first bytes (≥ 20), or undefined when it is not ELF. */
export function readElfIdentity(head: Uint8Array): ElfIdentity | undefined {
  if (head.length < 20) return undefined;
  for (let i = 0; i < elfMagic.length; i++) if (head[i] !== elfMagic[i]) return undefined;
  const is64Bit = head[4] === 2;
  const littleEndian = head[5] === 1;
  const machineCode = littleEndian ? head[18]! | (head[19]! << 8) : (head[18]! << 8) | head[19]!;
  const machine: ElfMachine = machineCode === machineX86Of64 ?
    "x86_64"
    : machineCode === machineAarch64
    ? "aarch64"
    : "other";
  return { is64Bit, littleEndian, machine, machineCode };
}
