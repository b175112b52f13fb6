/**
 * Command line of `bun bench`: which suites, and how.
 *   bun bench [suite…] [--quick] [--json] [--out DIR] [--repeat N] [--mysql [URL]]
 *             [--set name=value …] [--list] [--help]
 */

export interface BenchArgs {
  suites: string[];
  quick: boolean;
  json: boolean;
  out: string;
  repeat: number;
  mysqlUrl: string | undefined;
  overrides: Record<string, number>;
  list: boolean;
  help: boolean;
  /** Seconds to wait, before each suite run, for the machine to go quiet (< 25 % CPU). */
  waitQuiet: number;
}

/** The help text of `bun bench --help`. */
export const USAGE = `usage: bun bench [suite…] [options]
  (no suite)        run every suite
  --quick           short smoke run: every suite produces numbers, targets not enforced
  --json            print the report as JSON on stdout (progress stays on stderr)
  --out DIR         where report.html / report.json go (default bench/reports)
  --repeat N        run each suite N times, report medians and ranges (default 3, quick 1)
  --mysql [URL]     also run storage suites on MySQL (default mysql://root@127.0.0.1:3306);
                    env KEFU_BENCH_MYSQL_URL does the same
  --set name=value  override a suite knob, e.g. --set customers=5000 --set rate=2000
  --wait-quiet S    before each suite run, wait up to S seconds for the (shared) machine
                    to drop under 25 % CPU; the CPU seen is noted either way
  --list            list suites and exit`;

/** Parses argv (without `bun bench/run.ts`); throws with a message on bad input. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): BenchArgs {
  const args: BenchArgs = {
    suites: [],
    quick: false,
    json: false,
    out: 'bench/reports',
    repeat: 0,
    mysqlUrl: env.KEFU_BENCH_MYSQL_URL || undefined,
    overrides: {},
    list: false,
    help: false,
    waitQuiet: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--list') args.list = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--out') args.out = value();
    else if (arg === '--wait-quiet') args.waitQuiet = Number(value());
    else if (arg === '--repeat') args.repeat = Number(value());
    else if (arg === '--mysql') {
      const next = argv[i + 1];
      args.mysqlUrl = next?.startsWith('mysql://') ? value() : 'mysql://root@127.0.0.1:3306';
    } else if (arg === '--set') {
      const [name, raw] = value().split('=');
      if (!name || raw === undefined || !Number.isFinite(Number(raw))) {
        throw new Error(`--set expects name=number, got "${argv[i]}"`);
      }
      args.overrides[name] = Number(raw);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else args.suites.push(arg);
  }
  if (!Number.isInteger(args.repeat) || args.repeat < 0) throw new Error('--repeat must be ≥ 1');
  if (!(args.waitQuiet >= 0)) throw new Error('--wait-quiet expects seconds');
  if (args.repeat === 0) args.repeat = args.quick ? 1 : 3;
  return args;
}
