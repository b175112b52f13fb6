/** @jsxImportSource preact */
/**
 * A uPlot time-series chart (bundled with the app, no CDN), sized to its box. The canvas
 * is described for screen readers by `summary`; the legend lists the series.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface SeriesSpec {
  label: string;
  color: string;
  dash?: number[];
  /** Steps for counts per interval; lines for gauges and times. */
  stepped?: boolean;
}

const AXIS = { stroke: '#556070', grid: { stroke: '#e3e7ec', width: 1 }, ticks: { show: false } };
const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function Chart(props: {
  title: string;
  summary: string;
  series: SeriesSpec[];
  data: (number | null)[][];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const height = props.height ?? 180;

  useEffect(() => {
    const el = box.current!;
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    plot.current = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        series: [
          {},
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            dash: s.dash,
            points: { show: false },
            ...(s.stepped && stepped ? { paths: stepped } : {}),
          })),
        ],
        axes: [
          { ...AXIS, space: 64, values: (_u, splits) => splits.map((s) => CLOCK.format(s * 1000)) },
          { ...AXIS, size: 44 },
        ],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        cursor: { drag: { x: false, y: false } },
        legend: { show: true, live: false },
      },
      props.data as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
    // Labels are baked into the plot: a new language makes a new plot.
  }, [props.series.map((s) => s.label).join('|')]);

  useEffect(() => {
    plot.current?.setData(props.data as uPlot.AlignedData);
  }, [props.data]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="chart-box" role="img" aria-label={props.summary} />
    </figure>
  );
}
