// The CLI's help text, shared by `--help` and usage errors.

export const USAGE = `Usage:
  stacklens analyze <paths...> [--arch x86|x64|arm64] [--format text|json|sarif]
                    [--define NAME[=VALUE]]... [--output FILE]
      Analyse driver C/C++ sources (files or folders): per-function stack frames,
      worst call paths, IRQL and pageability hazards.
  stacklens stack <file|-> [--arch x86|x64|arm64] [--limit BYTES] [--format text|json]
      Parse WinDbg stack output (k, kb, kv, kp, kn, kf, kc, !thread, !analyze -v)
      and print the per-frame and per-module stack usage.
  stacklens --help | --version

Exit codes: 0 = no error-severity diagnostic (analyze) or every stack within its limit (stack);
            1 = some error-severity diagnostic (analyze) or a stack reached its limit (stack);
            2 = usage or input error.
JSON output carries "schema": 1 (see README, "JSON output").
`;
