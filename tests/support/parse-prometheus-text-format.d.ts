// The parser's output shape (it ships no types): prom2json's, every number as a string.
declare module 'parse-prometheus-text-format' {
  export interface PromMetric {
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  export interface PromFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PromMetric[];
  }
  export default function parsePrometheusTextFormat(text: string): PromFamily[];
}
