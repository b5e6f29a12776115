/** A tiny wrapper around echarts (loaded on demand): give it an option, it draws and resizes. */
import { useEffect, useRef } from 'react';

export function EChart({ option, height = 300, testId }: { option: Record<string, unknown>; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: { setOption(o: unknown): void; resize(): void; dispose(): void } | null = null;
    let cancelled = false;
    const onResize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      if (cancelled || !el.current) return;
      chart = echarts.init(el.current);
      chart.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      cancelled = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
