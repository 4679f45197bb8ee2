import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;
export type ChartData = uPlot.AlignedData;

interface UPlotChartProps {
  /** Series, axes, scales; a new object rebuilds the chart, so memoise it. */
  options: ChartOptions;
  data: ChartData;
  /** The chart's accessible name. */
  label: string;
  height?: number;
}

/**
 * One uPlot canvas sized to its container: created on mount (and when `options` change),
 * fed new data with `setData`, resized by a ResizeObserver, destroyed on unmount.
 */
export function UPlotChart({ options, data, label, height = 240 }: UPlotChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  // The latest data, so a chart rebuilt for new options starts from it.
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const plot = new uPlot({ ...options, width: Math.max(container.clientWidth, 100), height }, dataRef.current, container);
    plotRef.current = plot;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    plotRef.current?.setData(data);
  }, [data]);

  return <div ref={containerRef} className="uplot-chart" role="img" aria-label={label} />;
}
