// Charts on Apache ECharts (the global `echarts`, loaded by index.html from the hub): time series with zoom, bands.
let charts = [];

export function disposeCharts() {
  charts.forEach(c => c.dispose());
  charts = [];
}

window.addEventListener('resize', () => charts.forEach(c => c.resize()));

const kwLabel = v => (v / 1000).toLocaleString('en', { maximumFractionDigits: 1 });

/**
 * A time-series chart in el: lines of [time ms, value] points; optional bands {name, lower, upper} (arrays of
 * [time, value] of equal length), drawn as a filled area between the two; zoom by mouse wheel and the slider.
 * unit 'W' is shown in kW; from and to (ms) fix the time axis' ends.
 */
export function timeChart(el, { lines = [], bands = [], unit = 'W', step = false, markLines = [], yName, from, to }
  = {}) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  charts.push(c);
  const scale = unit === 'W' ? kwLabel : v => v.toLocaleString('en', { maximumFractionDigits: 2 });
  const series = [];
  for (const b of bands) {
    const stack = 'band-' + b.name;
    series.push({ name: b.name + ' lower', type: 'line', data: b.lower, stack, symbol: 'none', silent: true,
      lineStyle: { opacity: 0 }, tooltip: { show: false }, color: b.color || '#5b8ff9' });
    series.push({ name: b.name, type: 'line', stack, symbol: 'none', silent: true, color: b.color || '#5b8ff9',
      data: b.upper.map((p, i) => [p[0], p[1] - b.lower[i][1]]), lineStyle: { opacity: 0 },
      areaStyle: { opacity: 0.22 } });
  }
  lines.forEach((l, i) => series.push({
    // A line of one or two points (the first minutes of actual values) shows its points.
    name: l.name, type: 'line', data: l.data, symbol: l.data.length > 2 ? 'none' : 'circle', symbolSize: 7,
    step: l.step ?? (step ? 'end' : false),
    lineStyle: { width: l.width || 1.6, type: l.dashed ? 'dashed' : 'solid' }, color: l.color,
    markLine: i === 0 && markLines.length ? { symbol: 'none', silent: true, data: markLines.map(m => ({
      yAxis: m.value, name: m.name, label: { formatter: m.name, position: 'insideEndTop' },
      lineStyle: { color: m.color || '#b42318', type: 'dashed' } })) } : undefined,
  }));
  const bandNames = new Set(bands.map(b => b.name));
  c.setOption({
    animation: false,
    grid: { left: 60, right: 30, top: 40, bottom: 70 },
    legend: { type: 'scroll', top: 5, data: series.filter(s => !s.name.endsWith(' lower')).map(s => s.name) },
    tooltip: {
      trigger: 'axis',
      formatter: ps => {
        if (!ps.length) return '';
        const t = new Date(ps[0].value[0]).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
        const rows = ps.filter(p => !p.seriesName.endsWith(' lower')).map(p => {
          let v = p.value[1];
          if (bandNames.has(p.seriesName)) {
            const lower = bands.find(b => b.name === p.seriesName).lower[p.dataIndex][1];
            return `${p.marker}${p.seriesName}: ${scale(lower)} – ${scale(lower + v)}`;
          }
          return `${p.marker}${p.seriesName}: ${v == null ? '–' : scale(v)}`;
        });
        return [t, ...rows].join('<br>');
      },
    },
    xAxis: { type: 'time', min: from, max: to },
    yAxis: { type: 'value', name: yName || (unit === 'W' ? 'kW' : unit), axisLabel: { formatter: scale } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 12 }],
    series,
  });
  return c;
}

/** [time ms, value] points of a regular series: values from start, one per step (ISO duration, e.g. PT30M). */
export function regular(start, step, values) {
  const t0 = Date.parse(start);
  const ms = durationMs(step);
  return values.map((v, i) => [t0 + i * ms, v]);
}

/** Milliseconds of an ISO-8601 duration of days, hours, minutes and seconds (PT30M, PT1H, P1D, PT0.5S). */
export function durationMs(d) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(d || '');
  if (!m) return 0;
  return (((+(m[1] || 0) * 24 + +(m[2] || 0)) * 60 + +(m[3] || 0)) * 60 + +(m[4] || 0)) * 1000;
}
