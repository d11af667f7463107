// Requests per hour as SVG bars (no chart library: the bundle stays small).
interface Point {
  date: string;
  total: number;
}

export function Chart({ data }: { data: Point[] }) {
  if (data.length === 0) return <p class="muted">No requests in this period.</p>;
  const max = Math.max(...data.map((d) => d.total), 1);
  const w = 100 / data.length;
  return (
    <svg
      class="chart"
      viewBox="0 0 100 30"
      preserveAspectRatio="none"
      role="img"
      aria-label="Requests per hour"
    >
      {data.map((d, i) => {
        const h = (d.total / max) * 28;
        return (
          <rect key={d.date} x={i * w + w * 0.1} y={30 - h} width={w * 0.8} height={h}>
            <title>
              {d.date}: {d.total}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
