"use strict";
(() => {
  // core/format.ts
  var UNKNOWN = "\u2014";
  function formatDuration(ms) {
    if (!Number.isFinite(ms)) return UNKNOWN;
    const sign = ms < 0 ? "-" : "";
    const abs = Math.abs(ms);
    if (Math.round(abs) === 0) return "0s";
    if (Math.round(abs) < 1e3) return `${sign}${Math.round(abs)}ms`;
    const tenths = Math.round(abs / 100) / 10;
    if (tenths < 10) return `${sign}${tenths}s`;
    const seconds = Math.round(abs / 1e3);
    if (seconds < 60) return `${sign}${seconds}s`;
    if (seconds < 3600) {
      const s = seconds % 60;
      return `${sign}${Math.floor(seconds / 60)}m${s ? `${s}s` : ""}`;
    }
    const minutes = Math.round(abs / 6e4);
    const m = minutes % 60;
    return `${sign}${Math.floor(minutes / 60)}h${m ? `${m}m` : ""}`;
  }
  function formatClock(ms) {
    if (!Number.isFinite(ms)) return UNKNOWN;
    const total = Math.round(Math.max(0, ms) / 1e3);
    const h = Math.floor(total / 3600);
    const m = Math.floor(total % 3600 / 60);
    const ss = String(total % 60).padStart(2, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
  }
  function formatCpus(cores) {
    if (!Number.isFinite(cores)) return UNKNOWN;
    return String(Math.round(cores * 1e3) / 1e3 + 0);
  }
  function formatCpuCount(cores) {
    const text = formatCpus(cores);
    return `${text} ${text === "1" ? "cpu" : "cpus"}`;
  }
  var BINARY = [
    ["Ti", 2 ** 40],
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10]
  ];
  var DECIMAL = [
    ["T", 1e12],
    ["G", 1e9],
    ["M", 1e6],
    ["k", 1e3]
  ];
  function formatBytes(bytes) {
    if (!Number.isFinite(bytes)) return UNKNOWN;
    const sign = bytes < 0 ? "-" : "";
    const b = Math.round(Math.abs(bytes));
    if (b < 1024) return `${sign}${b}`;
    const u = BINARY.findIndex(([, size2]) => b >= size2);
    const [suffix, size] = BINARY[u];
    const hundredths = b / size * 100;
    if (Math.abs(hundredths - Math.round(hundredths)) < 1e-6) return `${sign}${Math.round(hundredths) / 100}${suffix}`;
    for (const [dSuffix, dSize] of DECIMAL) if (b >= dSize && b % dSize === 0) return `${sign}${b / dSize}${dSuffix}`;
    const value = b / size;
    const digits = value < 10 ? 100 : value < 100 ? 10 : 1;
    const rounded = Math.round(value * digits) / digits;
    if (rounded >= 1024 && u > 0) return `${sign}1${BINARY[u - 1][0]}`;
    return `${sign}${rounded}${suffix}`;
  }
  function finiteParallel(capacity) {
    const p = capacity.parallel;
    return typeof p === "number" && Number.isFinite(p) ? p : void 0;
  }
  function formatCapacity(capacity) {
    const parallel = finiteParallel(capacity);
    const containers = parallel === void 0 ? "" : `, ${parallel} ${parallel === 1 ? "container" : "containers"}`;
    return `${formatCpuCount(capacity.cpus)}, ${formatBytes(capacity.memory)} memory${containers}`;
  }

  // extension/src/client/webview/layout.ts
  function layoutDag(input, options = {}) {
    const nodeWidth = options.nodeWidth ?? 152;
    const nodeHeight = options.nodeHeight ?? 28;
    const layerGap = options.layerGap ?? 56;
    const nodeGap = options.nodeGap ?? 12;
    const sweeps = options.sweeps ?? 12;
    const layerOf = longestPathLayers(input);
    const vertices = /* @__PURE__ */ new Map();
    for (const node of input) {
      if (vertices.has(node.id)) continue;
      vertices.set(node.id, { id: node.id, real: true, layer: layerOf.get(node.id) ?? 0, height: nodeHeight, preds: [], succs: [], pos: 0, y: 0 });
    }
    let layerCount = 0;
    for (const v of vertices.values()) layerCount = Math.max(layerCount, v.layer + 1);
    const layers = Array.from({ length: layerCount }, () => []);
    for (const v of vertices.values()) layers[v.layer].push(v);
    const chains = [];
    const seen = /* @__PURE__ */ new Set();
    for (const node of input) {
      const target = vertices.get(node.id);
      for (const need of node.needs) {
        const source = vertices.get(need);
        const key = `${need}\0${node.id}`;
        if (!source || source === target || seen.has(key) || source.layer >= target.layer) continue;
        seen.add(key);
        const path = [source];
        for (let layer = source.layer + 1; layer < target.layer; layer++) {
          const dummy = { id: `${key}\0${layer}`, real: false, layer, height: 0, preds: [], succs: [], pos: 0, y: 0 };
          layers[layer].push(dummy);
          path.push(dummy);
        }
        path.push(target);
        for (let i = 1; i < path.length; i++) {
          path[i - 1].succs.push(path[i]);
          path[i].preds.push(path[i - 1]);
        }
        chains.push({ from: need, to: node.id, path });
      }
    }
    const crossings = reduceCrossings(layers, sweeps);
    placeVertically(layers, nodeGap);
    const pitch = nodeWidth + layerGap;
    const nodes = [];
    for (const layer of layers) {
      for (const v of layer) {
        if (v.real) nodes.push({ id: v.id, layer: v.layer, order: v.pos, x: v.layer * pitch, y: v.y - v.height / 2, width: nodeWidth, height: v.height });
      }
    }
    const edges = chains.map(({ from, to, path }) => ({
      from,
      to,
      points: path.map((v, i) => {
        const left = v.layer * pitch;
        if (!v.real) return { x: left + nodeWidth / 2, y: v.y };
        return { x: i === 0 ? left + nodeWidth : left, y: v.y };
      })
    }));
    const height = layers.flat().reduce((max, v) => Math.max(max, v.y + v.height / 2), 0);
    return {
      nodes,
      edges,
      layers: layers.map((layer) => layer.filter((v) => v.real).map((v) => v.id)),
      width: layerCount === 0 ? 0 : layerCount * pitch - layerGap,
      height,
      crossings
    };
  }
  function longestPathLayers(input) {
    const needsOf = /* @__PURE__ */ new Map();
    for (const node of input) if (!needsOf.has(node.id)) needsOf.set(node.id, node.needs);
    const layer = /* @__PURE__ */ new Map();
    const onPath = /* @__PURE__ */ new Set();
    for (const root of needsOf.keys()) {
      if (layer.has(root)) continue;
      const stack = [{ id: root, next: 0 }];
      onPath.add(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const needs = needsOf.get(top.id);
        if (top.next < needs.length) {
          const need = needs[top.next++];
          if (needsOf.has(need) && !layer.has(need) && !onPath.has(need)) {
            onPath.add(need);
            stack.push({ id: need, next: 0 });
          }
          continue;
        }
        let depth = 0;
        for (const need of needs) {
          const l = layer.get(need);
          if (l !== void 0) depth = Math.max(depth, l + 1);
        }
        layer.set(top.id, depth);
        onPath.delete(top.id);
        stack.pop();
      }
    }
    return layer;
  }
  function reduceCrossings(layers, sweeps) {
    const renumber = (layer) => layer.forEach((v, i) => v.pos = i);
    layers.forEach(renumber);
    let best = layers.map((layer) => [...layer]);
    let bestCrossings = totalCrossings(layers);
    for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
      for (let i = 1; i < layers.length; i++) orderByBarycentre(layers[i], (v) => v.preds);
      for (let i = layers.length - 2; i >= 0; i--) orderByBarycentre(layers[i], (v) => v.succs);
      const crossings = totalCrossings(layers);
      if (crossings < bestCrossings) {
        bestCrossings = crossings;
        best = layers.map((layer) => [...layer]);
      }
    }
    best.forEach((layer, i) => {
      layers[i] = layer;
      renumber(layer);
    });
    return bestCrossings;
  }
  function orderByBarycentre(layer, neighbours) {
    const keyed = layer.map((v) => {
      const ns = neighbours(v);
      return { v, key: ns.length === 0 ? v.pos : ns.reduce((sum, n) => sum + n.pos, 0) / ns.length };
    });
    keyed.sort((a, b) => a.key - b.key || a.v.pos - b.v.pos);
    keyed.forEach(({ v }, i) => {
      layer[i] = v;
      v.pos = i;
    });
  }
  function totalCrossings(layers) {
    let total = 0;
    for (let i = 0; i + 1 < layers.length; i++) total += crossingsBetween(layers[i]);
    return total;
  }
  function crossingsBetween(upper) {
    const ends = [];
    let size = 0;
    for (const v of [...upper].sort((a, b) => a.pos - b.pos)) {
      const lower = v.succs.map((s) => s.pos).sort((a, b) => a - b);
      ends.push(...lower);
      for (const p of lower) size = Math.max(size, p + 1);
    }
    const tree = new Array(size + 1).fill(0);
    let crossings = 0;
    let inserted = 0;
    for (const end of ends) {
      let atOrAbove = 0;
      for (let i = end + 1; i > 0; i -= i & -i) atOrAbove += tree[i];
      crossings += inserted - atOrAbove;
      for (let i = end + 1; i <= size; i += i & -i) tree[i]++;
      inserted++;
    }
    return crossings;
  }
  function placeVertically(layers, gap) {
    const separation = (a, b) => (a.height + b.height) / 2 + gap;
    for (const layer of layers) {
      let y = 0;
      layer.forEach((v, i) => {
        y = i === 0 ? v.height / 2 : y + separation(layer[i - 1], v);
        v.y = y;
      });
    }
    for (let round = 0; round < 4; round++) {
      for (const layer of round % 2 === 0 ? layers : [...layers].reverse()) {
        const desired = layer.map((v) => {
          const ns = [...v.preds, ...v.succs];
          return ns.length === 0 ? v.y : ns.reduce((sum, n) => sum + n.y, 0) / ns.length;
        });
        packLayer(layer, desired, separation);
      }
    }
    for (const layer of layers) {
      layer.forEach((v, i) => v.y = i === 0 ? Math.round(v.y) : Math.max(Math.round(v.y), layer[i - 1].y + separation(layer[i - 1], v)));
    }
    const top = layers.flat().reduce((min, v) => Math.min(min, v.y - v.height / 2), Infinity);
    for (const v of layers.flat()) v.y -= top;
  }
  function packLayer(layer, desired, separation) {
    if (layer.length === 0) return;
    layer.forEach((v, i) => v.y = i === 0 ? desired[0] : Math.max(desired[i], layer[i - 1].y + separation(layer[i - 1], v)));
    const overshoot = layer.reduce((sum, v, i) => sum + (v.y - desired[i]), 0) / layer.length;
    for (let i = layer.length - 1; i >= 0; i--) {
      const v = layer[i];
      const wish = v.y - overshoot;
      v.y = i === layer.length - 1 ? wish : Math.min(wish, layer[i + 1].y - separation(v, layer[i + 1]));
    }
  }
  function edgePath(points) {
    if (points.length === 0) return "";
    const r = (n) => Math.round(n * 10) / 10;
    let d = `M${r(points[0].x)},${r(points[0].y)}`;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      const mx = (a.x + b.x) / 2;
      d += ` C${r(mx)},${r(a.y)} ${r(mx)},${r(b.y)} ${r(b.x)},${r(b.y)}`;
    }
    return d;
  }
  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600].map((s) => s * 1e3);
  function timeTicks(end, count = 8) {
    if (!(end > 0)) return [0];
    const step = STEPS.find((s) => end / s <= count) ?? Math.ceil(end / count / 36e5) * 36e5;
    const ticks = [];
    for (let t = 0; t <= end + 1e-9; t += step) ticks.push(t);
    return ticks;
  }

  // extension/src/client/webview/svg.ts
  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs = {}, children = []) {
    const node = document.createElementNS(SVG_NS, tag);
    return fill(node, attrs, children);
  }
  function html(tag, attrs = {}, children = []) {
    return fill(document.createElement(tag), attrs, children);
  }
  function fill(node, attrs, children) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== void 0) node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === void 0 || child === false) continue;
      node.append(child);
    }
    return node;
  }
  function tooltip(text) {
    return svg("title", {}, [text]);
  }
  function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}\u2026`;
  }

  // extension/src/client/webview/render-dag.ts
  var NODE_WIDTH = 160;
  var NODE_HEIGHT = 38;
  var MARGIN = 8;
  var MIN_SCALE = 0.65;
  function renderDag(data, available, units, onActivate) {
    const layout = layoutDag(data.units, { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT });
    const byId = new Map(data.units.map((u) => [u.id, u]));
    const criticalEdges = /* @__PURE__ */ new Set();
    const path = data.criticalPath ?? [];
    for (let i = 1; i < path.length; i++) criticalEdges.add(`${path[i - 1]}\0${path[i]}`);
    const width = layout.width + 2 * MARGIN;
    const height = layout.height + 2 * MARGIN;
    const scale = Math.min(1, Math.max(MIN_SCALE, available / width));
    const root = svg("svg", { class: "dag", width: Math.round(width * scale), height: Math.round(height * scale), viewBox: `${-MARGIN} ${-MARGIN} ${width} ${height}`, role: "group", "aria-label": "Tasks and their needs" });
    root.append(
      svg("defs", {}, [
        svg("marker", { id: "arrow", viewBox: "0 0 8 8", refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, [svg("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" })]),
        svg("marker", { id: "arrow-critical", viewBox: "0 0 8 8", refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, [svg("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead critical" })])
      ])
    );
    const edges = svg("g", { class: "edges" });
    for (const edge of layout.edges) {
      const critical = criticalEdges.has(`${edge.from}\0${edge.to}`);
      edges.append(svg("path", { d: edgePath(edge.points), class: critical ? "edge critical" : "edge", "marker-end": critical ? "url(#arrow-critical)" : "url(#arrow)" }));
    }
    root.append(edges);
    const nodes = svg("g", { class: "nodes" });
    for (const node of layout.nodes) {
      const unit = byId.get(node.id);
      const g = svg("g", {
        class: `node ${unit.kind}${unit.critical ? " critical" : ""}`,
        transform: `translate(${node.x},${node.y})`,
        tabindex: 0,
        role: "button",
        "data-id": unit.id,
        "aria-label": `${unit.id}: ${describe(unit)}. Press Enter to show its definition.`
      }, [
        tooltip(`${unit.id} (${unit.kind})
${describe(unit)}`),
        svg("rect", { width: node.width, height: node.height, rx: 4 }),
        svg("text", { x: 8, y: 15, class: "label" }, [truncate(unit.id, 21)]),
        svg("text", { x: 8, y: 30, class: "detail" }, [`${formatClock(unit.start)} \xB7 ${formatDuration(unit.end - unit.start)}${unit.critical ? " \xB7 critical" : ""}`])
      ]);
      units.add(unit.id, g);
      nodes.append(g);
    }
    root.append(nodes);
    wireActivation(nodes, onActivate);
    return root;
  }
  function describe(unit) {
    const timing = `starts ${formatClock(unit.start)}, ends ${formatClock(unit.end)} (${formatDuration(unit.end - unit.start)})`;
    const slack = unit.critical ? "on the critical path" : `slack ${formatDuration(unit.slack)}`;
    return `${timing}, ${slack}`;
  }
  function wireActivation(container, onActivate) {
    const idOf = (target) => target instanceof Element ? target.closest("[data-id]")?.getAttribute("data-id") : null;
    container.addEventListener("click", (event) => {
      const id = idOf(event.target);
      if (id) onActivate(id);
    });
    container.addEventListener("keydown", (event) => {
      const key = event.key;
      if (key !== "Enter" && key !== " ") return;
      const id = idOf(event.target);
      if (!id) return;
      event.preventDefault();
      onActivate(id);
    });
  }

  // extension/src/client/webview/render-gantt.ts
  var LABEL_WIDTH = 168;
  var ROW = 22;
  var BAR = 14;
  var AXIS = 22;
  var RIGHT = 16;
  var CHART = 64;
  function timeAxis(data, width) {
    const end = data.units.reduce((max, u) => Math.max(max, u.end + (u.critical ? 0 : u.slack)), Math.max(1, data.makespan ?? 0));
    const span = Math.max(80, width - LABEL_WIDTH - RIGHT);
    return { x: (t) => LABEL_WIDTH + t / end * span, end, width: LABEL_WIDTH + span + RIGHT };
  }
  function renderGantt(data, axis, units, onActivate) {
    const rows = [...data.units].sort((a, b) => a.start - b.start || a.end - b.end);
    const height = AXIS + rows.length * ROW + 4;
    const root = svg("svg", { class: "gantt", width: axis.width, height, role: "group", "aria-label": "Predicted schedule" });
    root.append(grid(axis, height, true));
    const bars = svg("g", { class: "rows" });
    rows.forEach((unit, i) => {
      const top = AXIS + i * ROW;
      const x0 = axis.x(unit.start);
      const x1 = Math.max(x0 + 2, axis.x(unit.end));
      const row = svg("g", { class: `row ${unit.kind}${unit.critical ? " critical" : ""}`, tabindex: 0, role: "button", "data-id": unit.id, "aria-label": `${unit.id}: ${describe(unit)}` }, [
        tooltip(`${unit.id} (${unit.kind})
${describe(unit)}
${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} memory`),
        svg("rect", { class: "row-band", x: 0, y: top, width: axis.width, height: ROW }),
        svg("text", { class: "label", x: 8, y: top + ROW / 2 + 4 }, [truncate(unit.id, 24)]),
        !unit.critical && unit.slack > 0 && svg("line", { class: "slack", x1, x2: axis.x(unit.end + unit.slack), y1: top + ROW / 2, y2: top + ROW / 2 }),
        svg("rect", { class: "bar", x: x0, y: top + (ROW - BAR) / 2, width: x1 - x0, height: BAR, rx: 3 })
      ]);
      units.add(unit.id, row);
      bars.append(row);
    });
    root.append(bars);
    wireActivation(bars, onActivate);
    return root;
  }
  function renderUsage(data, axis, resource) {
    const capacity = data.capacity?.[resource] ?? 0;
    const peak = data.profile.reduce((max, p) => Math.max(max, p[resource]), 0);
    const top = Math.max(capacity, peak, 1e-9);
    const format = resource === "cpus" ? formatCpus : formatBytes;
    const y = (v) => 6 + (1 - v / top) * (CHART - 12);
    const points = [...data.profile].sort((a, b) => a.t - b.t);
    let d = `M${axis.x(0)},${y(0)}`;
    let level = 0;
    for (const p of points) {
      d += ` H${axis.x(p.t)} V${y(p[resource])}`;
      level = p[resource];
    }
    d += ` H${axis.x(data.makespan ?? axis.end)} V${y(0)}`;
    if (level !== 0) d += " Z";
    const name = resource === "cpus" ? "CPUs" : "Memory";
    const root = svg("svg", { class: `usage ${resource}`, width: axis.width, height: CHART, role: "img", "aria-label": `${name} in use over time: peak ${format(peak)} of ${format(capacity)}` });
    root.append(
      grid(axis, CHART, false),
      svg("text", { class: "label", x: 8, y: 20 }, [name]),
      svg("text", { class: "detail", x: 8, y: 36 }, [`peak ${format(peak)} of ${format(capacity)}`]),
      svg("path", { class: "area", d })
    );
    if (capacity > 0) {
      root.append(svg("line", { class: "capacity", x1: axis.x(0), x2: axis.x(axis.end), y1: y(capacity), y2: y(capacity) }, [tooltip(`capacity: ${format(capacity)}`)]));
    }
    return root;
  }
  function grid(axis, height, labels) {
    const g = svg("g", { class: "grid" });
    for (const t of timeTicks(axis.end)) {
      const x = axis.x(t);
      g.append(svg("line", { x1: x, x2: x, y1: labels ? AXIS - 4 : 0, y2: height }));
      if (labels) g.append(svg("text", { x, y: AXIS - 8, "text-anchor": t === 0 ? "start" : "middle" }, [formatClock(t)]));
    }
    return g;
  }

  // extension/src/client/webview/units.ts
  var UnitElements = class {
    byId = /* @__PURE__ */ new Map();
    add(id, element) {
      const list = this.byId.get(id);
      if (list) list.push(element);
      else this.byId.set(id, [element]);
    }
    /** Sets `className` on the elements of `ids` and removes it from all others. */
    mark(className, ids) {
      const wanted = new Set(ids);
      for (const [id, elements] of this.byId) {
        for (const element of elements) element.classList.toggle(className, wanted.has(id));
      }
    }
    first(id) {
      return this.byId.get(id)?.[0];
    }
  };

  // extension/src/client/webview/render.ts
  function render(root, data, on) {
    const units = new UnitElements();
    const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf("/") + 1));
    if (data.errors > 0) {
      const stale = data.stale !== void 0 && data.units.length > 0;
      const problems = renderProblems(data, name, on, stale ? void 0 : "The schedule is shown once the file has no errors.");
      if (!stale) {
        root.replaceChildren(problems);
        return { units };
      }
      root.replaceChildren(
        problems,
        html("div", { class: "stale" }, [
          html("p", { class: "stale-marker", role: "note" }, [
            html("strong", {}, ["Stale:"]),
            " the schedule below is from before the current problems. It is redrawn once they are fixed."
          ]),
          html("div", { class: "stale-schedule" }, renderSchedule(root, data, name, units, on))
        ])
      );
      return { units };
    }
    if (data.units.length === 0) {
      root.replaceChildren(html("p", { class: "status" }, [`${name} has no tasks yet.`]));
      return { units };
    }
    root.replaceChildren(...renderSchedule(root, data, name, units, on));
    return { units };
  }
  function renderProblems(data, name, on, hint) {
    const count = `${data.errors} ${data.errors === 1 ? "problem" : "problems"}`;
    const problems = data.problems ?? [];
    const more = data.moreProblems ?? 0;
    return html("section", { class: "problems", role: "alert" }, [
      html("h1", {}, [`${name}: ${count}`]),
      problems.length > 0 ? html(
        "ol",
        { class: "problem-list", "aria-label": "Problems" },
        problems.map((problem) => {
          const { line, character } = problem.range.start;
          const where = `${line + 1}:${character + 1}`;
          const button = html("button", { type: "button", class: `problem ${problem.severity}`, title: `Go to line ${line + 1}, column ${character + 1}` }, [
            html("span", { class: "where" }, [where]),
            html("span", { class: "severity" }, [problem.severity]),
            html("span", { class: "text" }, [problem.message]),
            html("span", { class: "code" }, [problem.code])
          ]);
          button.addEventListener("click", () => on.problem(problem.range));
          return html("li", {}, [button]);
        })
      ) : data.message && html("p", { class: "message" }, [data.message]),
      more > 0 && html("p", { class: "more" }, [`and ${more} more \u2014 see the Problems panel`]),
      hint && html("p", { class: "hint" }, [hint])
    ]);
  }
  function renderSchedule(root, data, name, units, on) {
    const axis = timeAxis(data, Math.max(480, root.clientWidth));
    const critical = data.criticalPath ?? data.units.filter((u) => u.critical).map((u) => u.id);
    const capacity = data.capacity;
    return [
      html("header", { class: "summary" }, [
        html("h1", {}, [name]),
        html("p", {}, [
          html("span", { class: "figure" }, [`${formatClock(data.makespan ?? 0)}`]),
          " predicted",
          data.lowerBound !== void 0 && ` \xB7 lower bound ${formatClock(data.lowerBound)}`,
          ` \xB7 ${data.units.length} ${data.units.length === 1 ? "unit" : "units"}`,
          capacity && ` \xB7 capacity ${formatCapacity(capacity)}`
        ]),
        critical.length > 0 && html("p", { class: "critical-path" }, [html("span", { class: "swatch critical" }), ` critical path: ${critical.join(" \u2192 ")}`])
      ]),
      html("section", { class: "dag-section", "aria-label": "Tasks and needs" }, [html("h2", {}, ["Tasks and needs"]), html("div", { class: "scroll" }, [renderDag(data, root.clientWidth, units, on.unit)])]),
      html("section", { class: "gantt-section", "aria-label": "Predicted schedule" }, [
        html("h2", {}, ["Predicted schedule"]),
        renderGantt(data, axis, units, on.unit),
        renderUsage(data, axis, "cpus"),
        renderUsage(data, axis, "memory")
      ])
    ];
  }

  // extension/src/client/webview/main.ts
  function start() {
    const vscode = acquireVsCodeApi();
    const root = document.getElementById("root");
    let data = vscode.getState()?.data;
    let highlighted = [];
    let rendered;
    const handlers = {
      unit: (id) => vscode.postMessage({ type: "reveal", id }),
      problem: (range) => vscode.postMessage({ type: "reveal", range })
    };
    const draw = () => {
      if (!data) return;
      rendered = render(root, data, handlers);
      rendered.units.mark("highlight", highlighted);
      document.body.dataset.state = data.errors === 0 ? "schedule" : data.stale && data.units.length > 0 ? "stale" : "problems";
    };
    window.addEventListener("message", (event) => {
      const message = event.data;
      if (message.type === "data") {
        data = message.data;
        vscode.setState({ uri: data.uri, data });
        draw();
      } else if (message.type === "highlight") {
        highlighted = message.ids;
        rendered?.units.mark("highlight", highlighted);
        const first = highlighted[0] && rendered?.units.first(highlighted[0]);
        if (first) first.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    });
    root.addEventListener("mouseover", (event) => {
      const id = event.target instanceof Element ? event.target.closest("[data-id]")?.getAttribute("data-id") : void 0;
      rendered?.units.mark("related", id ? [id] : []);
    });
    let width = root.clientWidth;
    new ResizeObserver(() => {
      if (Math.abs(root.clientWidth - width) < 8) return;
      width = root.clientWidth;
      draw();
    }).observe(root);
    draw();
    vscode.postMessage({ type: "ready" });
  }
  start();
})();
