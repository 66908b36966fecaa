// The dashboard page's script: polls /_local/dashboard/data once a second and redraws the
// widgets of the chosen dashboard on CloudWatch's 24-column grid, with Chart.js for graphs.
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const charts = new Map();
const seenChanges = new Set();
let layoutKey = '';

function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** The Markdown subset text widgets use: headings, bullet lists, bold, italic, code. */
function markdown(text) {
  const inline = (line) =>
    escapeHtml(line)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>');
  const out = [];
  let list = false;
  for (const line of text.split('\n')) {
    const bullet = /^[*-] (.*)$/.exec(line);
    if (bullet && !list) out.push('<ul>');
    if (!bullet && list) out.push('</ul>');
    list = Boolean(bullet);
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (bullet) out.push(`<li>${inline(bullet[1])}</li>`);
    else if (heading) out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('');
}

function time(millis) {
  return new Date(millis).toISOString().slice(11, 19);
}

function build(grid, dashboard) {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  grid.replaceChildren();
  dashboard.widgets.forEach((widget, index) => {
    const element = document.createElement('section');
    element.className = 'widget';
    element.dataset.widgetType = widget.type;
    element.dataset.view = widget.view;
    element.dataset.title = widget.title;
    element.style.gridColumn = `${widget.x + 1} / span ${widget.width}`;
    element.style.gridRow = `${widget.y + 1} / span ${widget.height}`;
    const body = document.createElement('div');
    body.className = 'body';
    if (widget.type !== 'text') {
      const title = document.createElement('h2');
      title.textContent = widget.title;
      element.append(title);
    } else {
      body.innerHTML = markdown(widget.markdown);
    }
    element.append(body);
    grid.append(element);
    if (widget.type === 'metric' && widget.view !== 'singleValue') {
      const canvas = document.createElement('canvas');
      body.append(canvas);
      charts.set(index, newChart(canvas));
    }
  });
}

function newChart(canvas) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      elements: { point: { radius: 1.5 } },
      scales: { y: { beginAtZero: true } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } } },
    },
  });
}

function update(element, widget, chart) {
  const points = widget.lines.reduce(
    (total, line) => total + line.values.filter((v) => v !== null).length,
    0,
  );
  element.dataset.points = String(points);
  const body = element.querySelector('.body');
  if (widget.type === 'alarm') {
    body.innerHTML = `<div class="alarms">${widget.alarms
      .map(
        (a) =>
          `<div class="alarm" data-alarm-name="${escapeHtml(a.name)}" data-state="${a.state}" title="${escapeHtml(`${a.state}: ${a.reason}`)}">${escapeHtml(a.name)}</div>`,
      )
      .join('')}</div>`;
  } else if (widget.type === 'metric' && widget.view === 'singleValue') {
    body.innerHTML = `<div class="single">${widget.lines
      .map((line) => {
        const last = [...line.values].reverse().find((v) => v !== null);
        return `<div>${last === undefined ? '-' : Number(last.toFixed(2))}<small>${escapeHtml(line.label)}</small></div>`;
      })
      .join('')}</div>`;
  } else if (chart) {
    chart.data.labels = widget.timestampsMillis.map(time);
    const lines = widget.lines.map((line, index) => ({
      label: line.label,
      data: line.values,
      borderColor: COLORS[index % COLORS.length],
      backgroundColor: COLORS[index % COLORS.length],
      borderWidth: 1.5,
    }));
    const annotations = widget.horizontalAnnotations.map((a) => ({
      label: a.label,
      data: widget.timestampsMillis.map(() => a.value),
      borderColor: '#d62728',
      borderDash: [4, 4],
      borderWidth: 1,
      pointRadius: 0,
    }));
    chart.data.datasets = [...lines, ...annotations];
    chart.update();
  }
}

function showChanges(alarms) {
  const list = document.getElementById('changes');
  const changed = alarms
    // Leaving INSUFFICIENT_DATA for OK is what every alarm does at start-up: not news.
    .filter((a) => !(a.previousState === 'INSUFFICIENT_DATA' && a.state !== 'ALARM'))
    .filter((a) => !seenChanges.has(`${a.arn}@${a.updatedAtMillis}`))
    .sort((a, b) => a.updatedAtMillis - b.updatedAtMillis);
  for (const a of changed) {
    seenChanges.add(`${a.arn}@${a.updatedAtMillis}`);
    const item = document.createElement('li');
    item.dataset.alarmName = a.name;
    item.dataset.state = a.state;
    item.innerHTML = `${time(a.updatedAtMillis)} ${a.previousState} -> <span class="state-${a.state}">${a.state}</span> ${escapeHtml(a.name)}<br><small>${escapeHtml(a.reason)}</small>`;
    list.prepend(item);
  }
}

async function refresh() {
  const response = await fetch('/_local/dashboard/data');
  const data = await response.json();
  const select = document.getElementById('dashboards');
  if (select.options.length !== data.dashboards.length) {
    select.replaceChildren(...data.dashboards.map((d) => new Option(d.name, d.name)));
  }
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted !== '' && select.value !== wanted && data.dashboards.some((d) => d.name === wanted)) {
    select.value = wanted;
  }
  const dashboard = data.dashboards.find((d) => d.name === select.value) ?? data.dashboards[0];
  const banner = document.getElementById('banner');
  banner.classList.toggle('shown', data.periodScale < 1);
  banner.textContent = `Fast alarms: every period is shortened ${Math.round(1 / data.periodScale)} times (a 60 s period lasts ${60 * data.periodScale} s). Alarms and graphs here change faster than on AWS.`;
  document.getElementById('clock').textContent = `${time(data.nowMillis)} UTC`;
  showChanges(data.alarms);
  if (!dashboard) return;
  const grid = document.getElementById('grid');
  const key = `${dashboard.name}/${dashboard.widgets.length}`;
  if (key !== layoutKey) {
    build(grid, dashboard);
    layoutKey = key;
  }
  dashboard.widgets.forEach((widget, index) => {
    update(grid.children[index], widget, charts.get(index));
  });
}

async function loop() {
  try {
    await refresh();
  } catch (error) {
    document.getElementById('clock').textContent =
      `cannot reach the local cloud (${error}); is it still running?`;
  }
  setTimeout(loop, 1000);
}
// The hash names the dashboard shown (/_local/dashboard#name), so a link opens the right one.
document.getElementById('dashboards').addEventListener('change', (event) => {
  location.hash = encodeURIComponent(event.target.value);
});
loop();
