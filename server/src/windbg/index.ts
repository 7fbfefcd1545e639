// Public API of the WinDbg stack parser (shared by the language server, the CLI and the tests).

export { parseStacks } from './parse';
export { formatStackText } from './format';
export type {
  CallCycle,
  LimitSource,
  ModuleShare,
  ParsedStack,
  SizeSource,
  StackArch,
  StackFrame,
  StackParseOptions,
  StackParseResult,
  StackSegment,
  StaticFrameResolver,
} from './model';
