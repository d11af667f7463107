// The metrics of one app: request counts and latency fed by the HTTP dispatch, plus sources read at
// scrape time (database sizes, queue depth, realtime), rendered as Prometheus text exposition 0.0.4.
//
// Hand-written rather than prom-client: that library is built around Node (default metrics from
// perf_hooks, aggregation over node:cluster) and a process-global default registry; what is needed
// here is ~150 lines, allocation-free on the request path, and lives on Core (one registry per app)
// so workers can later share it.
import { Histogram, LATENCY_BOUNDS_MS } from './histogram.ts';

export interface Sample {
  labels?: Record<string, string>;
  /** Appended to the family name (`_sum`, `_count` of a summary). */
  suffix?: string;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'summary' | 'histogram';
  samples: Sample[];
}

/** Read at every scrape; keep it cheap or cache (see the storage source). */
export type Source = () => Family[] | Promise<Family[]>;

/** Status codes are counted in a flat array: 100–599, anything else lands in slot 0 (`other`). */
const STATUS_SLOTS = 600;

class GroupSeries {
  readonly statuses = new Float64Array(STATUS_SLOTS);
  readonly latency = new Histogram(LATENCY_BOUNDS_MS);
}

/**
 * Requests by route group and status code, and latency by route group. The status is the exact
 * code (a handful per group in practice); the histogram is per group only, so its series count
 * stays buckets × groups rather than × statuses.
 */
export class RequestMetrics {
  private readonly groups = new Map<string, GroupSeries>();

  /** On the request path: a map lookup, an array increment, a bucket scan. */
  observe(group: string, status: number, ms: number): void {
    let series = this.groups.get(group);
    if (!series) {
      series = new GroupSeries();
      this.groups.set(group, series);
    }
    series.statuses[status >= 100 && status < STATUS_SLOTS ? status : 0]!++;
    series.latency.observe(ms);
  }

  families(): Family[] {
    const total: Family = {
      name: 'satchel_http_requests_total',
      help: 'HTTP requests answered, by route group (none: no route matched) and status code.',
      type: 'counter',
      samples: [],
    };
    const latency: Family = {
      name: 'satchel_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (until the response headers), by route group.',
      type: 'histogram',
      samples: [],
    };
    for (const [group, series] of [...this.groups].sort(([a], [b]) => a.localeCompare(b))) {
      series.statuses.forEach((n, code) => {
        if (n > 0)
          total.samples.push({
            labels: { group, status: code ? String(code) : 'other' },
            value: n,
          });
      });
      for (const [le, n] of series.latency.cumulative(1000)) {
        latency.samples.push({ labels: { group, le }, suffix: '_bucket', value: n });
      }
      latency.samples.push({ labels: { group }, suffix: '_sum', value: series.latency.sum / 1000 });
      latency.samples.push({ labels: { group }, suffix: '_count', value: series.latency.count });
    }
    return [total, latency];
  }
}

/** `--workers`: the other workers' families, each labelled with its worker index. */
export interface MetricsPeers {
  /** This process's worker index (its own samples get `worker="<index>"`). */
  readonly self: string;
  gather(): Promise<{ worker: string; families: Family[] }[]>;
}

export class MetricsRegistry {
  readonly requests = new RequestMetrics();
  private readonly sources = new Set<Source>();
  /** Set in worker mode: a scrape then reports the whole server, one `worker` label per process. */
  peers: MetricsPeers | null = null;

  /** Adds a scrape-time source; the returned function removes it. */
  addSource(source: Source): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** This process's families; a failing source is logged and left out, the rest still answer. */
  async ownFamilies(): Promise<Family[]> {
    const families = this.requests.families();
    for (const source of this.sources) {
      try {
        families.push(...(await source()));
      } catch (err) {
        console.error('metrics source failed:', err);
      }
    }
    return families;
  }

  /** The whole exposition: with workers, every worker's series under its `worker` label. */
  async render(): Promise<string> {
    const own = await this.ownFamilies();
    if (!this.peers) return own.map(renderFamily).join('');
    const others = await this.peers.gather();
    const all = mergeWorkers([{ worker: this.peers.self, families: own }, ...others]);
    return all.map(renderFamily).join('');
  }
}

/** One family per name (the format allows no repeats), each sample labelled with its worker. */
function mergeWorkers(perWorker: { worker: string; families: Family[] }[]): Family[] {
  const byName = new Map<string, Family>();
  for (const { worker, families } of perWorker.sort(
    (a, b) => Number(a.worker) - Number(b.worker),
  )) {
    for (const f of families) {
      let merged = byName.get(f.name);
      if (!merged) {
        merged = { ...f, samples: [] };
        byName.set(f.name, merged);
      }
      for (const sample of f.samples) {
        merged.samples.push({ ...sample, labels: { ...sample.labels, worker } });
      }
    }
  }
  return [...byName.values()];
}

/** `a"b\` → `a\"b\\`: label values escape backslash, quote and newline. */
const escapeLabel = (v: string) => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

const formatValue = (v: number) =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);

function renderFamily(f: Family): string {
  let out = `# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${f.name} ${f.type}\n`;
  for (const s of f.samples) {
    const labels = s.labels
      ? Object.entries(s.labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',')
      : '';
    out += `${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}\n`;
  }
  return out;
}
