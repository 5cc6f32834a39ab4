/**
 * The command table. Each command lives in its own module.
 */
import type { CliCommand } from '../io';
import { validateCommand } from './validate';
import { accuracyCommand } from './accuracy';
import { calibrateCommand } from './calibrate';
import { estimateCommand } from './estimate';
import { checkCommand } from './check';
import { recommendCommand } from './recommend';
import { reportCommand } from './report';
import { catalogCommand } from './catalog';
import { diffCommand } from './diff';

/** A command: what runs, one line for the command list, and its usage for `llm-sizing <command> --help`. */
export interface CommandEntry {
  run: CliCommand;
  summary: string;
  usage: string;
}

/** Help lines of the input options, shared by the commands' usage and the main usage. */
export const FORCE_HELP =
  '  --force               treat every YAML document as a deployment file (report a missing marker)';
export const MAX_FILE_SIZE_HELP =
  '  --max-file-size <KB>  decline larger files with LLMS006 (default 5000 KB = 5,120,000 characters)';
const HARDWARE_HELP =
  '  --hardware <ID>       device of manifests that name no GPU type (catalog id, e.g. h100-sxm-80gb)';
const INPUT_HELP = `${FORCE_HELP}\n${MAX_FILE_SIZE_HELP}\n${HARDWARE_HELP}`;

export const commands: Record<string, CommandEntry> = {
  validate: {
    run: validateCommand,
    summary: 'check deployment files; findings with line:column (exit 2 on errors)',
    usage: `llm-sizing validate FILE... [--format text|json] [--force] [--max-file-size KB] [--hardware ID]

Checks each file: YAML syntax, the format, catalog ids and cross-field rules; serving manifests
(Kubernetes, LeaderWorkerSet, KServe, Compose) get their workload-free findings. FILE may be a
quoted glob ('k8s/**/*.yaml'). Prints every finding as path:line:column. Exit 0 without errors,
2 with errors or unreadable files.

  --format <f>          text (default) or json
${INPUT_HELP}`,
  },
  accuracy: {
    run: accuracyCommand,
    summary: 'estimate measured cases or your benchmark results and report the error',
    usage: `llm-sizing accuracy FILE... [--deployment FILE [--placement NAME]] [--write-cases OUT] [--format text|json] [--max-file-size KB]

Estimates every case of measured-cases files (format: docs/accuracy.md; the shipped set is
data/calibration/cases.yaml) and prints the error per case and per metric. FILE may also be a
benchmark result — vllm bench serve JSON, SGLang bench_serving JSONL, GuideLLM or genai-perf
JSON, llama-bench JSON/JSONL/CSV — measured on the replica of --deployment's placement. Exit 0
when the files were read, 2 when one cannot be.

  --deployment <file>   the deployment the benchmark results measured
  --placement <name>    its placement (needed when it has several)
  --write-cases <out>   save the imported measurements as a cases file
  --format <f>          text (default) or json
${MAX_FILE_SIZE_HELP}`,
  },
  calibrate: {
    run: calibrateCommand,
    summary: 'fit per engine × device corrections from your own benchmarks (--write saves them)',
    usage: `llm-sizing calibrate FILE... [--deployment FILE [--placement NAME]] [--write | --out PATH] [--format text|json]

Fits bounded corrections (bandwidth and compute efficiency factors, per-step and per-request
overheads) for each engine × device your measurements cover — cases files or benchmark results as
for accuracy — and prints them with the median error before and after. --write saves them to
.llm-sizing/calibration.yaml beside the deployment (--out: elsewhere); every estimate of that engine on that
device then uses them and says so in its assumptions. Exit 0 when fitted, 2 on file errors.

  --deployment <file>   the deployment the benchmark results measured
  --placement <name>    its placement (needed when it has several)
  --write               save them to .llm-sizing/calibration.yaml beside the deployment
  --out <path>          save them to this file instead
  --format <f>          text (default) or json
${MAX_FILE_SIZE_HELP}`,
  },
  estimate: {
    run: estimateCommand,
    summary: 'compare the placements of deployment files (--format text|json|markdown|sarif)',
    usage: `llm-sizing estimate FILE... [--format text|json|markdown|sarif] [--force] [--max-file-size KB] [--hardware ID]

Validates each file and estimates every placement of every usable deployment: memory, latency,
throughput, cost, power, verdict. Exit 0 for valid input (placements may fail: see check), 2 for
invalid input or unreadable files.

  --format <f>          text (default), json (schemas/report.schema.json), markdown or sarif
${INPUT_HELP}`,
  },
  check: {
    run: checkCommand,
    summary: 'like estimate; exit 1 when a placement fails its SLOs, budget, power or residency',
    usage: `llm-sizing check FILE... [--format text|json|markdown|sarif] [--force] [--max-file-size KB] [--hardware ID]

As estimate, for CI: exit 1 when any placement fails its SLOs, budget, power cap or data
residency, or a serving workload of a manifest does not fit or breaks a limit; 2 for invalid
input (it wins over 1) or when nothing was checked; 0 when everything passes.

  --format <f>          text (default), json, markdown or sarif (failures as results with fixes)
${INPUT_HELP}`,
  },
  recommend: {
    run: recommendCommand,
    summary: 'cheapest catalog configurations that pass, with snippets (--limit N)',
    usage: `llm-sizing recommend FILE... [--format text|json|markdown] [--limit N] [--force] [--max-file-size KB] [--hardware ID]

Searches the whole catalog (devices × weight formats × engines × splits, on-prem and cloud) for
the cheapest configurations that pass each deployment's SLOs and constraints, each with a
placement snippet to paste. Exit 0 for valid input, 2 otherwise.

  --format <f>          text (default), json or markdown
  --limit <N>           configurations per deployment (default 5)
${INPUT_HELP}`,
  },
  diff: {
    run: diffCommand,
    summary: 'what changed in the sizing between two revisions (exit 1 when worse; --fail-on cost+10%)',
    usage: `llm-sizing diff OLD NEW | diff PATH... --base REF  [--format text|json|markdown] [--fail-on LIST] [--force] [--max-file-size KB] [--hardware ID]

Compares the sizing of two revisions of the same files, placement by placement: fit, memory
per GPU, TTFT/TPOT at the SLO percentile (with bands), throughput, monthly cost, power and
verdict; added and removed placements and deployments are listed. OLD and NEW are two files or
two folders (YAML files matched by their path inside); with --base, each PATH (file, folder or
quoted glob) is compared with its content at the git revision REF, read with git (no checkout).
Exit 0 when nothing got worse, 1 when a placement that passed now fails or a threshold is
crossed, 2 when the new revision is invalid or unreadable, REF names no commit, or on usage.

  --base <REF>          compare PATH... with git revision REF (e.g. origin/main)
  --format <f>          text (default), json, or markdown (a pull-request comment; docs/ci.md)
  --fail-on <LIST>      also exit 1 when a placement's figure moves more than allowed, e.g.
                        cost+10%,tpot+20%,throughput-10%,memory+2 (absolute in GiB, ms, USD/month,
                        kW, tok/s, devices); metrics: memory, ttft, tpot, throughput, cost, power, devices
${INPUT_HELP}`,
  },
  catalog: {
    run: catalogCommand,
    summary: 'list catalog models, hardware, engines or formats (--search TEXT, --format json)',
    usage: `llm-sizing catalog models|hardware|engines|formats [--search TEXT] [--format text|json]

Lists what the catalog holds: the built-in data plus .llm-sizing/catalog.yaml found from the
current directory up. Text is a table of the key facts; JSON a list of objects with id, name,
aliases, facts and sources. Exit 0, or 2 for a usage error.

  --search <TEXT>       only entries whose id, name, aliases or facts contain every word
  --format <f>          text (default) or json`,
  },
  report: {
    run: reportCommand,
    summary: 'a Markdown or HTML sizing report (--output FILE; --format html|markdown|…)',
    usage: `llm-sizing report FILE... [--format markdown|html|text|json|sarif] [--output FILE] [--force] [--max-file-size KB] [--hardware ID]

A sizing report: the comparison tables, then per placement its memory, latency, cost breakdown
and every assumption. --format html is one self-contained page for a decision document: the
comparison panel's table and charts (latency vs load with the SLO, memory, cost, power), inline
CSS and SVG, no script, no remote resource; light or dark as the reader's system prefers, white
on paper.
Exit codes as estimate.

  --format <f>          markdown (default), html, text, json or sarif
  --output <FILE>       write the report to FILE instead of stdout (a symlink there is replaced,
                        not followed)
${INPUT_HELP}`,
  },
};
