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

  // extension/src/client/webview/nodes.ts
  var NODE_COLOURS = 6;
  function nodeLabels(data) {
    const nodes = data.nodes;
    if (!nodes || nodes.length < 2) return void 0;
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const name = (id) => byId.get(id)?.name ?? id;
    return {
      name,
      colour: (id) => `node-${(index.get(id) ?? 0) % NODE_COLOURS}`,
      describe: (unit) => unit.node === void 0 ? void 0 : `node: ${name(unit.node)}${unit.pinned !== void 0 ? ` (pinned: ${unit.pinned})` : ""}`
    };
  }
  function nodesOf(units) {
    const seen = /* @__PURE__ */ new Set();
    for (const unit of units) if (unit.node !== void 0) seen.add(unit.node);
    if (seen.size === 0) return void 0;
    return seen.size === 1 ? { node: [...seen][0] } : { count: seen.size };
  }

  // extension/src/client/webview/layout.ts
  function layoutDag(input, options = {}) {
    const steps = layoutSteps(input, options);
    for (; ; ) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }
  function layoutDagInSlices(input, options = {}, sliceMs = 16, cancelled = () => false) {
    const steps = layoutSteps(input, options);
    return new Promise((resolve, reject) => {
      const slice = () => {
        if (cancelled()) return resolve(void 0);
        try {
          const until = performance.now() + sliceMs;
          for (; ; ) {
            const step = steps.next();
            if (step.done) return resolve(step.value);
            if (performance.now() >= until) break;
          }
        } catch (error) {
          return reject(error);
        }
        setTimeout(slice, 0);
      };
      slice();
    });
  }
  function* layoutSteps(input, options) {
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
    yield;
    const crossings = yield* reduceCrossings(layers, sweeps);
    yield* placeVertically(layers, nodeGap);
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
  function* reduceCrossings(layers, sweeps) {
    const renumber = (layer) => layer.forEach((v, i) => v.pos = i);
    layers.forEach(renumber);
    let best = layers.map((layer) => [...layer]);
    let bestCrossings = yield* totalCrossings(layers);
    let stalled = 0;
    for (let sweep = 0; sweep < sweeps && bestCrossings > 0 && stalled < 3; sweep++) {
      for (let i = 1; i < layers.length; i++) {
        orderByBarycentre(layers[i], (v) => v.preds);
        yield;
      }
      for (let i = layers.length - 2; i >= 0; i--) {
        orderByBarycentre(layers[i], (v) => v.succs);
        yield;
      }
      const crossings = yield* totalCrossings(layers);
      if (crossings < bestCrossings) {
        bestCrossings = crossings;
        best = layers.map((layer) => [...layer]);
        stalled = 0;
      } else stalled++;
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
  function* totalCrossings(layers) {
    let total = 0;
    for (let i = 0; i + 1 < layers.length; i++) {
      total += crossingsBetween(layers[i]);
      yield;
    }
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
  function* placeVertically(layers, gap) {
    const separation = (a, b) => (a.height + b.height) / 2 + gap;
    for (const layer of layers) {
      let y = 0;
      layer.forEach((v, i) => {
        y = i === 0 ? v.height / 2 : y + separation(layer[i - 1], v);
        v.y = y;
      });
    }
    for (let round2 = 0; round2 < 4; round2++) {
      for (const layer of round2 % 2 === 0 ? layers : [...layers].reverse()) {
        const desired = layer.map((v) => {
          const ns = [...v.preds, ...v.succs];
          return ns.length === 0 ? v.y : ns.reduce((sum, n) => sum + n.y, 0) / ns.length;
        });
        packLayer(layer, desired, separation);
        yield;
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
  var READABLE = 0.65;
  var MIN_SCALE = 0.15;
  var MAX_SCALE = 2;
  var DETAILED = 0.45;
  var TEXTLESS = 0.3;
  var OVERDRAW = 160;
  function renderDag(data, layout, available, units, onActivate, initial) {
    const byId = new Map(data.units.map((u) => [u.id, u]));
    const nodes = nodeLabels(data);
    const criticalEdges = /* @__PURE__ */ new Set();
    const path = data.criticalPath ?? [];
    for (let i = 1; i < path.length; i++) criticalEdges.add(`${path[i - 1]}\0${path[i]}`);
    const nodeAt = new Map(layout.nodes.map((n) => [n.id, n]));
    const edgeBoxes = layout.edges.map((edge) => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const p of edge.points) {
        x0 = Math.min(x0, p.x);
        y0 = Math.min(y0, p.y);
        x1 = Math.max(x1, p.x);
        y1 = Math.max(y1, p.y);
      }
      return { x0, y0, x1, y1 };
    });
    const graphWidth = layout.width + 2 * MARGIN;
    const graphHeight = layout.height + 2 * MARGIN;
    const width = Math.max(240, Math.floor(available.width));
    const fit = Math.min(width / graphWidth, available.height / graphHeight);
    const minScale = Math.min(1, Math.max(MIN_SCALE, fit));
    let view = initial ? { ...initial, scale: clamp(initial.scale, minScale, MAX_SCALE) } : { x: -MARGIN, y: -MARGIN, scale: Math.min(1, Math.max(READABLE, width / graphWidth)) };
    const height = Math.max(120, Math.min(Math.ceil(graphHeight * view.scale), Math.floor(available.height)));
    if (!initial && !fitsAt(view.scale)) {
      const start2 = nodeAt.get(path[0] ?? "") ?? layout.nodes[0];
      if (start2) view = { ...view, y: Math.max(-MARGIN, start2.y + start2.height / 2 - height / 2 / view.scale) };
    }
    function fitsAt(scale) {
      return graphWidth * scale <= width + 1 && graphHeight * scale <= Math.floor(available.height) + 1;
    }
    const fits = () => graphWidth * view.scale <= width + 1 && graphHeight * view.scale <= height + 1;
    const root = svg("svg", { class: "dag", width, height, role: "group", "aria-label": "Tasks and their needs" });
    root.append(
      svg("defs", {}, [
        svg("marker", { id: "arrow", viewBox: "0 0 8 8", refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, [svg("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" })]),
        svg("marker", { id: "arrow-critical", viewBox: "0 0 8 8", refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, [svg("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead critical" })])
      ])
    );
    const edgesLayer = svg("g", { class: "edges" });
    const nodesLayer = svg("g", { class: "nodes" });
    root.append(edgesLayer, nodesLayer);
    const zoomLabel = html("span", { class: "zoom-level", "aria-live": "polite" });
    const button = (label, title, action) => {
      const b = html("button", { type: "button", class: "zoom-button", title, "aria-label": title }, [label]);
      b.addEventListener("click", action);
      return b;
    };
    const controls = html("div", { class: "dag-controls" }, [
      button("\u2212", "Zoom out (Ctrl+wheel, \u2212)", () => zoomBy(1 / 1.25)),
      zoomLabel,
      button("+", "Zoom in (Ctrl+wheel, +)", () => zoomBy(1.25)),
      button("Fit", "Show the whole graph", () => setView({ x: -MARGIN, y: -MARGIN, scale: minScale })),
      html("span", { class: "hint" }, [`${layout.nodes.length} units \xB7 drag or wheel to pan`])
    ]);
    const viewport = html("div", { class: "dag-viewport", tabindex: 0, "aria-label": "The graph: arrow keys pan, + and \u2212 zoom" }, [root]);
    const element = html("div", { class: "dag-view" }, [controls, viewport]);
    let keep;
    let drawnDetail = -1;
    const drawnNodes = /* @__PURE__ */ new Map();
    const drawnEdges = /* @__PURE__ */ new Map();
    function draw() {
      const w = width / view.scale;
      const h = height / view.scale;
      root.setAttribute("viewBox", `${round(view.x)} ${round(view.y)} ${round(w)} ${round(h)}`);
      zoomLabel.textContent = `${Math.round(view.scale * 100)}%`;
      const detail = view.scale >= DETAILED ? 2 : view.scale >= TEXTLESS ? 1 : 0;
      if (detail !== drawnDetail) {
        units.dropWithin(nodesLayer);
        nodesLayer.replaceChildren();
        edgesLayer.replaceChildren();
        drawnNodes.clear();
        drawnEdges.clear();
        drawnDetail = detail;
      }
      const [x0, y0, x1, y1] = [view.x - OVERDRAW, view.y - OVERDRAW, view.x + w + OVERDRAW, view.y + h + OVERDRAW];
      const wanted = /* @__PURE__ */ new Set();
      for (const node of layout.nodes) {
        if (node.x + node.width < x0 || node.x > x1 || node.y + node.height < y0 || node.y > y1) continue;
        wanted.add(node.id);
        if (!drawnNodes.has(node.id)) {
          const g = nodeElement(node, byId.get(node.id), detail, nodes);
          drawnNodes.set(node.id, g);
          nodesLayer.append(g);
          units.add(node.id, g);
          if (keep) g.classList.toggle("dimmed", !keep(byId.get(node.id)));
        }
      }
      for (const [id, g] of drawnNodes) {
        if (wanted.has(id)) continue;
        units.dropWithin(g);
        g.remove();
        drawnNodes.delete(id);
      }
      layout.edges.forEach((edge, i) => {
        const box = edgeBoxes[i];
        const inView = !(box.x1 < x0 || box.x0 > x1 || box.y1 < y0 || box.y0 > y1);
        const drawn = drawnEdges.get(i);
        if (inView && !drawn) {
          const critical = criticalEdges.has(`${edge.from}\0${edge.to}`);
          const p = svg("path", { d: edgePath(edge.points), class: critical ? "edge critical" : "edge", "marker-end": critical ? "url(#arrow-critical)" : "url(#arrow)", "data-from": edge.from, "data-to": edge.to });
          if (keep) p.classList.toggle("dimmed", !(keep(byId.get(edge.from)) && keep(byId.get(edge.to))));
          drawnEdges.set(i, p);
          edgesLayer.append(p);
        } else if (!inView && drawn) {
          drawn.remove();
          drawnEdges.delete(i);
        }
      });
    }
    let pending = false;
    function setView(next) {
      const scale = clamp(next.scale, minScale, MAX_SCALE);
      const w = width / scale;
      const h = height / scale;
      const x = clamp(next.x, -MARGIN - w / 2, Math.max(-MARGIN, graphWidth - MARGIN - w / 2));
      const y = clamp(next.y, -MARGIN - h / 2, Math.max(-MARGIN, graphHeight - MARGIN - h / 2));
      view = { x, y, scale };
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    }
    function zoomBy(factor, sx = width / 2, sy = height / 2) {
      const scale = clamp(view.scale * factor, minScale, MAX_SCALE);
      const px = view.x + sx / view.scale;
      const py = view.y + sy / view.scale;
      setView({ x: px - sx / scale, y: py - sy / scale, scale });
    }
    viewport.addEventListener(
      "wheel",
      (event) => {
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          const rect = root.getBoundingClientRect();
          zoomBy(Math.exp(-event.deltaY * 2e-3), event.clientX - rect.left, event.clientY - rect.top);
        } else if (!fits()) {
          event.preventDefault();
          const dx = event.shiftKey ? event.deltaY : event.deltaX;
          const dy = event.shiftKey ? 0 : event.deltaY;
          setView({ ...view, x: view.x + dx / view.scale, y: view.y + dy / view.scale });
        }
      },
      { passive: false }
    );
    let drag;
    viewport.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view, moved: false, pointer: event.pointerId };
    });
    viewport.addEventListener("pointermove", (event) => {
      if (!drag || event.pointerId !== drag.pointer) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) viewport.setPointerCapture(event.pointerId);
      drag.moved = true;
      viewport.classList.add("panning");
      setView({ ...drag.view, x: drag.view.x - dx / drag.view.scale, y: drag.view.y - dy / drag.view.scale });
    });
    const endDrag = (event) => {
      if (!drag || event.pointerId !== drag.pointer) return;
      const moved = drag.moved;
      drag = void 0;
      viewport.classList.remove("panning");
      if (moved) viewport.addEventListener("click", (e) => e.stopPropagation(), { capture: true, once: true });
    };
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);
    viewport.addEventListener("keydown", (event) => {
      if (event.target !== viewport) return;
      const step = 80 / view.scale;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        setView({ ...view, x: view.x + moves[event.key][0], y: view.y + moves[event.key][1] });
      } else if (event.key === "+" || event.key === "=") zoomBy(1.25);
      else if (event.key === "-") zoomBy(1 / 1.25);
    });
    wireActivation(nodesLayer, onActivate);
    setView(view);
    draw();
    return {
      element,
      filter(next) {
        keep = next;
        for (const [id, g] of drawnNodes) g.classList.toggle("dimmed", !!keep && !keep(byId.get(id)));
        for (const [i, p] of drawnEdges) {
          const e = layout.edges[i];
          p.classList.toggle("dimmed", !!keep && !(keep(byId.get(e.from)) && keep(byId.get(e.to))));
        }
      },
      reveal(id) {
        const node = nodeAt.get(id);
        if (!node) return;
        const w = width / view.scale;
        const h = height / view.scale;
        if (node.x >= view.x && node.x + node.width <= view.x + w && node.y >= view.y && node.y + node.height <= view.y + h) return;
        setView({ ...view, x: node.x + node.width / 2 - w / 2, y: node.y + node.height / 2 - h / 2 });
      },
      view: () => view
    };
  }
  function nodeElement(node, unit, detail, nodes) {
    return svg("g", {
      class: `node ${unit.kind}${unit.critical ? " critical" : ""}${unit.cached !== void 0 ? " cached" : ""}${unit.lastStatus === "failed" ? " failed" : ""}`,
      transform: `translate(${node.x},${node.y})`,
      tabindex: 0,
      role: "button",
      "data-id": unit.id,
      "aria-label": `${unit.id}: ${describe(unit)}${unit.lastStatus === "failed" ? ", failed in the last run" : ""}. Press Enter to show its definition.`
    }, [
      tooltip(facts(unit, nodes)),
      svg("rect", { width: node.width, height: node.height, rx: 4 }),
      detail > 0 && svg("text", { x: 8, y: detail > 1 ? 15 : 24, class: "label" }, [truncate(unit.id, 21)]),
      detail > 1 && svg("text", { x: 8, y: 30, class: "detail" }, [`${formatClock(unit.start)} \xB7 ${formatDuration(unit.end - unit.start)}${unit.critical ? " \xB7 critical" : ""}`])
    ]);
  }
  function describe(unit) {
    const timing = `starts ${formatClock(unit.start)}, ends ${formatClock(unit.end)} (${formatDuration(unit.end - unit.start)})`;
    const slack = unit.critical ? "on the critical path" : `slack ${formatDuration(unit.slack)}`;
    return `${timing}, ${slack}`;
  }
  function facts(unit, nodes) {
    const needs = unit.needs.length === 0 ? "needs nothing" : `needs ${unit.needs.slice(0, 8).join(", ")}${unit.needs.length > 8 ? ` and ${unit.needs.length - 8} more` : ""}`;
    const lastRun = unit.lastRun ? `
${unit.lastRun}` : "";
    const cached = unit.cached !== void 0 ? `
cached if the image is unchanged (from run ${unit.cached})` : "";
    const estimate = unit.estimate !== void 0 ? `
${unit.estimate}` : "";
    const where = nodes?.describe(unit);
    const node = where ? `
${where}` : "";
    return `${unit.id} (${unit.kind})
${describe(unit)}${estimate}${lastRun}${cached}${node}
${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} memory
${needs}
line ${unit.line + 1}`;
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
  function clamp(n, lo, hi) {
    return Math.min(hi, Math.max(lo, n));
  }
  function round(n) {
    return Math.round(n * 10) / 10;
  }

  // extension/src/client/webview/rows.ts
  function ranFailed(unit) {
    return unit.lastStatus === "failed";
  }
  function keepOf(filter) {
    const matches = namePattern(filter.pattern);
    if (!matches && !filter.critical && !filter.failed) return void 0;
    return (u) => (!filter.critical || u.critical) && (!filter.failed || ranFailed(u)) && (!matches || matches(u.id) || matches(u.name));
  }
  function namePattern(pattern) {
    const text = pattern.trim().toLowerCase();
    if (!text) return void 0;
    if (!text.includes("*")) return (id) => id.toLowerCase().includes(text);
    const pieces = text.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(`^${pieces.join(".*")}$`);
    return (id) => re.test(id.toLowerCase());
  }
  function isExpansion(unit) {
    return unit.kind === "task" && unit.id !== unit.name && unit.id.startsWith(`${unit.name}[`);
  }
  function buildRows(units, filter, expanded, collapse) {
    const keep = keepOf(filter);
    const kept = keep ? units.filter(keep) : units;
    const order = (a, b) => a.start - b.start || a.end - b.end;
    const byName = /* @__PURE__ */ new Map();
    const singles = [];
    for (const unit of kept) {
      if (collapse && isExpansion(unit)) {
        const list = byName.get(unit.name);
        if (list) list.push(unit);
        else byName.set(unit.name, [unit]);
      } else singles.push(unit);
    }
    const entries = singles.map((unit) => ({ start: unit.start, end: unit.end, id: unit.id, rows: [{ kind: "unit", unit, member: false }] }));
    for (const [name, members] of byName) {
      members.sort((a, b) => order(a, b) || compareIds(a.id, b.id));
      if (members.length === 1) {
        entries.push({ start: members[0].start, end: members[0].end, id: members[0].id, rows: [{ kind: "unit", unit: members[0], member: false }] });
        continue;
      }
      const start2 = Math.min(...members.map((m) => m.start));
      const end = Math.max(...members.map((m) => m.end));
      const critical = members.some((m) => m.critical);
      const slack = critical ? 0 : Math.min(...members.map((m) => m.slack));
      const open = expanded.has(name);
      const failed = members.filter(ranFailed).length;
      const group = { kind: "group", name, members, expanded: open, start: start2, end, critical, slack, failed };
      entries.push({ start: start2, end, id: name, rows: open ? [group, ...members.map((unit) => ({ kind: "unit", unit, member: true }))] : [group] });
    }
    entries.sort((a, b) => order(a, b) || compareIds(a.id, b.id));
    return entries.flatMap((e) => e.rows);
  }
  function compareIds(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function rowIds(row) {
    return row.kind === "unit" ? [row.unit.id] : row.members.map((m) => m.id);
  }
  function visibleRange(count, rowHeight, scrollTop, height, overscan = 8) {
    if (count === 0) return { first: 0, last: -1 };
    const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
    const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);
    return { first, last };
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
  function renderGantt(axis, initialRows, units, on, maxHeight, scrollTop = 0, nodes) {
    let rows = initialRows;
    const axisSvg = svg("svg", { class: "gantt-axis", width: axis.width, height: AXIS, "aria-hidden": "true" }, [grid(axis, AXIS, AXIS, true)]);
    const body = svg("svg", { class: "gantt", width: axis.width, role: "group", "aria-label": "Predicted schedule" });
    const gridLayer = svg("g");
    const rowsLayer = svg("g", { class: "rows" });
    body.append(gridLayer, rowsLayer);
    const scroller = html("div", { class: "gantt-scroll" }, [body]);
    const empty = html("p", { class: "status empty-rows" }, ["No unit matches the filter."]);
    const element = html("div", { class: "gantt-view" }, [axisSvg, scroller, empty]);
    let viewportHeight = 0;
    function layoutRows() {
      const total = rows.length * ROW + 4;
      viewportHeight = Math.min(total, maxHeight);
      body.setAttribute("height", String(total));
      scroller.classList.toggle("capped", total > maxHeight);
      gridLayer.replaceChildren(grid(axis, 0, total, false));
      empty.hidden = rows.length > 0;
    }
    let drawn = { first: 0, last: -1 };
    function draw(force = false) {
      const range = visibleRange(rows.length, ROW, scroller.scrollTop, scroller.clientHeight || viewportHeight || maxHeight);
      if (!force && range.first === drawn.first && range.last === drawn.last) return;
      drawn = range;
      units.dropWithin(rowsLayer);
      const fragment = document.createDocumentFragment();
      for (let i = range.first; i <= range.last; i++) fragment.append(rowElement(rows[i], i, axis, units, nodes));
      rowsLayer.replaceChildren(fragment);
    }
    let pending = false;
    scroller.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    });
    rowsLayer.addEventListener("click", (event) => {
      const group = event.target instanceof Element ? event.target.closest("[data-group]") : null;
      if (group) on.toggle(group.getAttribute("data-group"));
    });
    rowsLayer.addEventListener("keydown", (event) => {
      const group = event.target instanceof Element ? event.target.closest("[data-group]") : null;
      if (!group || event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      on.toggle(group.getAttribute("data-group"));
    });
    wireActivation(rowsLayer, on.unit);
    layoutRows();
    draw(true);
    requestAnimationFrame(() => {
      scroller.scrollTop = scrollTop;
      draw(true);
    });
    return {
      element,
      setRows(next) {
        rows = next;
        layoutRows();
        draw(true);
      },
      reveal(id) {
        const index = rows.findIndex((r) => rowIds(r).includes(id));
        if (index < 0) return false;
        const top = index * ROW;
        if (top < scroller.scrollTop || top + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 2);
        draw();
        return true;
      },
      scrollTop: () => scroller.scrollTop
    };
  }
  var TAG_CHAR = 6.6;
  var TAG_MAX = 16;
  function nodeTag(units, nodes, top, x0, x1, slackEnd, axis) {
    const on = nodesOf(units);
    if (!on) return void 0;
    const text = truncate("node" in on ? nodes.name(on.node) : `${on.count} nodes`, TAG_MAX);
    const colour = "node" in on ? nodes.colour(on.node) : "mixed";
    const width = text.length * TAG_CHAR;
    const after = Math.max(x1, slackEnd) + 6;
    const place = after + width <= axis.width - 2 ? { x: after, anchor: "start", where: "after" } : x0 - 6 - width >= LABEL_WIDTH ? { x: x0 - 6, anchor: "end", where: "before" } : { x: x1 - 6, anchor: "end", where: "inside" };
    return svg("g", { class: `node-tag ${colour}`, "aria-hidden": "true" }, [
      svg("rect", { class: "node-mark", x: 0, y: top + 3, width: 4, height: ROW - 6 }),
      svg("text", { class: `node-name ${place.where}`, x: place.x, y: top + ROW / 2 + 4, "text-anchor": place.anchor }, [text])
    ]);
  }
  function rowElement(row, index, axis, units, nodes) {
    const top = index * ROW;
    const start2 = row.kind === "unit" ? row.unit.start : row.start;
    const end = row.kind === "unit" ? row.unit.end : row.end;
    const critical = row.kind === "unit" ? row.unit.critical : row.critical;
    const slack = row.kind === "unit" ? row.unit.slack : row.slack;
    const x0 = axis.x(start2);
    const x1 = Math.max(x0 + 2, axis.x(end));
    const parts = [
      svg("rect", { class: "row-band", x: 0, y: top, width: axis.width, height: ROW }),
      !critical && slack > 0 && svg("line", { class: "slack", x1, x2: axis.x(end + slack), y1: top + ROW / 2, y2: top + ROW / 2 }),
      svg("rect", { class: "bar", x: x0, y: top + (ROW - BAR) / 2, width: x1 - x0, height: BAR, rx: 3 })
    ];
    const slackEnd = !critical && slack > 0 ? axis.x(end + slack) : x1;
    const failed = row.kind === "unit" ? ranFailed(row.unit) ? 1 : 0 : row.failed;
    if (failed > 0) parts.push(svg("path", { class: "failed-mark", d: failedMark(axis.width - 9, top + ROW / 2), "aria-hidden": "true" }));
    const tag = nodes && nodeTag(row.kind === "unit" ? [row.unit] : row.members, nodes, top, x0, x1, slackEnd, axis);
    if (row.kind === "unit") {
      const { unit } = row;
      const where = nodes?.describe(unit);
      const g2 = svg("g", { class: `row ${unit.kind}${critical ? " critical" : ""}${row.member ? " member" : ""}${unit.cached !== void 0 ? " cached" : ""}${failed ? " failed" : ""}`, tabindex: 0, role: "button", "data-id": unit.id, "aria-label": `${unit.id}: ${describe(unit)}${where ? `, ${where}` : ""}${failed ? ", failed in the last run" : ""}` }, [
        tooltip(facts(unit, nodes)),
        ...parts,
        tag,
        svg("text", { class: "label", x: row.member ? 22 : 8, y: top + ROW / 2 + 4 }, [truncate(row.member ? unit.id.slice(unit.name.length) : unit.id, row.member ? 22 : 24)])
      ]);
      units.add(unit.id, g2);
      return g2;
    }
    const ids = rowIds(row);
    const label = `${row.name} \xD7${row.members.length}`;
    const g = svg("g", {
      class: `row group task${critical ? " critical" : ""}${row.expanded ? " expanded" : ""}${failed ? " failed" : ""}`,
      tabindex: 0,
      role: "button",
      "aria-expanded": String(row.expanded),
      "data-group": row.name,
      "data-ids": ids.join("\n"),
      "aria-label": `${label}: matrix of ${row.members.length}${failed ? `, ${failed} failed in the last run` : ""}. Press Enter to ${row.expanded ? "fold" : "list"} them.`
    }, [
      tooltip(`${row.name}: matrix of ${row.members.length} (${row.expanded ? "click to fold" : "click to list them"})
from ${formatClock(start2)} to ${formatClock(end)} (${formatDuration(end - start2)}), ${critical ? "on the critical path" : `slack ${formatDuration(slack)}`}${failed ? `
${failed} of ${row.members.length} failed in the last run` : ""}${groupNodes(row.members, nodes)}`),
      ...parts,
      tag,
      svg("text", { class: "twisty", x: 8, y: top + ROW / 2 + 4 }, [row.expanded ? "\u25BE" : "\u25B8"]),
      svg("text", { class: "label", x: 22, y: top + ROW / 2 + 4 }, [truncate(label, 22)])
    ]);
    units.add(ids, g);
    return g;
  }
  function failedMark(x, y) {
    const r = 3.5;
    return `M${x - r},${y - r} L${x + r},${y + r} M${x + r},${y - r} L${x - r},${y + r}`;
  }
  function groupNodes(members, nodes) {
    if (!nodes) return "";
    const names = [...new Set(members.flatMap((m) => m.node === void 0 ? [] : [nodes.name(m.node)]))];
    if (names.length === 0) return "";
    return `
${names.length === 1 ? "node" : "nodes"}: ${names.slice(0, 4).join(", ")}${names.length > 4 ? ` and ${names.length - 4} more` : ""}`;
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
    let column = NaN;
    let high = 0;
    const flush = () => {
      if (Number.isNaN(column)) return;
      d += ` H${column} V${round1(y(high))}`;
      if (high !== level) d += ` V${round1(y(level))}`;
    };
    for (const p of points) {
      const x = Math.round(axis.x(p.t));
      if (x !== column) {
        flush();
        column = x;
        high = p[resource];
      } else high = Math.max(high, p[resource]);
      level = p[resource];
    }
    flush();
    d += ` H${axis.x(data.makespan ?? axis.end)} V${y(0)}`;
    if (level !== 0) d += " Z";
    const name = resource === "cpus" ? "CPUs" : "Memory";
    const root = svg("svg", { class: `usage ${resource}`, width: axis.width, height: CHART, role: "img", "aria-label": `${name} in use over time: peak ${format(peak)} of ${format(capacity)}` });
    root.append(
      grid(axis, 0, CHART, false),
      svg("text", { class: "label", x: 8, y: 20 }, [name]),
      svg("text", { class: "detail", x: 8, y: 36 }, [`peak ${format(peak)} of ${format(capacity)}`]),
      svg("path", { class: "area", d })
    );
    if (capacity > 0) {
      root.append(svg("line", { class: "capacity", x1: axis.x(0), x2: axis.x(axis.end), y1: y(capacity), y2: y(capacity) }, [tooltip(`capacity: ${format(capacity)}`)]));
    }
    return root;
  }
  function round1(n) {
    return Math.round(n * 10) / 10;
  }
  function grid(axis, y0, y1, labels) {
    const g = svg("g", { class: "grid" });
    for (const t of timeTicks(axis.end)) {
      const x = axis.x(t);
      g.append(svg("line", { x1: x, x2: x, y1: labels ? y1 - 4 : y0, y2: y1 }));
      if (labels) g.append(svg("text", { x, y: AXIS - 8, "text-anchor": t === 0 ? "start" : "middle" }, [formatClock(t)]));
    }
    return g;
  }

  // extension/src/client/webview/units.ts
  var UnitElements = class {
    byId = /* @__PURE__ */ new Map();
    marks = /* @__PURE__ */ new Map();
    /** `ids`: every unit the element stands for (a matrix group row stands for all its members). */
    add(ids, element) {
      for (const id of typeof ids === "string" ? [ids] : ids) {
        const set = this.byId.get(id);
        if (set) set.add(element);
        else this.byId.set(id, /* @__PURE__ */ new Set([element]));
      }
      for (const [className, marked] of this.marks) {
        const all = typeof ids === "string" ? [ids] : ids;
        element.classList.toggle(className, all.some((id) => marked.has(id)));
      }
    }
    /** Forgets the elements inside `container` (about to be redrawn). */
    dropWithin(container) {
      for (const [id, set] of this.byId) {
        for (const element of set) if (container.contains(element)) set.delete(element);
        if (set.size === 0) this.byId.delete(id);
      }
    }
    /** Sets `className` on the elements of `ids` and removes it from all others. */
    mark(className, ids) {
      const wanted = new Set(ids);
      const before = this.marks.get(className) ?? /* @__PURE__ */ new Set();
      this.marks.set(className, wanted);
      const touched = /* @__PURE__ */ new Set();
      for (const id of [...before, ...wanted]) for (const element of this.byId.get(id) ?? []) touched.add(element);
      for (const element of touched) {
        const elementIds = element.getAttribute("data-ids")?.split("\n") ?? [element.getAttribute("data-id") ?? ""];
        element.classList.toggle(className, elementIds.some((id) => wanted.has(id)));
      }
    }
    first(id) {
      return this.byId.get(id)?.values().next().value;
    }
  };

  // extension/src/client/webview/render.ts
  var LAYOUT_AT_ONCE = 400;
  var FOLD_FROM = 30;
  function newViewState() {
    return { filter: { pattern: "", critical: false, failed: false }, expanded: /* @__PURE__ */ new Set(), ganttTop: 0 };
  }
  var Layouts = class {
    key = "";
    layout;
    pending;
    generation = 0;
    /** The layout of `units` now if it is known or small, else a promise of it (undefined if superseded). */
    get(units) {
      const key = graphKey(units);
      if (key === this.key && this.layout) return this.layout;
      const options = { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT };
      if (units.length <= LAYOUT_AT_ONCE) {
        this.generation++;
        this.pending = void 0;
        return this.keep(key, layoutDag(units, options));
      }
      if (this.pending?.key === key) return this.pending.promise;
      const generation = ++this.generation;
      const promise = layoutDagInSlices(units, options, 12, () => generation !== this.generation).then((layout) => layout && generation === this.generation ? this.keep(key, layout) : void 0);
      this.pending = { key, promise };
      return promise;
    }
    keep(key, layout) {
      this.key = key;
      this.layout = layout;
      this.pending = void 0;
      return layout;
    }
  };
  function graphKey(units) {
    let key = "";
    for (const u of units) key += `${u.id}\0${u.needs.join("\0")}`;
    return key;
  }
  function render(root, data, on, state = newViewState(), layouts = new Layouts()) {
    const units = new UnitElements();
    const nothing = { units, reveal: () => void 0 };
    const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf("/") + 1));
    if (data.errors > 0) {
      const stale = data.stale !== void 0 && data.units.length > 0;
      const problems = renderProblems(data, name, on, stale ? void 0 : "The schedule is shown once the file has no errors.");
      if (!stale) {
        root.replaceChildren(problems);
        return nothing;
      }
      const schedule = html("div", { class: "stale-schedule" });
      root.replaceChildren(
        problems,
        html("div", { class: "stale" }, [
          html("p", { class: "stale-marker", role: "note" }, [
            html("strong", {}, ["Stale:"]),
            " the schedule below is from before the current problems. It is redrawn once they are fixed."
          ]),
          schedule
        ])
      );
      return renderSchedule(root, schedule, data, name, units, on, state, layouts);
    }
    if (data.units.length === 0) {
      root.replaceChildren(html("p", { class: "status" }, [`${name} has no tasks yet.`]));
      return nothing;
    }
    const page = html("div", { class: "schedule" });
    root.replaceChildren(page);
    return renderSchedule(root, page, data, name, units, on, state, layouts);
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
  function renderSchedule(root, into, data, name, units, on, state, layouts) {
    const width = Math.max(480, root.clientWidth);
    const axis = timeAxis(data, width);
    const critical = data.criticalPath ?? data.units.filter((u) => u.critical).map((u) => u.id);
    const capacity = data.capacity;
    const fold = data.units.length > FOLD_FROM;
    const windowHeight = Math.max(400, window.innerHeight || 800);
    const nodes = nodeLabels(data);
    const failures = data.units.filter(ranFailed).length;
    const filterNow = () => ({ ...state.filter, failed: failures > 0 && state.filter.failed === true });
    const rows = () => buildRows(data.units, filterNow(), state.expanded, fold);
    const search = html("input", { type: "search", class: "filter-input", placeholder: "Filter by name (* matches any text)", "aria-label": "Filter units by name", spellcheck: "false" });
    search.value = state.filter.pattern;
    const criticalOnly = html("input", { type: "checkbox", class: "filter-critical" });
    criticalOnly.checked = state.filter.critical;
    const run = data.lastRun;
    const failedWhy = run && `Only the ${failures} ${failures === 1 ? "unit" : "units"} that failed, ran out of memory, timed out or were killed in the last run: ${run.runId} (${run.result})`;
    const failedOnly = failures > 0 ? html("input", { type: "checkbox", class: "filter-failed", title: failedWhy }) : void 0;
    if (failedOnly) failedOnly.checked = state.filter.failed === true;
    const count = html("span", { class: "filter-count", "aria-live": "polite" });
    const toolbar = html("div", { class: "toolbar", role: "search" }, [
      search,
      html("label", { class: "filter-critical-label" }, [criticalOnly, " critical path only"]),
      failedOnly && html("label", { class: "filter-failed-label", title: failedWhy }, [failedOnly, ` failed (last run) `, html("span", { class: "failed-count" }, [`${failures}`])]),
      count,
      legend(fold && data.units.some((u) => u.kind === "task" && u.id !== u.name), failures > 0),
      nodes && data.nodes && nodeLegend(data.nodes, nodes)
    ]);
    const dagSlot = html("div", { class: "dag-slot" });
    let dag;
    const gantt = renderGantt(axis, rows(), units, { unit: on.unit, toggle }, Math.round(windowHeight * 0.6), state.ganttTop, nodes);
    function toggle(group) {
      if (state.expanded.has(group)) state.expanded.delete(group);
      else state.expanded.add(group);
      gantt.setRows(rows());
    }
    function applyFilter() {
      const shown = rows();
      gantt.setRows(shown);
      const keep = keepOf(filterNow());
      dag?.filter(keep);
      const matching = keep ? data.units.filter(keep).length : data.units.length;
      count.textContent = keep ? `${matching} of ${data.units.length} units` : `${data.units.length} units`;
    }
    let nextMatch = 0;
    search.addEventListener("input", () => {
      state.filter = { ...state.filter, pattern: search.value };
      nextMatch = 0;
      applyFilter();
    });
    search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const keep = keepOf(filterNow());
      const matches = keep ? data.units.filter(keep) : [];
      if (matches.length === 0) return;
      const unit = matches[nextMatch++ % matches.length];
      reveal(unit.id);
      units.mark("found", [unit.id]);
    });
    criticalOnly.addEventListener("change", () => {
      state.filter = { ...state.filter, critical: criticalOnly.checked };
      applyFilter();
    });
    failedOnly?.addEventListener("change", () => {
      state.filter = { ...state.filter, failed: failedOnly.checked };
      applyFilter();
    });
    const drawDag = (layout2) => {
      dag = renderDag(data, layout2, { width: Math.max(240, root.clientWidth), height: Math.round(windowHeight * 0.45) }, units, on.unit, state.dag);
      dagSlot.replaceChildren(dag.element);
      dag.filter(keepOf(filterNow()));
      if (revealLater) dag.reveal(revealLater);
    };
    let revealLater;
    const layout = layouts.get(data.units);
    if (layout instanceof Promise) {
      dagSlot.replaceChildren(html("p", { class: "status laying-out" }, [`Laying out the graph of ${data.units.length} units\u2026`]));
      void layout.then((done) => {
        if (done && dagSlot.isConnected) drawDag(done);
      });
    } else drawDag(layout);
    into.append(
      html("header", { class: "summary" }, [
        html("h1", {}, [name]),
        html("p", {}, [
          html("span", { class: "figure" }, [`${formatClock(data.makespan ?? 0)}`]),
          " predicted",
          data.lowerBound !== void 0 && ` \xB7 lower bound ${formatClock(data.lowerBound)}`,
          ` \xB7 ${data.units.length} ${data.units.length === 1 ? "unit" : "units"}`,
          capacity && ` \xB7 capacity ${formatCapacity(capacity)}`,
          data.nodes && data.nodes.length > 1 && ` on ${data.nodes.length} nodes`
        ]),
        // A file on the swarm planned on this machine instead: why, in a line.
        data.engineNotice && html("p", { class: "engine-notice", role: "note" }, [data.engineNotice]),
        data.makespanWithoutCached !== void 0 && html("p", { class: "cached-note" }, [
          html("span", { class: "swatch cached" }),
          ` ${data.units.filter((u) => u.cached !== void 0).length} cached if their images are unchanged: ${formatClock(data.makespanWithoutCached)} without them`
        ]),
        critical.length > 0 && html("p", { class: "critical-path" }, [html("span", { class: "swatch critical" }), ` critical path: ${critical.join(" \u2192 ")}`])
      ]),
      toolbar,
      html("section", { class: "dag-section", "aria-label": "Tasks and needs" }, [html("h2", {}, ["Tasks and needs"]), dagSlot]),
      html("section", { class: "gantt-section", "aria-label": "Predicted schedule" }, [
        html("h2", {}, ["Predicted schedule"]),
        gantt.element,
        renderUsage(data, axis, "cpus"),
        renderUsage(data, axis, "memory")
      ])
    );
    applyFilter();
    const remember = () => {
      if (dag) state.dag = dag.view();
      state.ganttTop = gantt.scrollTop();
    };
    into.addEventListener("pointerup", remember);
    into.addEventListener("wheel", () => requestAnimationFrame(remember), { passive: true });
    into.addEventListener("scroll", remember, { capture: true, passive: true });
    into.addEventListener("keyup", remember);
    function reveal(id) {
      if (dag) dag.reveal(id);
      else revealLater = id;
      if (!gantt.reveal(id)) {
        const unit = data.units.find((u) => u.id === id);
        if (unit && fold && !state.expanded.has(unit.name) && unit.id !== unit.name) {
          state.expanded.add(unit.name);
          gantt.setRows(rows());
          gantt.reveal(id);
        }
      }
    }
    return { units, reveal };
  }
  var LEGEND_NODES = 12;
  function nodeLegend(list, nodes) {
    const shown = list.slice(0, LEGEND_NODES);
    return html("div", { class: "legend nodes", "aria-label": "Nodes" }, [
      ...shown.map(
        (node) => html("span", { class: "legend-item node-item", title: node.home ? "the home node: the engine Gantry talks to; volumes and images built in the run live there" : node.name }, [
          html("span", { class: `swatch node-swatch ${nodes.colour(node.id)}`, "aria-hidden": "true" }),
          html("span", { class: "node-name" }, [node.name]),
          ` ${formatCpuCount(node.cpus)}, ${formatBytes(node.memory)}${node.home ? ", home" : ""}`
        ])
      ),
      list.length > shown.length && html("span", { class: "legend-item" }, [`and ${list.length - shown.length} more nodes`])
    ]);
  }
  function legend(groups, failed) {
    const item = (swatch, text) => html("span", { class: "legend-item" }, [html("span", { class: `swatch ${swatch}`, "aria-hidden": "true" }), text]);
    return html("div", { class: "legend", "aria-label": "Legend" }, [
      item("task", "task"),
      item("service", "service"),
      item("build", "image build"),
      item("critical", "critical path"),
      item("slack", "slack"),
      groups && item("group", "matrix (click to list)"),
      failed && item("failed", "failed in the last run")
    ]);
  }

  // extension/src/client/webview/main.ts
  var KEEP_STATE_AFTER_MS = 1e3;
  function start() {
    const vscode = acquireVsCodeApi();
    const root = document.getElementById("root");
    let data = vscode.getState()?.data;
    let highlighted = [];
    let rendered;
    const view = newViewState();
    const layouts = new Layouts();
    let keep;
    const handlers = {
      unit: (id) => vscode.postMessage({ type: "reveal", id }),
      problem: (range) => vscode.postMessage({ type: "reveal", range })
    };
    const draw = () => {
      if (!data) return;
      rendered = render(root, data, handlers, view, layouts);
      rendered.units.mark("highlight", highlighted);
      document.body.dataset.state = data.errors === 0 ? "schedule" : data.stale && data.units.length > 0 ? "stale" : "problems";
    };
    window.addEventListener("message", (event) => {
      const message = event.data;
      if (message.type === "data") {
        data = message.data;
        if (keep === void 0) vscode.setState({ uri: data.uri });
        clearTimeout(keep);
        const kept = { uri: data.uri, data };
        keep = setTimeout(() => vscode.setState(kept), KEEP_STATE_AFTER_MS);
        draw();
      } else if (message.type === "highlight") {
        highlighted = message.ids;
        rendered?.units.mark("highlight", highlighted);
        if (highlighted[0]) rendered?.reveal(highlighted[0]);
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
