// Requests per hour: uPlot, loaded on first use as a chunk of its own (the first page load stays small).
import { useEffect, useRef } from 'preact/hooks';
import type { HourlyPoint } from './hourly-chart.ts';

let loading: Promise<typeof import('./hourly-chart.ts')> | null = null;
const loadChart = () => {
  loading ??= import('./hourly-chart.ts');
  return loading;
};

export function Chart({ data }: { data: HourlyPoint[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (data.length === 0) return;
    let cancelled = false;
    let chart: { destroy(): void } | null = null;
    loadChart().then(({ drawHourlyChart }) => {
      if (!cancelled && host.current) chart = drawHourlyChart(host.current, data);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [data]);
  if (data.length === 0) return <p class="muted">No requests in this period.</p>;
  return <div class="chart" ref={host} role="img" aria-label="Requests per hour" />;
}
