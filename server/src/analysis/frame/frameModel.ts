// Calibrated constants of the frame model: how many callee-saved registers and how much spill
// space a function's register pressure costs. Fitted against clang-16's `-fstack-usage` on the
// project's calibration fixtures (bench/calibrate-frames.ts prints the figures); every constant
// says what it models.

import type { Arch } from '../model';

export interface FrameModelParams {
  /** Volatile registers a leaf function can use before it must save callee-saved ones. */
  leafScratchRegisters: number;
  /** Callee-saved registers per register-candidate local in a function that calls others. */
  savedPerLocal: number;
  /** Callee-saved registers per scalar parameter (params live across calls about half the time). */
  savedPerParam: number;
  /** Extra callee-saved register when a call sits inside a loop (induction variable, bound). */
  savedPerLoop: number;
  /** Bytes one saved register or one spilled value occupies. */
  slotBytes: number;
  /** Saved registers are stored in pairs (arm64 stp): round the count up to even. */
  pairedSaves: boolean;
}

export const FRAME_MODEL: Record<Arch, FrameModelParams> = {
  // x86: EAX, ECX, EDX are scratch; EBX, ESI, EDI callee-saved (EBP is the frame pointer).
  x86: { leafScratchRegisters: 3, savedPerLocal: 1, savedPerParam: 0.5, savedPerLoop: 1, slotBytes: 4, pairedSaves: false },
  // x64: RAX, RCX, RDX, R8-R11 scratch; RBX, RBP, RDI, RSI, R12-R15 callee-saved.
  x64: { leafScratchRegisters: 7, savedPerLocal: 1, savedPerParam: 0.5, savedPerLoop: 1, slotBytes: 8, pairedSaves: false },
  // arm64: X0-X17 scratch; X19-X28 callee-saved, saved with STP in pairs.
  arm64: { leafScratchRegisters: 16, savedPerLocal: 1, savedPerParam: 0.5, savedPerLoop: 1, slotBytes: 8, pairedSaves: true },
};
