// The Logs page's chart drawn with uPlot: a chunk of its own, fetched when the page first shows a chart.
import uPlot from 'uplot';
import css from 'uplot/dist/uPlot.min.css' with { type: 'text' };

export interface HourlyPoint {
  /** `2024-05-01 13:00:00.000Z`, as `/api/logs/stats` sends it. */
  date: string;
  total: number;
}

export interface HourlyChart {
  destroy(): void;
}

const HEIGHT = 140;
const HOUR = 3600;
const DAY = 24 * HOUR;
let styled = false;

/** uPlot's own stylesheet, added once, with the chunk (the first page load never pays for it). */
function addStyles(): void {
  if (styled) return;
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  styled = true;
}

/** Draws requests per hour into `host`, following its width; colours from the theme's variables. */
export function drawHourlyChart(host: HTMLElement, data: HourlyPoint[]): HourlyChart {
  addStyles();
  const vars = getComputedStyle(host);
  const color = (name: string, fallback: string) => vars.getPropertyValue(name).trim() || fallback;
  const accent = color('--accent', '#1055c9');
  const muted = color('--muted', '#6b7280');
  const border = color('--border', '#e2e5ea');
  const xs = data.map((d) => Date.parse(d.date.replace(' ', 'T')) / 1000);
  const ys = data.map((d) => d.total);
  const first = xs[0] ?? 0;
  const last = xs.at(-1) ?? 0;
  const axis = { stroke: muted, grid: { stroke: border, width: 1 }, ticks: { stroke: border } };
  // The hovered hour as one line of text: uPlot's legend is a <table>, which the page's own table
  // selectors (and a screen reader's table list) would pick up.
  const readout = document.createElement('div');
  readout.className = 'chart-readout';
  const showCursor = (u: uPlot) => {
    const i = u.cursor.idx;
    const point = i === null || i === undefined ? null : data[i];
    readout.textContent = point ? `${point.date.slice(0, 16)} UTC: ${point.total} requests` : '';
  };
  const plot = new uPlot(
    {
      width: Math.max(host.clientWidth, 200),
      height: HEIGHT,
      legend: { show: false },
      hooks: { setCursor: [showCursor] },
      // At least the 24 hours up to the newest bar (one bar alone would otherwise span years);
      // hours in UTC, as the table's dates.
      scales: {
        x: {
          time: true,
          auto: false,
          range: (): uPlot.Range.MinMax => [
            Math.min(first, last - DAY) - HOUR / 2,
            last + HOUR / 2,
          ],
        },
        y: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
      },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [axis, { ...axis, size: 40 }],
      series: [
        { label: 'Hour' },
        {
          label: 'Requests',
          stroke: accent,
          fill: accent,
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.8, 40] }),
          points: { show: false },
        },
      ],
    },
    [xs, ys],
    host,
  );
  host.append(readout);
  const resize = new ResizeObserver(() =>
    plot.setSize({ width: Math.max(host.clientWidth, 200), height: HEIGHT }),
  );
  resize.observe(host);
  return {
    destroy() {
      resize.disconnect();
      plot.destroy();
      readout.remove();
    },
  };
}
