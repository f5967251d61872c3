// Live charts of the last five minutes, drawn with uPlot: each room's temperature, and the broker's message rate
// from its $SYS counters. Points are kept per second; the charts redraw once a second.
const WINDOW_SECONDS = 300;

class LiveChart {

  constructor(elementId, unit) {
    this.element = document.getElementById(elementId);
    this.unit = unit;
    this.names = [];
    this.points = new Map(); // name -> Map(second -> value)
    this.plot = null;
  }

  add(name, value, at = Date.now()) {
    if (!this.points.has(name)) {
      this.points.set(name, new Map());
      this.names.push(name);
      this.rebuild();
    }
    this.points.get(name).set(Math.floor(at / 1000), value);
  }

  rebuild() {
    if (this.plot) this.plot.destroy();
    const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
    this.plot = new uPlot({
      width: Math.max(this.element.clientWidth, 320),
      height: 200,
      scales: { x: { time: true } },
      axes: [{}, { label: this.unit }],
      series: [{}].concat(this.names.map((name, i) => ({
        label: name, stroke: colors[i % colors.length], width: 2, spanGaps: true,
      }))),
    }, [[]].concat(this.names.map(() => [])), this.element);
  }

  draw() {
    if (!this.plot) return;
    const now = Math.floor(Date.now() / 1000);
    const seconds = [];
    for (let t = now - WINDOW_SECONDS; t <= now; t++) seconds.push(t);
    let drawn = 0;
    const data = [seconds].concat(this.names.map((name) => {
      const series = this.points.get(name);
      for (const t of series.keys()) if (t < now - WINDOW_SECONDS) series.delete(t);
      return seconds.map((t) => {
        const value = series.get(t);
        if (value !== undefined) drawn++;
        return value === undefined ? null : value;
      });
    }));
    this.plot.setData(data);
    // what the browser test reads: how many points the chart holds now
    this.element.dataset.points = String(drawn);
  }

}

const temperatureChart = new LiveChart('temperature-chart', '°C');
const rateChart = new LiveChart('rate-chart', 'msg/s');
const lastCounters = new Map();

function chartTemperature(floor, room, celsius) {
  temperatureChart.add(`${floor}-${room}`, celsius);
}

// $SYS counters are totals: the rate is the difference between two reports over the time between them
function chartCounter(name, total) {
  const now = Date.now();
  const last = lastCounters.get(name);
  lastCounters.set(name, { total, at: now });
  if (last && now > last.at && total >= last.total) {
    rateChart.add(name, (total - last.total) / ((now - last.at) / 1000), now);
  }
}

setInterval(() => {
  temperatureChart.draw();
  rateChart.draw();
}, 1000);
