#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  buildUnits
} from "./chunks/chunk-S4FCD5DM.js";
import {
  DEFAULT_START_OVERHEAD_MS,
  atNoTime,
  callerSecrets,
  capacitySource,
  checkSecrets,
  decideResume,
  describeNode,
  estimateSource,
  estimatesFromHistory,
  fileHash,
  fileSafeId,
  findResumable,
  homeIndex,
  isCompleteCapacity,
  largestNode,
  namedVolumes,
  placeUnits,
  plan,
  predictCached,
  readHistory,
  resolveCapacity,
  sanitize,
  selectOnly,
  withEstimates
} from "./chunks/chunk-BTKX2ZP4.js";
import {
  DEFAULT_CPUS,
  DEFAULT_ESTIMATE,
  DEFAULT_MEMORY,
  DEFAULT_RETRIES,
  DURATION_FORMS,
  DescribeUnit,
  ENGINES,
  EXPANDED_FIELDS,
  EXPRESSION_FIELD_LIST,
  ExpressionAt,
  FILE_START,
  FieldSpan,
  GantryError,
  MAX_TIMER_MS,
  MountAt,
  NAME_PATTERN,
  NAME_RULE,
  NONE,
  NameAt,
  Positions,
  capitalise,
  checkHostBinds,
  checkHostBuilds,
  checkUnitKeys,
  composeKey,
  fieldKey,
  fieldValueRange,
  formatBytes,
  formatCapacity,
  formatCpuCount,
  formatDiagnostic,
  formatDuration,
  formatDurationExact,
  hasErrors,
  isAlias,
  isEngineName,
  isMap,
  isPair,
  isScalar,
  isSeq,
  isWithin,
  keyDoc,
  keyNames,
  makeContext,
  nodeSpan,
  openedWithin,
  parseDuration,
  positionAt,
  readRegularFile,
  realFolders,
  removeListEntryFix,
  scanExpressions,
  sortDiagnostics,
  substituteMatrix,
  substituteMatrixAndEnv,
  suggest,
  unitField,
  unitNamed
} from "./chunks/chunk-2EUBPREJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunks/chunk-HJKLCPIG.js";

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE2 = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === DOC;
    var isMap2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === MAP;
    var isPair2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === PAIR;
    var isScalar2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === SCALAR;
    var isSeq2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE2] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE2]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE2]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar2(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE2;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias2;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap2;
    exports.isNode = isNode;
    exports.isPair = isPair2;
    exports.isScalar = isScalar2;
    exports.isSeq = isSeq2;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path2) {
      const ctrl = callVisitor(key, node, visitor, path2);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path2, ctrl);
        return visit_(key, ctrl, visitor, path2);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path2 = Object.freeze(path2.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path2);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path2 = Object.freeze(path2.concat(node));
          const ck = visit_("key", node.key, visitor, path2);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path2);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path2) {
      const ctrl = await callVisitor(key, node, visitor, path2);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path2, ctrl);
        return visitAsync_(key, ctrl, visitor, path2);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path2 = Object.freeze(path2.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path2);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path2 = Object.freeze(path2.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path2);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path2);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path2) {
      if (typeof visitor === "function")
        return visitor(key, node, path2);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path2);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path2);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path2);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path2);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path2);
      return void 0;
    }
    function replaceNode(key, path2, node) {
      const parent = path2[path2.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count2 = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count2)
            count2 = c;
        }
        return count2;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar2 = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar2.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar2.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar2.PLAIN = "PLAIN";
    Scalar2.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar2.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar2;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar2.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar2.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path2, value) {
      let v = value;
      for (let i = path2.length - 1; i >= 0; --i) {
        const k = path2[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path2) => path2 == null || typeof path2 === "object" && !!path2[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path2, value) {
        if (isEmptyPath(path2))
          this.add(value);
        else {
          const [key, ...rest] = path2;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path2) {
        const [key, ...rest] = path2;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path2, keepScalar) {
        const [key, ...rest] = path2;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path2) {
        const [key, ...rest] = path2;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path2, value) {
        const [key, ...rest] = path2;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar2.Scalar.BLOCK_FOLDED ? false : type === Scalar2.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar2.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar2.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar2.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar2.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar2.Scalar.BLOCK_FOLDED:
          case Scalar2.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar2.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar2.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar2.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar2.Scalar.BLOCK_FOLDED || key.type === Scalar2.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar2.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar2.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair2(k, v);
    }
    var Pair2 = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair2;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar2 = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap2 = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair2.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair2.Pair(pair, pair?.value);
        } else
          _pair = new Pair2.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar2.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair2.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap2;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap2 = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap2.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap2.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq2 = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar2.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq2;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq2 = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq2.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq2.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar2.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar2.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar2.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar2.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar2.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar2 = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar2.Scalar.BLOCK_LITERAL);
        if (type !== Scalar2.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar2.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar2 = require_Scalar();
    var YAMLSeq2 = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair2.Pair(new Scalar2.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair2.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq2.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair2.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq2.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap2.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap2.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap2.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap2.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap2.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar2.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar2.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar2.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap2.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair2.Pair(key.key, null);
        else
          pair = new Pair2.Pair(key, null);
        const prev = YAMLMap2.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap2.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap2.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair2.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair2.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document2 = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path2, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path2, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair2.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path2) {
        if (Collection.isEmptyPath(path2)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path2) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path2, keepScalar) {
        if (Collection.isEmptyPath(path2))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path2, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path2) {
        if (Collection.isEmptyPath(path2))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path2) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path2, value) {
        if (Collection.isEmptyPath(path2)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path2), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path2, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document2;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count2 = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count2 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count2);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap2.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair2.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair2.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq2 = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq2.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair2 = require_Pair();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap2 = fc.start.source === "{";
      const fcName = isMap2 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap2.YAMLMap : YAMLSeq2.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap2 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap2 && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap2 && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair2.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap2) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap2.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap2 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap2.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq2.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar2.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar2.Scalar.BLOCK_FOLDED : Scalar2.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar2.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar2 = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar2.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar2.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar2.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar2 = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar2.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar2.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document2 = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document2.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document2 = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer2 = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document2.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer2;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path2) => {
      let item = cst;
      for (const [field, index] of path2) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path2) => {
      const parent = visit.itemAtPath(cst, path2.slice(0, -1));
      const field = path2[path2.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path2, item, visitor) {
      let ctrl = visitor(item, path2);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path2.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path2);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path2) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar2 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar2;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter3 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter3;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser2 = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser2;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document2 = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse3(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document2.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse3;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document2 = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair2 = require_Pair();
    var Scalar2 = require_Scalar();
    var YAMLMap2 = require_YAMLMap();
    var YAMLSeq2 = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document2.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair2.Pair;
    exports.Scalar = Scalar2.Scalar;
    exports.YAMLMap = YAMLMap2.YAMLMap;
    exports.YAMLSeq = YAMLSeq2.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// core/surface/exit-codes.ts
var EXIT = {
  /** Everything succeeded (or there was nothing to do). */
  ok: 0,
  /** A task failed. */
  failed: 1,
  /** Invalid batch file, unusable file, or a usage / input error. */
  invalid: 2,
  /** Docker engine problem: not found, refused, permission denied, timed out; or a task's image could not be pulled. */
  engine: 3,
  /** A bug in Gantry: an error that is not a `GantryError`. */
  internal: 70,
  /** Cancelled (SIGINT, SIGTERM, the runner cancelling the job). */
  cancelled: 130
};
var FAILED_STATUSES = /* @__PURE__ */ new Set(["failed", "oom", "timeout", "killed"]);
function failedUnits(doc) {
  return doc.units.filter((u) => FAILED_STATUSES.has(u.status) && !u.allowFailure).map((u) => u.id);
}
function runExitCode(doc) {
  if (doc.result === "success") return EXIT.ok;
  if (doc.result === "cancelled") return EXIT.cancelled;
  const imageUnavailable = doc.units.some((u) => FAILED_STATUSES.has(u.status) && u.attempts.at(-1)?.outcome?.cause === "image-unavailable");
  return imageUnavailable ? EXIT.engine : EXIT.failed;
}

// cli/io.ts
function engineErrorLine(error) {
  const text = `${error.message}${error.hint ? ` ${error.hint}` : ""}`.replace(/\s+/g, " ").trim();
  return `gantry: error: ${text}
`;
}
function failureLines(failure) {
  if (failure.exitCode === EXIT.cancelled || failure.exitCode === EXIT.internal) return `gantry: ${failure.line}
`;
  if (failure.exitCode === EXIT.engine) return engineErrorLine({ message: failure.line, hint: failure.hint });
  return `gantry: error: ${failure.line}${failure.hint ? `
  hint: ${failure.hint}` : ""}
`;
}

// cli/run.ts
import { parseArgs } from "node:util";
import { dirname as dirname3, join as join3, relative, resolve as resolve3 } from "node:path";

// core/surface/env-file.ts
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

// core/checks/policy.ts
import path from "node:path";
function checkPolicy(ctx) {
  if (ctx.policy !== "strict") return [];
  const diagnostics = [];
  const refuse2 = (code, message, range) => {
    diagnostics.push({ code, message: `${message} The strict policy refuses it (the file is not trusted).`, severity: "error", range });
  };
  const engine = ctx.file.engine;
  if (engine?.name === "swarm" && ctx.engine === void 0) {
    refuse2(
      "policy-engine-swarm",
      "capacity.engine asks to run on the Docker Swarm, which only the workflow may choose: the action's `engine: swarm` input, or `gantry run --engine swarm`.",
      engine.range
    );
  }
  for (const envFile of ctx.file.envFiles) {
    if (isInside(envFile.path, ctx.baseDir)) continue;
    refuse2(
      "policy-env-file-outside",
      `env-file "${envFile.path}" is outside the batch file's folder. Put the dotenv file beside the batch file, or pass the variables in the workflow step's env:.`,
      envFile.range
    );
  }
  for (const spec of ctx.all) {
    const who = DescribeUnit(spec);
    if (spec.privileged) refuse2("policy-privileged", `${who} asks to run privileged.`, fieldValueRange(spec, "privileged"));
    if (spec.network === "host") refuse2("policy-network-host", `${who} asks for the host's network.`, fieldValueRange(spec, "network"));
    if (spec.capAdd.length > 0) {
      refuse2("policy-cap-add", `${who} asks for extra capabilities (${spec.capAdd.join(", ")}).`, fieldValueRange(spec, "cap-add"));
    }
    for (const mount of spec.volumes) checkMount(who, mount, ctx.baseDir, refuse2);
    if (spec.build && !isInside(spec.build.context, ctx.baseDir)) {
      refuse2(
        "policy-build-outside",
        `${who} builds from "${spec.build.context}", which is outside the batch file's folder. Build from a folder inside it.`,
        spec.fields["build.context"]?.value ?? fieldValueRange(spec, "build")
      );
    }
  }
  return diagnostics;
}
function checkMount(who, mount, baseDir, refuse2) {
  if (mount.kind !== "bind") return;
  const source = path.posix.normalize(mount.source);
  if (source.replace(/\/+$/, "").endsWith("docker.sock")) {
    refuse2("policy-docker-socket", `${who} binds the Docker socket "${mount.source}", which gives control of the engine and the host.`, mount.sourceRange);
    return;
  }
  if (!isInside(mount.source, baseDir)) {
    refuse2(
      "policy-bind-outside",
      `${who} binds "${mount.source}", which is outside the batch file's folder. Bind a path inside it (such as ./) or use a named volume.`,
      mount.sourceRange
    );
  }
}
function isInside(source, baseDir) {
  const base = baseDir === void 0 ? void 0 : path.posix.normalize(baseDir.replace(/\\/g, "/"));
  if (source.startsWith("/")) {
    if (base === void 0 || !base.startsWith("/")) return false;
    const relative2 = path.posix.relative(base, path.posix.normalize(source));
    return relative2 !== ".." && !relative2.startsWith("../") && !path.posix.isAbsolute(relative2);
  }
  const normal = path.posix.normalize(source);
  return normal !== ".." && !normal.startsWith("../");
}

// core/surface/env-file.ts
var { O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = constants;
var MAX_ENV_FILE = 1024 * 1024;
function parseEnvFile(text) {
  const env = /* @__PURE__ */ Object.create(null);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return { line: i + 1, message: "not NAME=VALUE" };
    const [, name, rest] = match;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { line: i + 1, message: `"${name}" is not a variable name (letters, digits and "_")` };
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) return { line: i + 1, message: "the single quote is not closed on this line" };
      env[name] = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      const parts = [rest.slice(1)];
      const start = i;
      let closed = closingQuote(parts[0]);
      while (closed < 0 && i + 1 < lines.length) {
        const next = lines[++i];
        parts.push(next);
        closed = closingQuote(next);
      }
      if (closed < 0) return { line: start + 1, message: "the double quote is not closed" };
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, closed);
      env[name] = parts.join("\n").replace(/\\([nt"\\])/g, (_, c) => c === "n" ? "\n" : c === "t" ? "	" : c);
    } else {
      const comment = rest.search(/\s#/);
      env[name] = (comment >= 0 ? rest.slice(0, comment) : rest).trim();
    }
  }
  return { env };
}
function closingQuote(text) {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
function readEnvText(path2, strictBase) {
  const missing = () => ({ ok: false, kind: "missing", why: "no such file" });
  const invalid = (why) => ({ ok: false, kind: "invalid", why });
  const policy = (why) => ({ ok: false, kind: "policy", why });
  const failed = (error) => {
    const code = error.code;
    if (code === "ENOENT" || code === "ENOTDIR") return missing();
    if (code === "ELOOP" && strictBase !== void 0) return policy("is a symbolic link");
    return invalid(`cannot be read (${code ?? "unknown error"})`);
  };
  const notRegular = (stat) => {
    if (stat.isFile()) return void 0;
    if (stat.isDirectory()) return invalid("is a folder, not a dotenv file");
    const what = stat.isFIFO() ? "a FIFO" : stat.isSocket() ? "a socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a regular file";
    return strictBase !== void 0 ? policy(`is ${what}, not a regular file`) : invalid(what === "not a regular file" ? what : `is ${what}, not a regular file`);
  };
  if (strictBase !== void 0) {
    let folder;
    try {
      folder = realpathSync(dirname(path2));
    } catch (error) {
      return failed(error);
    }
    const real = join(folder, basename(path2));
    if (!isWithin(real, strictBase)) return policy(`is ${real} on this machine, outside the batch file's folder`);
    let stat;
    try {
      stat = lstatSync(path2);
    } catch (error) {
      return failed(error);
    }
    if (stat.isSymbolicLink()) return policy("is a symbolic link");
    const refused = notRegular(stat);
    if (refused) return refused;
  }
  let fd;
  try {
    fd = openSync(path2, O_RDONLY | O_NONBLOCK | (strictBase !== void 0 ? O_NOFOLLOW : 0));
  } catch (error) {
    return failed(error);
  }
  try {
    const stat = fstatSync(fd);
    const refused = notRegular(stat);
    if (refused) return refused;
    if (strictBase !== void 0 && !openedWithin(fd, strictBase)) return policy("now leads outside the batch file's folder (replaced while it was opened)");
    const tooLarge = invalid(`is larger than ${MAX_ENV_FILE / 1024 / 1024} MiB`);
    if (stat.size > MAX_ENV_FILE) return tooLarge;
    const bytes = Buffer.allocUnsafe(MAX_ENV_FILE + 1);
    let length = 0;
    for (; ; ) {
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_ENV_FILE) return tooLarge;
    }
    const content = bytes.subarray(0, length);
    if (content.includes(0)) return invalid("holds NUL bytes, so it is not a text file");
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(content) };
    } catch {
      return invalid("is not UTF-8 text");
    }
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}
function readEnvFile(path2, shown) {
  const read = readEnvText(path2);
  if (!read.ok) throw new GantryError("env-file-invalid", `--env-file ${shown}: ${read.why}.`);
  const parsed = parseEnvFile(read.text);
  if ("line" in parsed) throw new GantryError("env-file-invalid", `--env-file ${shown}:${parsed.line}: ${parsed.message}.`);
  return parsed.env;
}
function readBatchEnvFiles(file, rules) {
  const env = /* @__PURE__ */ Object.create(null);
  const diagnostics = [];
  if (file.envFiles.length === 0) return { env, diagnostics };
  const strict = rules.policy === "strict";
  let strictBase;
  if (strict) {
    try {
      strictBase = realpathSync(rules.baseDir);
    } catch {
      strictBase = resolve(rules.baseDir);
    }
  }
  for (const ref of file.envFiles) {
    if (strict && !isInside(ref.path, rules.baseDir)) continue;
    const shown = `env-file "${ref.path}"`;
    const read = readEnvText(resolve(rules.baseDir, ref.path), strictBase);
    if (!read.ok) {
      if (read.kind === "missing") {
        diagnostics.push({
          code: "env-file-missing",
          severity: "warning",
          message: `${shown}: no such file, so its variables are not set. (Expected in CI, where the workflow step's env: gives them.)`,
          range: ref.range
        });
      } else if (read.kind === "policy") {
        diagnostics.push({
          code: "policy-env-file-outside",
          severity: "error",
          message: `${shown} ${read.why}. The strict policy refuses it (the file is not trusted): use a regular file inside the batch file's folder.`,
          range: ref.range
        });
      } else {
        diagnostics.push({ code: "env-file-invalid", severity: "error", message: `${shown} ${read.why}.`, range: ref.range });
      }
      continue;
    }
    const parsed = parseEnvFile(read.text);
    if ("line" in parsed) {
      diagnostics.push({ code: "env-file-invalid", severity: "error", message: `env-file ${ref.path}:${parsed.line}: ${parsed.message}.`, range: ref.range });
      continue;
    }
    Object.assign(env, parsed.env);
  }
  return { env, diagnostics };
}

// cli/load.ts
import { availableParallelism, totalmem } from "node:os";
import { resolve as resolve2 } from "node:path";

// core/policy.ts
var POLICIES = ["trusted", "strict"];
function isPolicy(value) {
  return POLICIES.includes(value);
}

// core/quantity.ts
var CPUS_FORMS = 'a number such as 2 or 0.5, or millicores such as "1500m"';
var MEMORY_FORMS = "bytes such as 1048576, or a number with k, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), such as 256Mi";
var DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
var MILLICORES = /^(\d+)m$/;
var MEMORY = /^((?:\d+(?:\.\d*)?|\.\d+))(k|M|G|T|Ki|Mi|Gi|Ti)?$/;
var MEMORY_UNITS = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40
};
function parseCpus(value) {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : void 0;
  const text = value.trim();
  const milli2 = MILLICORES.exec(text);
  if (milli2) return Number(milli2[1]) / 1e3;
  return DECIMAL.test(text) ? Number(text) : void 0;
}
function parseMemory(value) {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value) : void 0;
  const match = MEMORY.exec(value.trim());
  if (!match) return void 0;
  const bytes = Number(match[1]) * (match[2] ? MEMORY_UNITS[match[2]] : 1);
  return Number.isFinite(bytes) ? Math.round(bytes) : void 0;
}
var DOCKER_MEMORY = /^((?:\d+(?:\.\d*)?|\.\d+))\s*([kmgt])b?$/i;
function dockerMemoryMeaning(text) {
  const match = DOCKER_MEMORY.exec(text.trim());
  if (!match) return void 0;
  return `${match[1]}${match[2].toUpperCase()}i`;
}
var SMALLEST_MEMORY = 6 * 2 ** 20;

// core/surface/capacity-flags.ts
var EXPECTED = {
  cpus: CPUS_FORMS,
  memory: MEMORY_FORMS,
  parallel: "a whole number of at least 1"
};
function capacityFromValues(values, spelling) {
  const capacity = {};
  if (values.cpus !== void 0) {
    const n = parseCpus(values.cpus);
    if (n === void 0 || !(n > 0)) return invalidInput("cpus", values.cpus, EXPECTED.cpus, spelling);
    capacity.cpus = n;
  }
  if (values.memory !== void 0) {
    const n = parseMemory(values.memory);
    const meant = n === void 0 ? dockerMemoryMeaning(values.memory) : void 0;
    if (meant !== void 0) return invalidInput("memory", values.memory, `"${meant}" (docker's "m" is Mi here)`, spelling);
    if (n === void 0 || !(n > 0)) return invalidInput("memory", values.memory, EXPECTED.memory, spelling);
    if (n < SMALLEST_MEMORY && /^\s*[\d.]+\s*$/.test(values.memory)) return invalidInput("memory", values.memory, `a unit: a plain number is bytes (e.g. ${values.memory.trim()}Gi)`, spelling);
    capacity.memory = n;
  }
  if (values.parallel !== void 0) {
    const text = values.parallel.trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) return invalidInput("parallel", values.parallel, EXPECTED.parallel, spelling);
    capacity.parallel = n;
  }
  return capacity;
}
function policyFromValue(value, spelling, options = {}) {
  const fallback = options.fallback ?? "trusted";
  if (value === void 0) return fallback;
  const allowed = [...options.extra ?? [], ...POLICIES];
  if (allowed.includes(value)) return value;
  return invalidInput("policy", value, `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`, spelling);
}
function invalidInput(input, value, expected, spelling) {
  return new GantryError("input-invalid", `${spelling.subject(input, value)}; expected ${expected}.`, void 0, spelling.hint?.(input));
}

// core/surface/classify.ts
function classifyError(error) {
  if (error instanceof GantryError) {
    if (error.code === "cancelled") return { exitCode: EXIT.cancelled, code: error.code, line: "cancelled before the run started" };
    return {
      exitCode: error.code.startsWith("engine-") ? EXIT.engine : EXIT.invalid,
      code: error.code,
      line: oneLine(error.message),
      ...error.hint ? { hint: oneLine(error.hint) } : {}
    };
  }
  const detail = error instanceof Error ? error.stack ?? error.message : String(error);
  return { exitCode: EXIT.internal, code: "internal-error", line: `internal error: ${detail}` };
}
function classifyLoad(name, failure) {
  if (failure.refusal) {
    const { code, message } = failure.refusal;
    return { exitCode: EXIT.invalid, code, line: `${sanitize(name)}: ${message} [${code}]` };
  }
  const errors = failure.diagnostics.filter((d) => d.severity === "error").length;
  return {
    exitCode: EXIT.invalid,
    code: "invalid-file",
    line: `${sanitize(name)} has ${errors} error${errors === 1 ? "" : "s"}`,
    diagnostics: failure.diagnostics
  };
}
function oneLine(text) {
  return sanitize(text.replace(/\s+/g, " ").trim());
}

// core/surface/engines.ts
var DEFAULT_ENGINE = "docker";
function engineChoice(flag, file) {
  if (flag !== void 0) return { name: flag, source: "flag" };
  if (file !== void 0) return { name: file, source: "file" };
  return { name: DEFAULT_ENGINE, source: "default" };
}
function engineFromValue(value, spelling) {
  if (value === void 0 || value === "") return void 0;
  if (isEngineName(value)) return value;
  const guess = suggest(value, ENGINES);
  const shown = value.length > 40 ? `${value.slice(0, 40)}\u2026` : value;
  return invalidInput("engine", shown, `${ENGINES.join(" or ")}${guess ? ` (did you mean ${guess}?)` : ""}`, spelling);
}
async function loadBackend(name) {
  if (name === "swarm") {
    const { swarmBackend } = await import("./chunks/swarm-KHGHOT3I.js");
    return swarmBackend();
  }
  const { dockerBackend } = await import("./chunks/docker-CT5LAN4C.js");
  return dockerBackend();
}

// core/surface/load-file.ts
import { closeSync as closeSync2, fstatSync as fstatSync2, openSync as openSync2, readSync as readSync2 } from "node:fs";
import { dirname as dirname2, join as join2 } from "node:path";

// core/parse.ts
var import_yaml2 = __toESM(require_dist(), 1);

// core/duration-fix.ts
var UNITS = [
  [/^(ms|msecs?|millis|milliseconds?)$/, 1],
  [/^(s|secs?|seconds?)$/, 1e3],
  [/^(m|mins?|minutes?)$/, 6e4],
  [/^(h|hrs?|hours?)$/, 36e5],
  [/^(d|days?)$/, 864e5]
];
var MAX_INPUT = 100;
function durationFix(input) {
  const text = input.trim().toLowerCase();
  if (text === "" || text.length > MAX_INPUT) return void 0;
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(text)) return `${text}s`;
  const pair = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)/g;
  let ms = 0;
  let at = 0;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    if (!/^(\s|,|\band\b)*$/.test(text.slice(at, m.index))) return void 0;
    const unit = UNITS.find(([words]) => words.test(m[2]));
    if (!unit) return void 0;
    ms += Number(m[1]) * unit[1];
    at = m.index + m[0].length;
  }
  if (at === 0 || text.slice(at).trim() !== "" || !Number.isFinite(ms)) return void 0;
  const fixed = formatWhole(ms);
  return fixed !== void 0 && parseDuration(fixed) === ms ? fixed : void 0;
}
function formatWhole(ms) {
  if (!Number.isInteger(ms)) return void 0;
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, size] of [["h", 36e5], ["m", 6e4], ["s", 1e3], ["ms", 1]]) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

// core/nesting.ts
function findExcessNesting(text, limit) {
  const indents = [];
  let flow = 0;
  let quote = 0;
  let blockScalar = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const indent = i - lineStart;
    const first = text.charCodeAt(i);
    const blank = i >= lineEnd || first === CR || first === HASH;
    let skip = false;
    if (blockScalar >= 0) {
      if (blank || indent > blockScalar) skip = true;
      else blockScalar = -1;
    }
    if (!skip && !blank) {
      let depth = 0;
      if (flow === 0 && quote === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        for (; ; ) {
          const c = text.charCodeAt(i);
          if (!((c === DASH || c === QUESTION) && (i + 1 >= lineEnd || text.charCodeAt(i + 1) === SPACE))) break;
          depth++;
          i += 2;
          while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
        }
      }
      let valueStart = true;
      let lastSignificant = 0;
      for (; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (quote) {
          if (c === BACKSLASH && quote === DQUOTE) i++;
          else if (c === quote) {
            if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
            else quote = 0;
          }
          continue;
        }
        if (c === SPACE || c === TAB) {
          if (lastSignificant === COLON || lastSignificant === DASH || lastSignificant === QUESTION) valueStart = true;
          continue;
        }
        if (c === HASH && (i === lineStart || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
        if (valueStart && (c === DQUOTE || c === SQUOTE)) {
          quote = c;
          valueStart = false;
          continue;
        }
        if ((c === LBRACKET || c === LBRACE) && (valueStart || flow > 0 && (lastSignificant === COMMA || lastSignificant === LBRACKET || lastSignificant === LBRACE))) {
          flow++;
          if (indents.length + depth + flow > limit) return i;
        } else if ((c === RBRACKET || c === RBRACE) && flow > 0) flow--;
        else if ((c === PIPE || c === GT) && valueStart && flow === 0) blockScalar = indent;
        valueStart = flow > 0 && (c === COMMA || c === LBRACKET || c === LBRACE);
        lastSignificant = c;
      }
      if (indents.length + depth + flow > limit) return lineStart + indent;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}
var TAB = 9;
var CR = 13;
var SPACE = 32;
var DQUOTE = 34;
var HASH = 35;
var SQUOTE = 39;
var COMMA = 44;
var DASH = 45;
var COLON = 58;
var GT = 62;
var QUESTION = 63;
var LBRACKET = 91;
var BACKSLASH = 92;
var RBRACKET = 93;
var LBRACE = 123;
var PIPE = 124;
var RBRACE = 125;

// core/yaml-fast.ts
var import_yaml = __toESM(require_dist(), 1);
var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
var FastScalar = class {
  // Plain assignments, not class fields: fields are defined with define semantics, which costs
  // more per node than the constructor of yaml's that this avoids.
  constructor(value, source, type, range) {
    this.value = value;
    this.source = source;
    this.type = type;
    this.range = range;
  }
};
var FastPair = class {
  constructor(key, value) {
    this.key = key;
    this.value = value;
  }
};
var FastMap = class {
  constructor(schema) {
    this.schema = schema;
    this.items = [];
    this.range = [0, 0, 0];
  }
};
var FastSeq = class {
  constructor(schema) {
    this.schema = schema;
    this.items = [];
    this.range = [0, 0, 0];
  }
};
function inherit(fast, base, type) {
  Object.setPrototypeOf(fast.prototype, base.prototype);
  Object.defineProperty(fast.prototype, NODE_TYPE, { value: Symbol.for(type) });
}
inherit(FastScalar, import_yaml.Scalar, "yaml.scalar");
inherit(FastPair, import_yaml.Pair, "yaml.pair");
inherit(FastMap, import_yaml.YAMLMap, "yaml.map");
inherit(FastSeq, import_yaml.YAMLSeq, "yaml.seq");
var BAIL = new Error("outside the fast YAML subset");
var OUTSIDE = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ufeff]/;
var STRAY_CR = /\r(?!\n)/;
var MARKERS = /^(?:---|\.\.\.)(?:[ \r\n]|$)|^%/m;
function hasMarkers(text) {
  return (text.includes("---") || text.includes("...") || text.includes("%")) && MARKERS.test(text);
}
var MAX_KEY = 1e3;
var SPACE2 = 32;
var LF = 10;
var CR2 = 13;
var HASH2 = 35;
var COLON2 = 58;
var DASH2 = 45;
var COMMA2 = 44;
var QUOTE = 34;
var APOS = 39;
var NONE2 = 0;
var ITEM = 1;
var SEP = 2;
function composeFast(text, lineCounter, maxDepth = Infinity, listener) {
  if (OUTSIDE.test(text) || text.includes("\r") && STRAY_CR.test(text) || hasMarkers(text)) return void 0;
  const doc = new import_yaml.Document(void 0, { uniqueKeys: false, prettyErrors: false });
  let contents;
  let lastEmpty;
  try {
    const composer = new FastComposer(text, doc, maxDepth, listener);
    contents = composer.document();
    lastEmpty = composer.pending === SEP;
  } catch (error) {
    if (error === BAIL) return void 0;
    throw error;
  }
  const contentEnd = contents.range[2];
  doc.contents = contents;
  doc.range = [contents.range[0], contentEnd, lastEmpty ? contentEnd : text.length];
  doc.errors = [];
  doc.warnings = [];
  if (lineCounter.lineStarts.length === 0) addLineStarts(text, lineCounter);
  return doc;
}
function addLineStarts(text, lineCounter) {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
}
var FastComposer = class {
  constructor(text, doc, maxDepth, listener) {
    this.text = text;
    this.maxDepth = maxDepth;
    this.listener = listener;
    this.end = text.length;
    this.schema = doc.schema;
    this.options = doc.options;
    const tags = doc.schema.tags;
    this.tags = tags.filter((t) => t.default === true && t.test && !t.collection);
    this.keyTags = tags.filter((t) => (t.default === true || t.default === "key") && t.test && !t.collection);
    this.nullTag = this.tags.find((t) => t.test.test("null"));
    this.floatTag = this.tags.find((t) => t.test.test("1.50") && !t.format);
    this.coreNumbers = doc.schema.name === "core" && !doc.options.intAsBigInt;
  }
  text;
  maxDepth;
  listener;
  schema;
  tags;
  keyTags;
  options;
  end;
  /**
   * The core schema's null and plain float tags, whose `resolve` builds a whole yaml Scalar
   * (a costly constructor) only to carry the value and, for floats, `minFractionDigits`:
   * resolvePlain gives the same without it.
   */
  nullTag;
  floatTag;
  /**
   * The core schema without BigInts: there `123` can only be its int and `1.50` its float (no tag
   * before them matches digits, with or without one dot), so those skip the tag tests.
   */
  coreNumbers;
  // The next content line, as found by nextContent(): its start, indentation and first character
  // (`nextAt` is -1 at the end of the text), and the trivia before it.
  lineStart = 0;
  nextIndent = 0;
  nextAt = -1;
  triviaMaxComment = -1;
  /** What the trivia after the last value is (NONE, ITEM, SEP) and where it ends. */
  pending = NONE2;
  pendingEnd = 0;
  /** Collections open around the one being composed. */
  depth = 0;
  /** Top-level keys seen so far (a section is handed over at its first occurrence only). */
  topKeys = /* @__PURE__ */ new Set();
  document() {
    this.nextContent(0);
    if (this.nextAt < 0 || this.nextIndent !== 0) throw BAIL;
    if (this.keyColon(this.nextAt) < 0) throw BAIL;
    const map = this.blockMap(0, this.nextAt);
    if (this.nextAt >= 0) throw BAIL;
    return map;
  }
  /** The section a top-level key opens, if the listener wants it and it is the key's first occurrence. */
  section(key) {
    const name = key.value;
    if (!this.listener || typeof name !== "string" || !this.listener.sections.has(name) || this.topKeys.has(name)) return void 0;
    return name;
  }
  /** Counts one more open collection; past `maxDepth` the text goes to yaml (and the depth check). */
  enter() {
    if (++this.depth > this.maxDepth) throw BAIL;
  }
  // ---- lines --------------------------------------------------------------------------------
  /** Position after the line break of the line holding `i` (or the end of the text). */
  afterLine(i) {
    const nl = this.text.indexOf("\n", i);
    return nl < 0 ? this.end : nl + 1;
  }
  /** Skips blank and comment lines from the line start `from`; sets the next content line and the trivia. */
  nextContent(from) {
    const t = this.text;
    let maxComment = -1;
    let ls = from;
    while (ls < this.end) {
      let i = ls;
      while (t.charCodeAt(i) === SPACE2) i++;
      const c = t.charCodeAt(i);
      if (c === LF || c === CR2 || i >= this.end) {
        ls = this.afterLine(i);
        continue;
      }
      if (c === HASH2) {
        if (i - ls > maxComment) maxComment = i - ls;
        ls = this.afterLine(i);
        continue;
      }
      this.lineStart = ls;
      this.nextIndent = i - ls;
      this.nextAt = i;
      this.triviaMaxComment = maxComment;
      this.pending = i > from ? ITEM : NONE2;
      this.pendingEnd = i;
      return;
    }
    this.lineStart = this.end;
    this.nextAt = -1;
    this.nextIndent = -1;
    this.triviaMaxComment = maxComment;
    this.pending = this.end > from ? ITEM : NONE2;
    this.pendingEnd = this.end;
  }
  /**
   * After a value that ends its line: comment lines indented deeper than the collection (`indent`)
   * that follow it, with only blank lines between, belong to the value (yaml's parser appends them
   * to the value's end tokens). Returns the end of the last such line, or `from`.
   */
  absorb(indent, from) {
    const t = this.text;
    let end = from;
    let ls = from;
    while (ls < this.end) {
      let i = ls;
      while (t.charCodeAt(i) === SPACE2) i++;
      const c = t.charCodeAt(i);
      if (c === LF || c === CR2 || i >= this.end) {
        ls = this.afterLine(i);
        continue;
      }
      if (c === HASH2 && i - ls > indent) {
        ls = this.afterLine(i);
        end = ls;
        continue;
      }
      break;
    }
    return end;
  }
  /** After a value on this line (ending at `i`): spaces, an optional comment, the line break. Returns the line's end. */
  lineRest(i) {
    const t = this.text;
    const start = i;
    while (t.charCodeAt(i) === SPACE2) i++;
    const c = t.charCodeAt(i);
    if (i >= this.end || c === LF) return i >= this.end ? this.end : i + 1;
    if (c === CR2) return i + 2;
    if (c === HASH2 && i > start) return this.afterLine(i);
    throw BAIL;
  }
  /** When a collection at `indent` ends: trailing trivia with a comment at or beyond its indentation stays in it. */
  closeCollection(node, indent) {
    if (this.pending === ITEM && indent > 0 && this.triviaMaxComment >= indent) {
      node.range[2] = this.pendingEnd;
      this.pending = NONE2;
    }
  }
  // ---- block collections --------------------------------------------------------------------
  isDash(i) {
    if (this.text.charCodeAt(i) !== DASH2) return false;
    const c = this.text.charCodeAt(i + 1);
    return c === SPACE2 || c === LF || c === CR2 || i + 1 >= this.end;
  }
  /** `section`: this map is a section's value, whose pairs go to the listener as they are done. */
  blockMap(indent, keyAt, section) {
    const t = this.text;
    this.enter();
    const map = new FastMap(this.schema);
    const first = keyAt;
    let last;
    for (; ; ) {
      const colon = this.keyColon(keyAt);
      if (colon < 0) throw BAIL;
      const key = this.key(keyAt, colon);
      let i = colon + 1;
      while (t.charCodeAt(i) === SPACE2) i++;
      const c = t.charCodeAt(i);
      let value;
      if (i >= this.end || c === LF || c === CR2 || c === HASH2) {
        const hasComment = c === HASH2;
        this.nextContent(this.afterLine(i));
        const at = this.nextAt;
        if (at >= 0 && this.nextIndent >= indent && this.isDash(at)) {
          value = this.blockSeq(this.nextIndent, at);
        } else if (at >= 0 && this.nextIndent > indent) {
          value = this.blockMap(this.nextIndent, at, this.depth === 1 ? this.section(key) : void 0);
        } else {
          if (hasComment || this.triviaMaxComment >= 0) throw BAIL;
          value = new FastScalar(null, "", "PLAIN", [i, i, i]);
          value.value = this.resolvePlain("", false);
          this.pending = SEP;
        }
      } else {
        if (c === DASH2 && this.isDash(i)) throw BAIL;
        value = this.flowNode(i, false);
        const rest = this.lineRest(value.range[1]);
        const end = this.absorb(indent, rest);
        value.range[2] = end;
        this.nextContent(end);
      }
      const pair = new FastPair(key, value);
      last = value;
      const taken = section !== void 0 && this.listener.sectionPair(section, pair);
      if (taken) pair.value = null;
      else map.items.push(pair);
      if (this.listener && this.depth === 1) {
        this.topKeys.add(key.value);
        this.listener.topPair(pair);
      }
      if (this.nextAt < 0 || this.nextIndent < indent) break;
      if (this.nextIndent > indent || this.isDash(this.nextAt)) throw BAIL;
      this.pending = NONE2;
      keyAt = this.nextAt;
    }
    const valueEnd = last.range[2];
    map.range = [first, valueEnd, valueEnd];
    this.closeCollection(map, indent);
    this.depth--;
    return map;
  }
  blockSeq(indent, dashAt) {
    const t = this.text;
    this.enter();
    const seq = new FastSeq(this.schema);
    const first = dashAt;
    let last;
    for (; ; ) {
      if (t.charCodeAt(dashAt + 1) !== SPACE2) throw BAIL;
      let i = dashAt + 2;
      while (t.charCodeAt(i) === SPACE2) i++;
      const c = t.charCodeAt(i);
      if (i >= this.end || c === LF || c === CR2 || c === HASH2) throw BAIL;
      const column = i - this.lineStart;
      let item;
      if (this.isDash(i)) {
        item = this.blockSeq(column, i);
      } else if (this.keyColon(i) >= 0) {
        item = this.blockMap(column, i);
      } else {
        item = this.flowNode(i, false);
        const rest = this.lineRest(item.range[1]);
        const end = this.absorb(indent, rest);
        item.range[2] = end;
        this.nextContent(end);
      }
      seq.items.push(item);
      last = item;
      if (this.nextAt < 0 || this.nextIndent < indent) break;
      if (this.nextIndent > indent) throw BAIL;
      if (!this.isDash(this.nextAt)) break;
      this.pending = NONE2;
      dashAt = this.nextAt;
    }
    const valueEnd = last.range[2];
    seq.range = [first, valueEnd, valueEnd];
    this.closeCollection(seq, indent);
    this.depth--;
    return seq;
  }
  // ---- keys ---------------------------------------------------------------------------------
  /**
   * If a block mapping key starts at `i` (a plain or quoted scalar on this line, then `:` and a
   * space or the line's end), the position of its `:`; otherwise -1.
   */
  keyColon(i) {
    const t = this.text;
    const c = t.charCodeAt(i);
    let j;
    if (c === QUOTE || c === APOS) {
      j = this.quotedEnd(i);
      if (j < 0) return -1;
      while (t.charCodeAt(j) === SPACE2) j++;
      if (t.charCodeAt(j) !== COLON2) return -1;
    } else {
      if (!this.plainStart(i, false)) return -1;
      j = i + 1;
      for (; ; ) {
        const d = t.charCodeAt(j);
        if (j >= this.end || d === LF || d === CR2) return -1;
        if (d === HASH2 && t.charCodeAt(j - 1) === SPACE2) return -1;
        if (d === COLON2) {
          const e2 = t.charCodeAt(j + 1);
          if (e2 === SPACE2 || e2 === LF || e2 === CR2 || j + 1 >= this.end) break;
        }
        j++;
      }
    }
    const e = t.charCodeAt(j + 1);
    if (!(e === SPACE2 || e === LF || e === CR2 || j + 1 >= this.end)) return -1;
    return j;
  }
  key(at, colon) {
    const t = this.text;
    const c = t.charCodeAt(at);
    let end;
    let node;
    if (c === QUOTE || c === APOS) {
      end = this.quotedEnd(at);
      node = this.quoted(at, end);
    } else {
      end = colon;
      while (t.charCodeAt(end - 1) === SPACE2) end--;
      const source = t.slice(at, end);
      node = new FastScalar(null, source, "PLAIN", [at, end, end]);
      node.value = this.resolvePlain(source, true, node);
    }
    if (end - at > MAX_KEY) throw BAIL;
    return node;
  }
  // ---- flow nodes ---------------------------------------------------------------------------
  /** A scalar or flow collection at `i`; range[2] is set to the end of its value (callers extend it). */
  flowNode(i, inFlow) {
    const c = this.text.charCodeAt(i);
    if (c === 91) return this.flowSeq(i);
    if (c === 123) return this.flowMap(i);
    if (c === QUOTE || c === APOS) {
      const end = this.quotedEnd(i);
      if (end < 0) throw BAIL;
      return this.quoted(i, end);
    }
    return this.plain(i, inFlow);
  }
  /** Skips spaces after a flow item, setting its range[2] to where they end. */
  afterFlowItem(node) {
    let i = node.range[1];
    while (this.text.charCodeAt(i) === SPACE2) i++;
    node.range[2] = i;
    return i;
  }
  flowSeq(start) {
    const t = this.text;
    this.enter();
    const seq = new FastSeq(this.schema);
    seq.flow = true;
    let i = start + 1;
    while (t.charCodeAt(i) === SPACE2) i++;
    if (t.charCodeAt(i) !== 93) {
      for (; ; ) {
        const item = this.flowNode(i, true);
        seq.items.push(item);
        i = this.afterFlowItem(item);
        const c = t.charCodeAt(i);
        if (c === 93) break;
        if (c !== COMMA2) throw BAIL;
        i++;
        while (t.charCodeAt(i) === SPACE2) i++;
        if (t.charCodeAt(i) === 93 || t.charCodeAt(i) === COMMA2) throw BAIL;
      }
    }
    seq.range = [start, i + 1, i + 1];
    this.depth--;
    return seq;
  }
  flowMap(start) {
    const t = this.text;
    this.enter();
    const map = new FastMap(this.schema);
    map.flow = true;
    let i = start + 1;
    while (t.charCodeAt(i) === SPACE2) i++;
    if (t.charCodeAt(i) !== 125) {
      for (; ; ) {
        const k = t.charCodeAt(i);
        if (k === 91 || k === 123) throw BAIL;
        const key = this.flowNode(i, true);
        i = key.range[1];
        while (t.charCodeAt(i) === SPACE2) i++;
        if (t.charCodeAt(i) !== COLON2 || t.charCodeAt(i + 1) !== SPACE2) throw BAIL;
        i += 2;
        while (t.charCodeAt(i) === SPACE2) i++;
        const v = t.charCodeAt(i);
        if (v === COMMA2 || v === 125 || v === LF || v === CR2 || i >= this.end) throw BAIL;
        const value = this.flowNode(i, true);
        map.items.push(new FastPair(key, value));
        i = this.afterFlowItem(value);
        const c = t.charCodeAt(i);
        if (c === 125) break;
        if (c !== COMMA2) throw BAIL;
        i++;
        while (t.charCodeAt(i) === SPACE2) i++;
        if (t.charCodeAt(i) === 125 || t.charCodeAt(i) === COMMA2) throw BAIL;
      }
    }
    map.range = [start, i + 1, i + 1];
    this.depth--;
    return map;
  }
  // ---- scalars ------------------------------------------------------------------------------
  /** Whether a plain scalar may start at `i` (no indicator that starts something else). */
  plainStart(i, inFlow) {
    const t = this.text;
    const c = t.charCodeAt(i);
    switch (c) {
      case 45:
      // -
      case 63:
      // ?
      case COLON2: {
        const d = t.charCodeAt(i + 1);
        if (d === SPACE2 || d === LF || d === CR2 || i + 1 >= this.end) return false;
        if (inFlow && (d === COMMA2 || d === 91 || d === 93 || d === 123 || d === 125)) return false;
        return true;
      }
      case COMMA2:
      case 91:
      // [
      case 93:
      // ]
      case 123:
      // {
      case 125:
      // }
      case HASH2:
      case 38:
      // &
      case 42:
      // *
      case 33:
      // !
      case 124:
      // |
      case 62:
      // >
      case APOS:
      case QUOTE:
      case 37:
      // %
      case 64:
      // @
      case 96:
      // `
      case SPACE2:
      case LF:
      case CR2:
        return false;
    }
    return i < this.end;
  }
  plain(start, inFlow) {
    const t = this.text;
    if (!this.plainStart(start, inFlow)) throw BAIL;
    let i = start + 1;
    let end = i;
    for (; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR2) break;
      if (c === SPACE2) continue;
      if (c === HASH2 && t.charCodeAt(i - 1) === SPACE2) break;
      if (c === COLON2) {
        const d = t.charCodeAt(i + 1);
        if (d === SPACE2 || d === LF || d === CR2 || i + 1 >= this.end) break;
        if (inFlow) throw BAIL;
      }
      if (inFlow && (c === COMMA2 || c === 91 || c === 93 || c === 123 || c === 125)) break;
      end = i + 1;
    }
    if (inFlow && t.charCodeAt(i) === HASH2) throw BAIL;
    const source = t.slice(start, end);
    const node = new FastScalar(null, source, "PLAIN", [start, end, end]);
    node.value = this.resolvePlain(source, false, node);
    return node;
  }
  /** The position after the closing quote of the quoted scalar at `i`, or -1 if it does not close on this line. */
  quotedEnd(i) {
    const t = this.text;
    const q = t.charCodeAt(i);
    for (let j = i + 1; j < this.end; j++) {
      const c = t.charCodeAt(j);
      if (c === LF || c === CR2) return -1;
      if (q === QUOTE && c === 92) {
        j++;
        if (t.charCodeAt(j) === LF || t.charCodeAt(j) === CR2) return -1;
        continue;
      }
      if (c === q) {
        if (q === APOS && t.charCodeAt(j + 1) === APOS) {
          j++;
          continue;
        }
        return j + 1;
      }
    }
    return -1;
  }
  quoted(start, end) {
    const t = this.text;
    const after = t.charCodeAt(end);
    if (!(end >= this.end || after === SPACE2 || after === LF || after === CR2 || after === COLON2 || after === COMMA2 || after === 93 || after === 125)) throw BAIL;
    const single = t.charCodeAt(start) === APOS;
    const inner = t.slice(start + 1, end - 1);
    const value = single ? inner.includes("'") ? inner.replace(/''/g, "'") : inner : inner.includes("\\") ? unescape(inner) : inner;
    return new FastScalar(value, value, single ? "QUOTE_SINGLE" : "QUOTE_DOUBLE", [start, end, end]);
  }
  /** The core schema's value for a plain scalar, exactly as yaml's findScalarTagByTest + resolve. */
  resolvePlain(source, atKey, node) {
    const c = source.charCodeAt(0);
    const n = source.length;
    const maybe = n === 0 || c >= 48 && c <= 57 || c === 43 || c === 45 || c === 46 || c === 126 || (c === 110 || c === 78 || c === 116 || c === 84) && n === 4 || (c === 102 || c === 70) && n === 5;
    if (!maybe) return source;
    const last = source.charCodeAt(n - 1);
    const ends = n === 0 || last >= 48 && last <= 57 || last >= 65 && last <= 70 || last >= 97 && last <= 102 || last === 46 || last === 126 || last === 108 || last === 76 || last === 110 || last === 78;
    if (!ends) return source;
    let tag;
    const digits = this.coreNumbers ? digitsEnd(source, 0) : 0;
    if (digits > 0 && digits === n) return parseInt(source, 10);
    if (digits > 0 && source.charCodeAt(digits) === 46 && digitsEnd(source, digits + 1) === n) tag = this.floatTag;
    const tags = atKey ? this.keyTags : this.tags;
    for (let i = 0; tag === void 0 && i < tags.length; i++) {
      if (tags[i].test.test(source)) tag = tags[i];
    }
    if (!tag) return source;
    if (tag === this.nullTag) return null;
    if (tag === this.floatTag) {
      const dot = source.indexOf(".");
      if (node && dot !== -1 && source.charCodeAt(n - 1) === 48) node.minFractionDigits = n - dot - 1;
      return parseFloat(source);
    }
    let failed = false;
    const res = tag.resolve(source, () => failed = true, this.options);
    if (failed) throw BAIL;
    if (node && tag.format) node.format = tag.format;
    if (res instanceof import_yaml.Scalar) {
      if (node) {
        for (const k of Object.keys(res)) if (k !== "value") node[k] = res[k];
      }
      return res.value;
    }
    return res;
  }
};
function digitsEnd(text, from) {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}
var ESCAPES = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1B",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "	",
  v: "\v",
  N: "\x85",
  _: "\xA0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\"
};
function unescape(inner) {
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = inner[++i];
    const simple = ESCAPES[next];
    if (simple !== void 0) {
      out += simple;
      continue;
    }
    const length = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    if (!length) throw BAIL;
    const hex = inner.substr(i + 1, length);
    if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
    const code = parseInt(hex, 16);
    if (code > 1114111) throw BAIL;
    out += String.fromCodePoint(code);
    i += length;
  }
  return out;
}

// core/parse.ts
var ReusableUnits = class {
  constructor(text) {
    this.text = text;
  }
  text;
  // By the offset of the unit's name, in increasing order (units are read in document order):
  // found by binary search. Arrays side by side rather than a Map of objects: one of these is
  // made for every unit of every version typed.
  starts = [];
  ends = [];
  specs = [];
  problems = [];
  /** Where the `defaults:` entry the units were read with is written; undefined when there is none. */
  defaults;
  /** How many of these units were taken over from the previous version rather than read (for tests and benchmarks). */
  takenOver = 0;
  add(start, end, spec, diagnostics) {
    this.starts.push(start);
    this.ends.push(end);
    this.specs.push(spec);
    this.problems.push(diagnostics);
  }
  /** How many units there are. */
  get size() {
    return this.starts.length;
  }
  /** The unit whose name is at `start`, if any. */
  get(start) {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const mid = low + high >> 1;
      if (starts[mid] < start) low = mid + 1;
      else if (starts[mid] > start) high = mid - 1;
      else return { end: this.ends[mid], spec: this.specs[mid], diagnostics: this.problems[mid] };
    }
    return void 0;
  }
};
var MAX_FILE_BYTES = 5 * 1024 * 1024;
var MAX_DEPTH = 64;
var MAX_ALIASES = 100;
function parseBatchFile(written, options = {}) {
  const text = normalizeLineBreaks(written);
  const refusal = refuse(text);
  if (refusal) return { diagnostics: [refusal], lineCounter: new import_yaml2.LineCounter() };
  if (!options.slowYaml) {
    let fast;
    try {
      fast = readFast(text, options);
    } catch (error) {
      if (error !== RESTART) throw error;
      fast = readFast(text, null);
    }
    if (fast) return fast;
  }
  return readYaml(text);
}
function normalizeLineBreaks(text) {
  for (let i = text.indexOf("\r"); i >= 0; i = text.indexOf("\r", i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return text.replace(STRAY_CR2, "\n");
  }
  return text;
}
var STRAY_CR2 = /\r(?!\n)/g;
function readFast(text, options) {
  const lineCounter = new import_yaml2.LineCounter();
  addLineStarts(text, lineCounter);
  const diagnostics = [];
  const reuse = options?.previous?.reusable ? new Reuse(options.previous.reusable, text) : void 0;
  const reusable = options?.reusable ? new ReusableUnits(text) : void 0;
  const reader = new Reader(text, lineCounter, diagnostics, true, reuse, reusable);
  let file;
  try {
    const document = composeFast(text, lineCounter, MAX_DEPTH, options ? reader.listener() : void 0);
    if (!document) return void 0;
    file = reader.read(document);
  } catch (error) {
    if (error === RESTART) throw error;
    diagnostics.push(internalError(error));
  }
  const result = { file, diagnostics: sortDiagnostics(diagnostics), lineCounter };
  if (reusable) result.reusable = reusable;
  return result;
}
var Reuse = class {
  constructor(previous, text) {
    this.previous = previous;
    this.text = text;
    const old = previous.text;
    const n = Math.min(old.length, text.length);
    const p = commonPrefix(old, text, n);
    const q = commonSuffix(old, text, n - p);
    this.same = p;
    this.delta = text.length - old.length;
    this.changedEnd = text.length - q;
    this.linesKept = countLines(text, p, this.changedEnd) === countLines(old, p, old.length - q);
  }
  previous;
  text;
  /** Length of the text the two versions start with. */
  same;
  /** New length minus old: how far the unchanged end moved. */
  delta;
  /** Where the unchanged end starts in the new text. */
  changedEnd;
  /** The change left every line after it at its line number. */
  linesKept;
  /**
   * Whether what starts at `start` in the new text is in the unchanged end, on the same line and
   * column as in the old text: then all of it is the same text at the same positions.
   */
  intactAfter(start) {
    if (!this.linesKept || start < this.changedEnd) return false;
    const was = start - this.delta;
    return start - (this.text.lastIndexOf("\n", start - 1) + 1) === was - (this.previous.text.lastIndexOf("\n", was - 1) + 1);
  }
  /** Whether `defaults:` (where the new text has it) is the same entry as the old units were read with. */
  sameDefaults(now) {
    const before = this.previous.defaults;
    if (!now || !before) return !now && !before;
    if (now.end < this.same) return now.start === before.start && now.end === before.end;
    return this.intactAfter(now.start) && now.start - this.delta === before.start && now.end - this.delta === before.end;
  }
  /** The unit read last time from the same text, if it reads the same now (see the class), and how far on in the text it is now. */
  get(start, end, defaults) {
    if (end < this.same) {
      const unit2 = this.previous.get(start);
      return unit2 && unit2.end === end ? { unit: unit2, offsets: 0 } : void 0;
    }
    if (!this.intactAfter(start) || !this.sameDefaults(defaults)) return void 0;
    const unit = this.previous.get(start - this.delta);
    return unit && unit.end === end - this.delta ? { unit, offsets: this.delta } : void 0;
  }
};
var COMPARE_BLOCK = 4096;
function commonPrefix(a, b, max) {
  let p = 0;
  while (p + COMPARE_BLOCK <= max && a.slice(p, p + COMPARE_BLOCK) === b.slice(p, p + COMPARE_BLOCK)) p += COMPARE_BLOCK;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}
function commonSuffix(a, b, max) {
  let q = 0;
  while (q + COMPARE_BLOCK <= max && a.slice(a.length - q - COMPARE_BLOCK, a.length - q) === b.slice(b.length - q - COMPARE_BLOCK, b.length - q)) {
    q += COMPARE_BLOCK;
  }
  while (q < max && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return q;
}
function countLines(text, from, to) {
  let count2 = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) count2++;
  return count2;
}
function readYaml(text) {
  const lineCounter = new import_yaml2.LineCounter();
  const deep = tooDeep(text);
  if (deep) return { diagnostics: [deep], lineCounter };
  const diagnostics = [];
  let file;
  try {
    const document = parseYaml(text, lineCounter);
    const reader = new Reader(text, lineCounter, diagnostics, false);
    file = reader.read(document);
  } catch (error) {
    diagnostics.push(internalError(error));
  }
  return { file, diagnostics: sortDiagnostics(diagnostics), lineCounter };
}
function internalError(error) {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: "internal-error",
    message: `Gantry could not read this file because of a bug in its parser (${detail}). Please report it with the file.`,
    severity: "error",
    range: FILE_START
  };
}
function refuse(text) {
  if (utf8Length(text, MAX_FILE_BYTES) > MAX_FILE_BYTES) {
    return {
      code: "file-too-large",
      message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, too large for a batch file; it was not read. Split it, or generate fewer tasks with a matrix.`,
      severity: "error",
      range: FILE_START
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const at = plainPosition(text, nul);
    return {
      code: "binary-file",
      message: "The file contains NUL bytes, so it is not a text file; it was not read. Is this the right file?",
      severity: "error",
      range: { start: at, end: { line: at.line, character: at.character + 1 } }
    };
  }
  const bad = notUtf8(text);
  if (bad >= 0) {
    const at = plainPosition(text, bad);
    return {
      code: "invalid-utf8",
      message: 'The file is not UTF-8 text: the bytes here are not a UTF-8 character (editors show them as "\uFFFD"); it was not read. Save the file as UTF-8.',
      severity: "error",
      range: { start: at, end: { line: at.line, character: at.character + 1 } }
    };
  }
  return void 0;
}
function decodeBatchFile(bytes) {
  return new TextDecoder("utf-8").decode(bytes);
}
var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function notUtf8(text) {
  const replaced = text.indexOf("\uFFFD");
  const wellFormed = text.isWellFormed;
  if (wellFormed ? wellFormed.call(text) : !LONE_SURROGATE.test(text)) return replaced;
  const lone = LONE_SURROGATE.exec(text).index;
  return replaced < 0 ? lone : Math.min(replaced, lone);
}
function tooDeep(text) {
  const deep = findExcessNesting(text, MAX_DEPTH);
  if (deep < 0) return void 0;
  const at = plainPosition(text, deep);
  return {
    code: "too-deep",
    message: `The YAML nests deeper than ${MAX_DEPTH} levels here; no batch file needs that, so it was not read.`,
    severity: "error",
    range: { start: at, end: { line: at.line, character: at.character + 1 } }
  };
}
var NON_ASCII = /[^\x00-\x7f]/;
function utf8Length(text, cap) {
  if (text.length > cap) return text.length;
  if (text.length * 3 <= cap || !NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) bytes += 1;
    else if (c < 2048) bytes += 2;
    else if (c >= 55296 && c < 56320) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
function plainPosition(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
function parseYaml(text, lineCounter) {
  addLineStarts(text, lineCounter);
  const parser = new import_yaml2.Parser();
  const composer = new import_yaml2.Composer({ uniqueKeys: false, prettyErrors: false });
  let first;
  for (const doc of composer.compose(parser.parse(text), true, text.length)) {
    if (!first) first = doc;
    else {
      const second = doc.range;
      const lineEnd = text.indexOf("\n", second[0]);
      const end = lineEnd < 0 || lineEnd > second[1] ? second[1] : lineEnd;
      first.errors.push(
        Object.assign(new Error("multiple documents"), {
          name: "YAMLParseError",
          code: "MULTIPLE_DOCS",
          pos: [second[0], end],
          message: 'This file holds more than one YAML document ("---"); a batch file is a single document.'
        })
      );
      break;
    }
  }
  return first;
}
var Entry = class {
  constructor(positions, key, value, pair, start, keyEnd, valueStart, end) {
    this.positions = positions;
    this.key = key;
    this.value = value;
    this.pair = pair;
    this.start = start;
    this.keyEnd = keyEnd;
    this.valueStart = valueStart;
    this.end = end;
  }
  positions;
  key;
  value;
  pair;
  start;
  keyEnd;
  valueStart;
  end;
  keyAt;
  valueAt;
  get keyRange() {
    return this.keyAt ??= this.positions.range(this.start, this.keyEnd);
  }
  get valueRange() {
    return this.valueAt ??= this.positions.range(this.valueStart, this.end);
  }
  /** Where key and value are written, for `UnitSpec.fields` (ranges computed when read). */
  field() {
    return new FieldSpan(this.positions.lineStarts, this.start, this.keyEnd, this.valueStart, this.end);
  }
};
var SeenKeys = class {
  constructor(positions) {
    this.positions = positions;
  }
  positions;
  starts = /* @__PURE__ */ new Map();
  get(key) {
    const start = this.starts.get(key);
    return start === void 0 ? void 0 : { keyRange: this.positions.range(start, start) };
  }
  add(entry) {
    this.starts.set(entry.key, entry.start);
  }
};
var Entries = class {
  list = [];
  index;
  get size() {
    return this.list.length;
  }
  get(key) {
    if (this.index) return this.index.get(key);
    for (const entry of this.list) if (entry.key === key) return entry;
    return void 0;
  }
  /** Adds an entry whose key is not there yet. */
  add(entry) {
    this.list.push(entry);
    if (this.index) this.index.set(entry.key, entry);
    else if (this.list.length > 16) this.index = new Map(this.list.map((e) => [e.key, e]));
  }
  values() {
    return this.list;
  }
};
var RESTART = new Error("read the file again without streaming");
var SECTIONS = /* @__PURE__ */ new Set(["volumes", "services", "tasks"]);
var NO_DEFAULTS = Object.freeze({ env: Object.freeze({}), expressions: [] });
var Reader = class {
  constructor(text, lc, diagnostics, fast, reuse, reusable) {
    this.text = text;
    this.diagnostics = diagnostics;
    this.fast = fast;
    this.reuse = reuse;
    this.reusable = reusable;
    this.positions = new Positions(lc, text);
  }
  text;
  diagnostics;
  fast;
  reuse;
  reusable;
  aliases = 0;
  aliasReported = false;
  /** Start positions (`line:character`) of aliases not followed; they already have their one error. */
  dropped = /* @__PURE__ */ new Set();
  /** Offsets to positions; the reader asks in mostly increasing order, which it exploits. */
  positions;
  doc;
  /** What the sections hold, in the order written; names claimed so far (one namespace for all three). */
  volumes = [];
  services = [];
  tasks = [];
  /** Names claimed so far, and where each was written first (an offset). */
  taken = /* @__PURE__ */ new Map();
  // Streaming (see `listener`): the defaults and the sections read while composing.
  streamedDefaults;
  streamed = /* @__PURE__ */ new Map();
  streamStopped = false;
  /** Where the streamed defaults are written. */
  defaultsSpan;
  /** Line starts for the model's lazily positioned objects. */
  get lineStarts() {
    return this.positions.lineStarts;
  }
  /** The batch file in `doc`, with every problem reported. */
  read(doc) {
    this.doc = doc;
    this.yamlProblems();
    if (!this.fast) this.checkDepth();
    return this.batchFile();
  }
  /**
   * For the fast path's composer: reads `defaults:` and then each task, service and volume as soon
   * as it is composed, and lets the composer drop its tree. A section is read this way only if
   * `defaults:` comes before it (or nowhere), and once one is not, no later one is (names are
   * claimed in the order written). `batchFile` then reads only what was not streamed.
   */
  listener() {
    const defaultsAhead = /^(?:defaults|"defaults"|'defaults') *:/m.test(this.text);
    let defaultsSeen = false;
    return {
      sections: SECTIONS,
      topPair: (pair) => {
        if (defaultsSeen || !isScalar(pair.key) || pair.key.value !== "defaults") return;
        defaultsSeen = true;
        if (this.streamed.size) throw RESTART;
        const entry = this.entry(pair, "the batch file", new Entries(), "top");
        if (!entry) return;
        this.streamedDefaults = this.defaults(entry);
        this.defaultsSpan = { start: entry.start, end: entry.end };
        if (this.reusable) this.reusable.defaults = this.defaultsSpan;
      },
      sectionPair: (section, pair) => {
        if (this.streamStopped || defaultsAhead && !defaultsSeen) {
          this.streamStopped = true;
          return false;
        }
        let keys = this.streamed.get(section);
        if (!keys) this.streamed.set(section, keys = new SeenKeys(this.positions));
        const entry = this.entry(pair, `"${section}"`, keys);
        if (entry) {
          keys.add(entry);
          this.claim(sectionKind(section), entry, this.streamedDefaults ?? NO_DEFAULTS, true);
        }
        return true;
      }
    };
  }
  // ---- reporting -----------------------------------------------------------------------------
  report(code, message, range, severity = "error", fixes) {
    if (this.dropped.size && code !== "too-many-aliases" && this.isDropped(range)) return;
    const d = { code, message, severity, range };
    if (fixes?.length) d.fixes = fixes;
    this.diagnostics.push(d);
  }
  isDropped(range) {
    return this.dropped.has(`${range.start.line}:${range.start.character}`);
  }
  span(start, end) {
    return this.positions.range(start, end);
  }
  /**
   * Drops a task's, service's or volume's syntax tree once its model is built, so that on a large
   * file the tree is collected while the rest is read rather than held to the end (for 100,000
   * tasks, ~180 MB). Only without aliases: an alias elsewhere may still need to find its anchor
   * here (the fast YAML path never composes aliases; yaml's documents keep their trees).
   */
  release(entry) {
    if (!this.fast) return;
    entry.value = null;
    if (entry.pair) entry.pair.value = null;
    entry.pair = null;
  }
  entryRange(entry) {
    return this.span(entry.start, entry.end);
  }
  /** A node's range, without the line break and blank lines a block collection ends with. */
  range(node, fallback = 0) {
    const [s, e] = nodeSpan(node, fallback);
    return this.span(s, this.trimEnd(s, e));
  }
  trimEnd(start, end) {
    let e = end;
    while (e > start && isSpace(this.text.charCodeAt(e - 1))) e--;
    return e;
  }
  yamlProblems() {
    for (const e of this.doc.errors) {
      const code = e.code === "MULTIPLE_DOCS" ? "multiple-documents" : e.code === "RESOURCE_EXHAUSTION" ? "too-deep" : "yaml-syntax";
      this.report(code, yamlMessage(e.message), this.span(e.pos[0], e.pos[1]));
    }
    for (const w of this.doc.warnings) this.report("yaml-warning", yamlMessage(w.message), this.span(w.pos[0], w.pos[1]), "warning");
  }
  /** The exact depth check on the tree, iterative so depth itself cannot overflow the stack. */
  checkDepth() {
    const nodes = [this.doc.contents];
    const depths = [1];
    while (nodes.length) {
      const node = nodes.pop();
      const depth = depths.pop();
      if (!isMap(node) && !isSeq(node)) continue;
      if (depth > MAX_DEPTH) {
        this.report("too-deep", `The YAML nests deeper than ${MAX_DEPTH} levels here; no batch file needs that.`, this.range(node));
        return;
      }
      for (const item of node.items) {
        if (isPair(item)) {
          if (item.key !== null && typeof item.key === "object") nodes.push(item.key), depths.push(depth + 1);
          if (item.value !== null && typeof item.value === "object") nodes.push(item.value), depths.push(depth + 1);
        } else if (item !== null && typeof item === "object") nodes.push(item), depths.push(depth + 1);
      }
    }
  }
  /** Follows an alias (counting, so a billion-laughs file stops after MAX_ALIASES). */
  deref(node) {
    if (!isAlias(node)) return node ?? null;
    this.aliases++;
    if (this.aliases > MAX_ALIASES) {
      const at = this.range(node).start;
      this.dropped.add(`${at.line}:${at.character}`);
      if (!this.aliasReported) {
        this.aliasReported = true;
        this.report(
          "too-many-aliases",
          `More than ${MAX_ALIASES} aliases are used; the rest are ignored. Use defaults: instead of YAML anchors.`,
          this.range(node)
        );
      }
      return null;
    }
    const target = node.resolve(this.doc);
    if (!target) {
      const at = this.range(node);
      this.report("yaml-syntax", `Unknown alias "*${node.source}": no anchor "&${node.source}" comes before it.`, at);
      this.dropped.add(`${at.start.line}:${at.start.character}`);
      return null;
    }
    return isAlias(target) ? null : target;
  }
  // ---- generic readers ------------------------------------------------------------------------
  /**
   * Reads a mapping's entries. With a context, unknown keys are reported (with a did-you-mean fix)
   * and left out. Duplicate keys are reported and the first kept. Returns undefined (after a
   * `wrong-type`) when the node is not a mapping; an empty value reads as an empty mapping.
   */
  entries(node, what, where, context, unit) {
    const map = this.deref(node);
    if (map === null || isScalar(map) && map.value === null) return new Entries();
    if (!isMap(map)) {
      this.report("wrong-type", `${what} must be a mapping of keys.`, map.range ? this.range(map) : where);
      return void 0;
    }
    const out = new Entries();
    for (const pair of map.items) {
      const entry = this.entry(pair, what, out, context, unit);
      if (entry) out.add(entry);
    }
    return out;
  }
  /**
   * One pair of a mapping as an Entry, or undefined after reporting why it is left out: a key
   * that is not a plain name, already in `out` (the first is kept), or unknown in `context`.
   */
  entry(pair, what, out, context, unit) {
    const keyNode = this.deref(pair.key);
    if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
      const r = keyNode ? this.range(keyNode) : this.range(pair.value);
      this.report("wrong-type", `Keys in ${what} must be plain names.`, r);
      return void 0;
    }
    const written = this.scalarText(keyNode);
    const keySpan = keyNode.range;
    const keyStart = keySpan ? keySpan[0] : 0;
    const keyEnd = keySpan ? this.trimEnd(keyStart, keySpan[1]) : 0;
    const doc = context ? keyDoc(context, written) : void 0;
    const key = doc ? doc.key : written;
    const value = pair.value ?? null;
    const previous = out.get(key);
    if (previous) {
      this.report(
        "duplicate-key",
        `"${key}" is already set in ${what} on line ${previous.keyRange.start.line + 1}; this one is ignored.`,
        this.span(keyStart, keyEnd)
      );
      return void 0;
    }
    let valueStart = keyStart;
    let end = keyEnd;
    const valueSpan = value?.range;
    if (valueSpan && valueSpan[1] > valueSpan[0]) {
      valueStart = valueSpan[0];
      end = this.trimEnd(valueSpan[0], valueSpan[1]);
    }
    const entry = new Entry(this.positions, key, value, pair, keyStart, keyEnd, valueStart, end);
    if (context && !doc) {
      this.unknownKey(entry, what, context, unit);
      return void 0;
    }
    return entry;
  }
  unknownKey(entry, what, context, unit) {
    const { key, keyRange } = entry;
    if (unit === "service" && keyDoc("task", key)) {
      this.report("task-only-key", `"${key}" is for tasks only; services cannot have it.`, keyRange);
      return;
    }
    if (unit === "task" && keyDoc("service", key)) {
      this.report("service-only-key", `"${key}" is for services only; tasks cannot have it.`, keyRange);
      return;
    }
    if (key === "<<") {
      this.report("unknown-key", `YAML merge keys ("<<") are not supported; put shared settings under defaults:.`, keyRange);
      return;
    }
    const compose = composeKey(context, key, what, keyRange, this.entryRange(entry), entry.value);
    if (compose) {
      this.report("unknown-key", compose.message, keyRange, "error", compose.fixes);
      return;
    }
    const candidates = keyNames(context);
    const guess = suggest(key, candidates);
    const known = candidates.length ? ` Known keys: ${candidates.join(", ")}.` : ` ${what} takes no keys.`;
    this.report(
      "unknown-key",
      guess ? `Unknown key "${key}" in ${what}. Did you mean "${guess}"?` : `Unknown key "${key}" in ${what}.${known}`,
      keyRange,
      "error",
      guess ? [{ title: `Change to "${guess}"`, range: keyRange, newText: guess }] : void 0
    );
  }
  /** The text of a scalar as a person reads it: plain scalars exactly as written (`1.0` stays `1.0`). */
  scalarText(node) {
    if (node.type === "PLAIN" && typeof node.source === "string" && node.value !== null) return node.source;
    return node.value === null ? "" : String(node.value);
  }
  /**
   * A scalar value as a string; reports `wrong-type` for lists, mappings and empty values. Callers
   * that also read the node (for its expressions) follow it once and pass it: each `deref` counts
   * towards MAX_ALIASES.
   */
  string(entry, what, node = this.deref(entry.value)) {
    if (!node || !isScalar(node) || node.value === null) {
      this.report("wrong-type", node && !isScalar(node) ? `${what} must be a string, not a ${isSeq(node) ? "list" : "mapping"}.` : `${what} needs a value.`, entry.valueRange);
      return void 0;
    }
    if (typeof node.value === "object") {
      this.report("wrong-type", `${what} must be a string.`, entry.valueRange);
      return void 0;
    }
    return this.scalarText(node);
  }
  boolean(entry, what) {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && typeof node.value === "boolean") return node.value;
    this.report("wrong-type", `${what} must be true or false.`, entry.valueRange);
    return void 0;
  }
  number(entry, what, minimum, integer, node = this.deref(entry.value)) {
    const value = node && isScalar(node) ? node.value : void 0;
    if (typeof value !== "number" || !Number.isFinite(value) || integer && !Number.isInteger(value)) {
      this.report("wrong-type", `${what} must be ${integer ? "a whole number" : "a number"}.`, entry.valueRange);
      return void 0;
    }
    if (value < minimum) {
      this.report("invalid-number", `${what} must be at least ${minimum}.`, entry.valueRange);
      return void 0;
    }
    return value;
  }
  quantityInput(entry) {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && (typeof node.value === "number" || typeof node.value === "string")) return node.value;
    return void 0;
  }
  cpus(entry, what) {
    const input = this.quantityInput(entry);
    const cores = input === void 0 ? void 0 : parseCpus(input);
    if (cores === void 0 || cores <= 0) {
      const shown = input === void 0 ? "" : ` "${input}"`;
      this.report("invalid-cpus", `${what}${shown} is not a CPU quantity above zero: write ${CPUS_FORMS}.`, entry.valueRange);
      return void 0;
    }
    return cores;
  }
  memory(entry, what) {
    const input = this.quantityInput(entry);
    const bytes = input === void 0 ? void 0 : parseMemory(input);
    if (bytes === void 0 || bytes <= 0) {
      const shown = input === void 0 ? "" : ` "${input}"`;
      const meant = input === void 0 ? void 0 : dockerMemoryMeaning(String(input));
      if (meant !== void 0) {
        this.report("invalid-memory", `${what}${shown} is docker's spelling; here it is "${meant}" (Ki, Mi, Gi are powers of 1024; k, M, G of 1000).`, entry.valueRange, "error", [
          { title: `Change to "${meant}"`, range: entry.valueRange, newText: meant }
        ]);
        return void 0;
      }
      this.report("invalid-memory", `${what}${shown} is not a memory quantity above zero: write ${MEMORY_FORMS}.`, entry.valueRange);
      return void 0;
    }
    return bytes;
  }
  /**
   * A duration in ms; `allowZero` for start periods and estimates. A duration that becomes a timer
   * (all but `estimate`, which only plans) may be at most MAX_TIMER_MS: Node would run a longer
   * one after 1 ms, so `timeout: 600h` would kill every attempt at once.
   */
  duration(entry, what, allowZero, timer = true) {
    const node = this.deref(entry.value);
    const input = node && isScalar(node) && node.value !== null ? this.scalarText(node) : void 0;
    const ms = node && isScalar(node) && typeof node.value === "string" ? parseDuration(node.value) : void 0;
    if (ms === void 0 || !allowZero && ms === 0) {
      const zero = ms === 0 ? " It must be more than zero." : "";
      const bare = isScalar(node) && typeof node.value === "number" ? ` A bare number has no unit; write e.g. "${input}s".` : "";
      const shown = input === void 0 ? "" : ` "${input}"`;
      const fix = input === void 0 || ms !== void 0 ? void 0 : durationFix(input);
      const fixedMs = fix === void 0 ? void 0 : parseDuration(fix);
      const fixes = fix && fixedMs !== void 0 && (allowZero || fixedMs > 0) && (!timer || fixedMs <= MAX_TIMER_MS) ? [{ title: `Change to "${fix}"`, range: entry.valueRange, newText: fix }] : void 0;
      this.report("invalid-duration", `${what}${shown} is not a duration: write ${DURATION_FORMS}.${bare}${zero}`, entry.valueRange, "error", fixes);
      return void 0;
    }
    if (timer && ms > MAX_TIMER_MS) {
      this.report(
        "duration-too-long",
        `${what} "${input}" is longer than ${formatDurationExact(MAX_TIMER_MS)} (about 24.8 days), the longest wait Gantry can time: write a shorter duration.`,
        entry.valueRange
      );
      return void 0;
    }
    return ms;
  }
  /** A list of scalar strings, each with its offsets (end trimmed, as `range` has it). */
  list(entry, what) {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && node.value === null) return [];
    if (!node || !isSeq(node)) {
      this.report("wrong-type", `${what} must be a list, e.g. ${listExample(entry.key)}.`, entry.valueRange);
      return void 0;
    }
    const out = [];
    for (const raw of node.items) {
      const item = this.deref(raw);
      if (!item || !isScalar(item) || item.value === null || typeof item.value === "object") {
        this.report("wrong-type", `Each entry of ${what} must be a string.`, this.range(item ?? raw, nodeSpan(node)[0]));
        continue;
      }
      const [start, end] = nodeSpan(item);
      out.push({ value: this.scalarText(item), node: item, start, end: this.trimEnd(start, end) });
    }
    return out;
  }
  /** Adds the `${{ … }}` of a scalar to `out`, reporting malformed ones. */
  expressionsIn(node, field, out) {
    if (!node || !isScalar(node) || typeof node.value !== "string" || !node.range) return;
    const [start, end] = node.range;
    const source = this.text.slice(start, end);
    if (!source.includes("${{")) return;
    const found = scanExpressions(source, start);
    for (const p of found.problems) this.report(p.code, p.message, this.span(p.start, p.end));
    for (const e of found.expressions) {
      out.push(new ExpressionAt(e.text, e.path, field, this.positions.lineStarts, e.start, e.end, e.segments, e.expansion));
    }
  }
  // ---- the batch file -------------------------------------------------------------------------
  batchFile() {
    const contents = this.deref(this.doc.contents);
    if (!contents || isScalar(contents) && contents.value === null) {
      if (this.doc.errors.length === 0) this.report("empty-file", 'The file is empty. A batch file starts with "version: 1".', FILE_START);
      return void 0;
    }
    if (!isMap(contents)) {
      this.report("not-a-mapping", "A batch file is a mapping of keys (version, tasks, \u2026), not a single value or a list.", this.range(contents));
      return void 0;
    }
    const top = this.entries(contents, "the batch file", FILE_START, "top") ?? new Entries();
    const version = top.get("version");
    if (!version) {
      this.report("missing-version", 'The batch file needs "version: 1" at the top.', FILE_START);
    } else {
      const node = this.deref(version.value);
      if (!(node && isScalar(node) && node.value === 1)) {
        const shown = node && isScalar(node) && node.value !== null ? `version ${this.scalarText(node)} is not supported` : "version needs a value";
        this.report("unsupported-version", `${shown}: this Gantry reads "version: 1".`, version.valueRange);
      }
    }
    const file = { version: 1, capacity: {}, envFiles: [], volumes: [], services: [], tasks: [] };
    const name = top.get("name");
    if (name) file.name = this.string(name, '"name"');
    if (file.name === void 0) delete file.name;
    const capacity = top.get("capacity");
    if (capacity) file.capacity = this.capacity(capacity, file);
    const envFile = top.get("env-file");
    if (envFile) file.envFiles = this.envFiles(envFile);
    const defaultsEntry = top.get("defaults");
    const defaults = this.streamedDefaults ?? (defaultsEntry ? this.defaults(defaultsEntry) : NO_DEFAULTS);
    const sections = ["volumes", "services", "tasks"].map((k) => top.get(k)).filter((e) => e !== void 0 && !this.streamed.has(e.key)).sort((a, b) => a.start - b.start);
    for (const section of sections) {
      const named = this.entries(section.value, `"${section.key}"`, section.valueRange);
      for (const entry of named?.values() ?? []) this.claim(sectionKind(section.key), entry, defaults);
    }
    file.volumes = this.volumes;
    file.services = this.services;
    file.tasks = this.tasks;
    return file;
  }
  /** A task, service or volume: its name checked and claimed, its model built, its tree released. */
  claim(kind, entry, defaults, streamed = false) {
    if (!NAME_PATTERN.test(entry.key)) {
      this.report("invalid-name", `"${entry.key}" is not a valid ${kind} name: use ${NAME_RULE}.`, entry.keyRange);
    }
    const other = this.taken.get(entry.key);
    if (other !== void 0) {
      this.report(
        "duplicate-name",
        `"${entry.key}" is already used on line ${this.positions.at(other).line + 1}; tasks, services and volumes share one set of names.`,
        entry.keyRange
      );
      return;
    }
    this.taken.set(entry.key, entry.start);
    if (kind === "volume") this.volumes.push(this.volume(entry));
    else (kind === "service" ? this.services : this.tasks).push(this.unitOnce(kind, entry, defaults, streamed));
    this.release(entry);
  }
  /**
   * `unit`, or the previous version's same unit when it reads the same (see `Reuse`): the same
   * object, its problems reported again. Only for streamed units, whose defaults come before
   * them (or are nowhere).
   */
  unitOnce(kind, entry, defaults, streamed) {
    const found = streamed ? this.reuse?.get(entry.start, entry.end, this.defaultsSpan) : void 0;
    if (found && found.unit.spec.kind === kind && found.unit.spec.name === entry.key && repointFields(found.unit.spec.fields, this.positions.lineStarts, found.offsets)) {
      const { spec: spec2, diagnostics } = found.unit;
      settleSpans(spec2);
      this.diagnostics.push(...diagnostics);
      if (this.reusable) {
        this.reusable.add(entry.start, entry.end, spec2, diagnostics);
        this.reusable.takenOver++;
      }
      return spec2;
    }
    const before = this.diagnostics.length;
    const spec = this.unit(kind, entry, defaults);
    if (streamed && this.reusable) {
      const diagnostics = this.diagnostics.length > before ? this.diagnostics.slice(before) : NONE;
      this.reusable.add(entry.start, entry.end, spec, diagnostics);
    }
    return spec;
  }
  /** `capacity:` — its figures, returned; its `engine`, set on `file`. */
  capacity(entry, file) {
    const out = {};
    const e = this.entries(entry.value, '"capacity"', entry.valueRange, "capacity");
    if (!e) return out;
    const engine = e.get("engine");
    if (engine) {
      const name = this.string(engine, "capacity.engine");
      if (name !== void 0 && isEngineName(name)) file.engine = { name, range: engine.valueRange };
      else if (name !== void 0) {
        const guess = suggest(name, ENGINES);
        const shown = name.length > 40 ? `${name.slice(0, 40)}\u2026` : name;
        this.report(
          "invalid-engine",
          `capacity.engine "${shown}" is not an engine Gantry runs on: write docker (the default: the Docker engine the client points at) or swarm (the Docker Swarm whose manager it points at).${guess ? ` Did you mean "${guess}"?` : ""}`,
          engine.valueRange,
          "error",
          guess ? [{ title: `Change to "${guess}"`, range: engine.valueRange, newText: guess }] : void 0
        );
      }
    }
    const cpus = e.get("cpus");
    if (cpus) out.cpus = this.cpus(cpus, "capacity.cpus");
    const memory = e.get("memory");
    if (memory) out.memory = this.memory(memory, "capacity.memory");
    const parallel = e.get("parallel");
    if (parallel) out.parallel = this.number(parallel, "capacity.parallel", 1, true);
    for (const k of Object.keys(out)) if (out[k] === void 0) delete out[k];
    return out;
  }
  /** `env-file:` — one path, or a list of paths; each a non-empty string, with its place. */
  envFiles(entry) {
    const node = this.deref(entry.value);
    const what = '"env-file"';
    if (node && isSeq(node)) {
      const out = [];
      for (const item of this.list(entry, what) ?? []) {
        const range = this.span(item.start, item.end);
        if (item.value === "") this.report("wrong-type", `Each entry of ${what} must be the path of a dotenv file, not empty.`, range);
        else out.push({ path: item.value, range });
      }
      return out;
    }
    if (node && !isScalar(node)) {
      this.report("wrong-type", `${what} must be a path or a list of paths, e.g. env-file: .env or env-file: [.env, .env.local], not a mapping.`, entry.valueRange);
      return [];
    }
    const path2 = this.string(entry, what, node);
    if (path2 === void 0) return [];
    if (path2 === "") {
      this.report("wrong-type", `${what} must be the path of a dotenv file, not empty.`, entry.valueRange);
      return [];
    }
    return [{ path: path2, range: entry.valueRange }];
  }
  defaults(entry) {
    const out = this.readDefaults(entry);
    Object.freeze(out.env);
    if (out.retries) Object.freeze(out.retries);
    return out;
  }
  /** `defaults:`, each key read by its field's rule (core/fields.ts). */
  readDefaults(entry) {
    const out = { env: {}, expressions: [] };
    const e = this.entries(entry.value, '"defaults"', entry.valueRange, "defaults");
    if (!e) return out;
    const ctx = { kind: "defaults", noun: "defaults", out, expressions: out.expressions, defaults: NO_DEFAULTS };
    for (const field of e.values()) {
      const rule = unitField(field.key);
      if (rule?.defaults) rule.read(this, field, `defaults.${field.key}`, ctx);
    }
    return out;
  }
  volume(entry) {
    this.entries(entry.value, `volume "${entry.key}"`, entry.valueRange, "volume");
    return { name: entry.key, nameRange: entry.keyRange, range: this.entryRange(entry) };
  }
  /** A task or service: defaults applied, then each key read by its field's rule (core/fields.ts). */
  unit(kind, entry, defaults) {
    const noun = `${kind} "${entry.key}"`;
    const spec = new ParsedUnit(kind, entry, this.positions.lineStarts, defaults);
    if (kind === "task" && defaults.timeout !== void 0) spec.timeout = defaults.timeout;
    if (defaults.workdir !== void 0) spec.workdir = defaults.workdir;
    if (defaults.user !== void 0) spec.user = defaults.user;
    const e = this.entries(entry.value, noun, entry.valueRange, kind, kind);
    const own = [];
    if (e) {
      const ctx = { kind, noun, out: spec, fields: spec.fields, expressions: own, defaults };
      for (const f of e.values()) {
        spec.fields[f.key] = f.field();
        unitField(f.key)?.read(this, f, `${f.key} of ${noun}`, ctx);
      }
      checkUnitKeys(this, e, noun);
    }
    const inherited = defaults.expressions.filter((x) => !(x.field in spec.fields));
    if (inherited.length || own.length) spec.expressions = inherited.length ? [...inherited, ...own] : own;
    const build = e?.get("build");
    if (build && e?.get("image")) {
      this.report("build-with-image", `${capitalise(noun)} has both "build" and "image": the built image is tagged for each run, so keep one.`, e.get("image").keyRange);
    } else if (!e?.get("image") && !build) {
      if (defaults.image !== void 0) spec.image = defaults.image;
      else this.report("missing-image", `${capitalise(noun)} has no image: set "image" or "build", or give an image under defaults.`, entry.keyRange);
    }
    return spec;
  }
};
function isSpace(c) {
  return c === 32 || c >= 9 && c <= 13 || c === 160 || c === 65279 || c === 8232 || c === 8233 || c === 5760 || c >= 8192 && c <= 8202 || c === 8239 || c === 8287 || c === 12288;
}
function listExample(key) {
  switch (key) {
    case "needs":
      return "[build, test]";
    case "outputs":
      return "[version]";
    case "volumes":
      return '["work:/work"]';
    case "cap-add":
      return "[NET_ADMIN]";
    default:
      return "[make, test]";
  }
}
function yamlMessage(message) {
  const first = message.split("\n")[0].trim();
  return first.endsWith(".") || first.endsWith(":") ? first.replace(/:$/, ".") : `${first}.`;
}
function repointFields(fields, lineStarts, by) {
  for (const key in fields) if (!(fields[key] instanceof FieldSpan)) return false;
  for (const key in fields) fields[key].repoint(lineStarts, by);
  return true;
}
var ParsedUnit = class {
  kind;
  name;
  image = "";
  // What a unit does not set is shared, frozen, with the defaults and the other units: on a
  // large file these were most of the model's objects.
  env;
  privileged = false;
  capAdd = NONE;
  volumes = NONE;
  cpus;
  memory;
  retries;
  needs = NONE;
  matrix = NONE;
  if = "success";
  allowFailure = false;
  outputs = NONE;
  secrets = NONE;
  expressions = NONE;
  fields = {};
  #lines;
  #start;
  #keyEnd;
  #end;
  #nameRange;
  #range;
  constructor(kind, entry, lines, defaults) {
    this.kind = kind;
    this.name = entry.key;
    this.env = defaults.env;
    this.cpus = defaults.cpus ?? DEFAULT_CPUS;
    this.memory = defaults.memory ?? DEFAULT_MEMORY;
    this.retries = kind === "task" && defaults.retries || DEFAULT_RETRIES;
    this.#lines = lines;
    this.#start = entry.start;
    this.#keyEnd = entry.keyEnd;
    this.#end = entry.end;
  }
  get nameRange() {
    return this.#nameRange ??= { start: positionAt(this.#lines, this.#start), end: positionAt(this.#lines, this.#keyEnd) };
  }
  get range() {
    return this.#range ??= { start: this.nameRange.start, end: positionAt(this.#lines, Math.max(this.#start, this.#end)) };
  }
  /** Computes both ranges and lets go of the line starts (the unit is taken over; see `settleSpans`). */
  settle() {
    void this.range;
    this.#lines = void 0;
  }
  toJSON() {
    return { ...this, nameRange: this.nameRange, range: this.range };
  }
};
function settleSpans(spec) {
  if (spec instanceof ParsedUnit) spec.settle();
  for (const need of spec.needs) if (need instanceof NameAt) need.settle();
  for (const output of spec.outputs) if (output instanceof NameAt) output.settle();
  for (const mount of spec.volumes) if (mount instanceof MountAt) mount.settle();
  for (const expression of spec.expressions) if (expression instanceof ExpressionAt) expression.settle();
}
function sectionKind(section) {
  return section === "volumes" ? "volume" : section === "services" ? "service" : "task";
}

// core/checks/cache.ts
function checkCache(ctx) {
  const diagnostics = [];
  for (const spec of ctx.file.tasks) {
    for (const entry of spec.cache?.paths ?? []) {
      if (cacheVolumeOf(spec, entry.value)) continue;
      diagnostics.push({
        code: "cache-path-outside-volume",
        message: `${DescribeUnit(spec)} caches "${entry.value}", which is not inside one of its volumes: cache.paths are restored into the run's named volumes, so each must lie under the target of a "NAME:/path" mount of the task.`,
        severity: "error",
        range: entry.range
      });
    }
  }
  return diagnostics;
}
function cacheVolumeOf(spec, path2) {
  let best;
  for (const mount of spec.volumes) {
    if (mount.kind !== "volume") continue;
    const target = mount.target.replace(/\/+$/, "") || "/";
    const inside = path2 === target || path2.startsWith(target === "/" ? "/" : `${target}/`);
    if (inside && (!best || target.length > best.target.length)) best = mount;
  }
  return best;
}

// core/checks/matrix.ts
var MAX_MATRIX_EXPANSIONS = 1e4;
function matrixSize(spec) {
  let size = 1;
  for (const axis of spec.matrix) size *= axis.values.length;
  return size;
}
var count = (n) => Number.isFinite(n) && n < 1e15 ? n.toLocaleString("en-US") : "more than 10\xB9\u2075";
function checkMatrices(file) {
  const diagnostics = [];
  const tooLarge = /* @__PURE__ */ new Set();
  let total = 0;
  let totalReported = false;
  for (const spec of file.tasks) {
    if (spec.matrix.length === 0) continue;
    const size = matrixSize(spec);
    if (size > MAX_MATRIX_EXPANSIONS) {
      diagnostics.push({
        code: "matrix-too-large",
        message: `The matrix of task "${spec.name}" expands to ${count(size)} tasks; at most ${count(MAX_MATRIX_EXPANSIONS)} are allowed. Use fewer values, or split the task.`,
        severity: "error",
        range: fieldValueRange(spec, "matrix")
      });
      tooLarge.add(spec);
      continue;
    }
    total += size;
    if (total > MAX_MATRIX_EXPANSIONS) {
      if (!totalReported) {
        diagnostics.push({
          code: "matrix-total-too-large",
          message: `With the matrix of task "${spec.name}", the matrices of this file expand to more than ${count(MAX_MATRIX_EXPANSIONS)} tasks in total (${count(total)} so far). Use fewer values, or split the batch into several files.`,
          severity: "error",
          range: fieldValueRange(spec, "matrix")
        });
        totalReported = true;
      }
      tooLarge.add(spec);
      continue;
    }
  }
  return { diagnostics, tooLarge };
}
function matrixCombinations(spec) {
  let result = [{}];
  for (const axis of spec.matrix) {
    const next = [];
    const values = [...new Set(axis.values)];
    for (const partial of result) for (const value of values) next.push({ ...partial, [axis.key]: value });
    result = next;
  }
  return result;
}
function checkMatrixEstimates(file, tooLarge) {
  const diagnostics = [];
  for (const spec of file.tasks) {
    if (spec.estimateText === void 0 || tooLarge.has(spec)) continue;
    const axes = new Set(spec.matrix.map((axis) => axis.key));
    const own = (e) => e.field !== "estimate" || e.path[0] === "matrix" && e.path.length === 2 && axes.has(e.path[1]);
    if (!spec.expressions.every(own)) continue;
    for (const matrix of matrixCombinations(spec)) {
      const text = substituteMatrix(spec.estimateText, matrix);
      if (parseDuration(text) !== void 0) continue;
      const values = Object.entries(matrix).map(([key, value]) => `${key}=${value}`).join(",");
      const where = values ? `${spec.name}[${values}]` : spec.name;
      diagnostics.push({
        code: "invalid-duration",
        message: `The estimate of ${where} is "${text}", not a duration: write ${DURATION_FORMS}.`,
        severity: "error",
        range: fieldValueRange(spec, "estimate")
      });
      break;
    }
  }
  return diagnostics;
}

// core/expand.ts
function expand(file) {
  const { diagnostics, tooLarge } = checkMatrices(file);
  const units = [];
  const idsByName = /* @__PURE__ */ new Map();
  const expansions = /* @__PURE__ */ new Map();
  for (const spec of file.services) idsByName.set(spec.name, spec.name);
  for (const spec of file.tasks) {
    if (tooLarge.has(spec)) continue;
    if (spec.matrix.length === 0) {
      idsByName.set(spec.name, spec.name);
      continue;
    }
    const list = [];
    const ids = [];
    for (const matrix of matrixCombinations(spec)) {
      const id = unitId(spec, matrix);
      list.push({ id, matrix });
      ids.push(id);
    }
    expansions.set(spec, list);
    idsByName.set(spec.name, ids);
  }
  const builds = buildUnits(file.services, file.tasks, tooLarge);
  const needIds = (spec) => {
    const built = builds.idOf.get(spec);
    if (spec.needs.length === 0) return built === void 0 ? NO_NEEDS : [built];
    const ids = built === void 0 ? [] : [built];
    let seen;
    const add = (id) => {
      if (ids.length >= 16 && !seen) seen = new Set(ids);
      if (seen ? seen.has(id) : ids.includes(id)) return;
      seen?.add(id);
      ids.push(id);
    };
    for (const need of spec.needs) {
      if (need.name === spec.name) continue;
      const found = idsByName.get(need.name);
      if (typeof found === "string") add(found);
      else for (const id of found ?? []) add(id);
    }
    return ids.length === 0 ? NO_NEEDS : ids.slice();
  };
  units.push(...builds.units);
  for (const spec of file.services) units.push(makeUnit(spec, spec.name, NO_MATRIX, needIds(spec)));
  for (const spec of file.tasks) {
    if (tooLarge.has(spec)) continue;
    const needs = needIds(spec);
    const list = expansions.get(spec);
    if (!list) units.push(makeUnit(spec, spec.name, NO_MATRIX, needs));
    else for (const { id, matrix } of list) units.push(makeUnit(spec, id, matrix, needs));
  }
  if (builds.units.length > 0) {
    for (const unit of units) {
      const id = unit.kind === "build" ? void 0 : builds.idOf.get(unit.spec);
      if (id !== void 0) unit.build = { unit: id, spec: unit.spec.build };
    }
  }
  const byId = /* @__PURE__ */ new Map();
  for (const unit of units) byId.set(unit.id, unit);
  return { graph: { units, byId }, diagnostics };
}
function unitId(spec, matrix) {
  if (spec.matrix.length === 0) return spec.name;
  return `${spec.name}[${spec.matrix.map((axis) => `${axis.key}=${matrix[axis.key]}`).join(",")}]`;
}
function expansionIds(spec) {
  return matrixCombinations(spec).map((m) => unitId(spec, m));
}
var NO_MATRIX = Object.freeze({});
var NO_NEEDS = Object.freeze([]);
function makeUnit(spec, id, matrix, needs) {
  const unit = {
    id,
    kind: spec.kind,
    spec,
    matrix,
    // Shared by all expansions of one task (read-only): a matrix needing a matrix would otherwise
    // hold expansions × expansions copies.
    needs,
    cpus: spec.cpus,
    memory: spec.memory,
    estimate: spec.estimate ?? DEFAULT_ESTIMATE,
    retries: spec.retries,
    if: spec.if,
    allowFailure: spec.allowFailure,
    // Set by the fields' `expand` below; as written until then (without a matrix, the unit shares
    // the spec's frozen env).
    image: spec.image,
    env: spec.env
  };
  if (spec.timeout !== void 0) unit.timeout = spec.timeout;
  for (const field of EXPANDED_FIELDS) field.expand(spec, matrix, unit, substituteMatrix);
  return unit;
}

// core/checks/expressions.ts
function checkExpressions(ctx) {
  const diagnostics = [];
  const reported = /* @__PURE__ */ new Set();
  for (const spec of ctx.all) {
    if (spec.expressions.length === 0) continue;
    const needed = new Set(spec.needs.map((n) => n.name));
    for (const expr of spec.expressions) {
      const problem = checkOne(ctx, spec, needed, expr);
      if (!problem) continue;
      const { start, end } = problem.range;
      const key = `${problem.code} ${start.line}:${start.character}-${end.line}:${end.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      diagnostics.push({ severity: "error", ...problem });
    }
  }
  return diagnostics;
}
function segment(expr, i) {
  return expr.segmentRanges[i] ?? expr.range;
}
function didYouMean(expr, i, guess) {
  if (!guess) return { hint: "" };
  return { hint: ` Did you mean "${guess}"?`, fixes: [{ title: `Change to "${guess}"`, range: segment(expr, i), newText: guess }] };
}
function checkCallerVariable(ctx, expr) {
  const name = expr.path[1];
  if (fieldKey(expr.field) !== "env") {
    return {
      code: "expression-not-allowed",
      message: `${expr.text} is not substituted in ${expr.field}: the caller's variables may be used in env values only. Set a variable to it (env: { ${name}: "${expr.text}" }) and use $${name}.`,
      range: expr.range
    };
  }
  if (ctx.policy === "strict" && !ctx.passEnv?.includes(name)) {
    return {
      code: "policy-env",
      message: `${expr.text} reads the variable ${name} of the environment Gantry runs in. The strict policy refuses it (the file is not trusted) unless the workflow passes it: the action's pass-env input, or gantry run --pass-env ${name}.`,
      range: segment(expr, 1)
    };
  }
  return void 0;
}
function checkOne(ctx, spec, needed, expr) {
  const [root, ...rest] = expr.path;
  if (root === "env" && rest.length === 1) return checkCallerVariable(ctx, expr);
  const shape = root === "matrix" ? rest.length === 1 : root === "needs" && rest.length === 3 && rest[1] === "outputs";
  if (!shape) return void 0;
  const key = fieldKey(expr.field);
  const field = unitField(key);
  if (!field || field.expressions === "none") {
    return {
      code: "expression-not-allowed",
      message: `${expr.text} is not substituted in ${expr.field}; expressions work in ${EXPRESSION_FIELD_LIST}. Write the value directly.`,
      range: expr.range
    };
  }
  if (spec.kind === "service") {
    return {
      code: "expression-not-allowed",
      message: `Service "${spec.name}" cannot use ${expr.text}: services have no matrix and start before task outputs exist. Write the value directly.`,
      range: expr.range
    };
  }
  if (root === "matrix") {
    const axisKey = rest[0];
    if (spec.matrix.some((axis) => axis.key === axisKey)) return void 0;
    if (spec.matrix.length === 0) {
      return {
        code: "expression-matrix-unknown",
        message: `${DescribeUnit(spec)} has no matrix, so ${expr.text} has no value. Add matrix: { ${axisKey}: [...] } or write the value directly.`,
        range: segment(expr, 1)
      };
    }
    const keys = spec.matrix.map((axis) => axis.key);
    const { hint: hint2, fixes: fixes2 } = didYouMean(expr, 1, suggest(axisKey, keys));
    return {
      code: "expression-matrix-unknown",
      message: `${DescribeUnit(spec)} has no matrix key "${axisKey}" (its keys: ${keys.join(", ")}).${hint2}`,
      range: segment(expr, 1),
      fixes: fixes2
    };
  }
  if (field.expressions !== "matrix+needs") {
    return {
      code: "expression-not-allowed",
      message: `${expr.text} cannot be used in ${key}: ${field.needsRefused ?? "it takes matrix values only."}`,
      range: expr.range
    };
  }
  const [taskName, , output] = rest;
  const target = unitNamed(ctx, taskName);
  if (!target) {
    const tasks = ctx.file.tasks.map((t) => t.name);
    const { hint: hint2, fixes: fixes2 } = didYouMean(expr, 1, suggest(taskName, tasks));
    return { code: "expression-task-unknown", message: `There is no task "${taskName}" for ${expr.text}.${hint2}`, range: segment(expr, 1), fixes: fixes2 };
  }
  if (target.kind === "service") {
    return { code: "expression-output-unknown", message: `"${taskName}" is a service; only tasks have outputs.`, range: segment(expr, 1) };
  }
  if (!needed.has(taskName)) {
    return {
      code: "expression-not-needed",
      message: `${DescribeUnit(spec)} uses outputs of "${taskName}" but does not list it in needs, so they may not exist yet. Add "${taskName}" to its needs.`,
      range: segment(expr, 1)
    };
  }
  if (expr.expansion) {
    const ids = expansionIds(target);
    const wanted = `${taskName}[${expr.expansion.selector}]`;
    if (target.matrix.length === 0) {
      return {
        code: "expression-expansion-unknown",
        message: `Task "${taskName}" has no matrix, so it has no expansion [${expr.expansion.selector}]: write needs.${taskName}.outputs.${output}.`,
        range: expr.expansion.range
      };
    }
    if (!ids.includes(wanted)) {
      const shown = ids.slice(0, 10).map((id) => id.slice(taskName.length)).join(", ");
      const guess = suggest(wanted, ids);
      return {
        code: "expression-expansion-unknown",
        message: `Task "${taskName}" has no expansion [${expr.expansion.selector}] (its expansions: ${shown}${ids.length > 10 ? `, \u2026 ${ids.length - 10} more` : ""}).${guess ? ` Did you mean "${guess.slice(taskName.length)}"?` : ""}`,
        range: expr.expansion.range,
        ...guess ? { fixes: [{ title: `Change to "${guess.slice(taskName.length)}"`, range: expr.expansion.range, newText: guess.slice(taskName.length) }] } : {}
      };
    }
  }
  if (target.outputs.some((o) => o.name === output)) return void 0;
  const declared = target.outputs.map((o) => o.name);
  const { hint, fixes } = didYouMean(expr, 3, suggest(output, declared));
  return {
    code: "expression-output-unknown",
    message: declared.length === 0 ? `Task "${taskName}" declares no outputs, so "${output}" has no value. Add outputs: [${output}] to it.` : `Task "${taskName}" does not declare output "${output}" (it declares: ${declared.join(", ")}).${hint}`,
    range: segment(expr, 3),
    fixes
  };
}

// core/checks/fit.ts
var SOURCE_TEXT = {
  flag: { cpus: "set by --cpus", memory: "set by --memory", parallel: "set by --parallel" },
  file: { cpus: "set by capacity.cpus", memory: "set by capacity.memory", parallel: "set by capacity.parallel" },
  machine: { cpus: "this machine's", memory: "this machine's", parallel: "this machine's" }
};
var milli = (cpus) => Math.round(cpus * 1e3);
function checkFit(ctx) {
  const { cpus, memory, parallel } = ctx.capacity;
  const diagnostics = [];
  const where = (key) => {
    const source = ctx.capacitySources[key];
    return source ? ` (${SOURCE_TEXT[source][key]})` : "";
  };
  const exceeds = (range, message) => {
    diagnostics.push({ code: "exceeds-capacity", message, severity: "error", range });
  };
  if (cpus === void 0 && memory === void 0 && parallel === Infinity) return diagnostics;
  const { all, needStart, needTarget } = ctx;
  const hasServices = ctx.file.services.length > 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    let fitsAlone = true;
    if (cpus !== void 0 && milli(spec.cpus) > milli(cpus)) {
      fitsAlone = false;
      exceeds(
        fieldValueRange(spec, "cpus"),
        `${DescribeUnit(spec)} requests ${formatCpuCount(spec.cpus)}, but the capacity is ${formatCpuCount(cpus)}${where("cpus")}; it could never start. Lower its cpus, or raise the capacity.`
      );
    }
    if (memory !== void 0 && spec.memory > memory) {
      fitsAlone = false;
      exceeds(
        fieldValueRange(spec, "memory"),
        `${DescribeUnit(spec)} requests ${formatBytes(spec.memory)} of memory, but the capacity is ${formatBytes(memory)}${where("memory")}; it could never start. Lower its memory, or raise the capacity.`
      );
    }
    if (!fitsAlone || !hasServices) continue;
    let services;
    for (let j = 0; j < spec.needs.length; j++) {
      const k = needTarget[needStart[i] + j];
      const target = k >= 0 ? all[k] : void 0;
      if (target?.kind !== "service" || target === spec) continue;
      if (!services) services = [target];
      else if (!services.includes(target)) services.push(target);
    }
    if (!services) continue;
    const names = services.map((s) => s.name).join(", ");
    const lead = `${DescribeUnit(spec)} needs ${services.length === 1 ? "service" : "services"} ${names}, which ${services.length === 1 ? "stays" : "stay"} up while it runs`;
    const range = fieldValueRange(spec, "needs");
    const problems = [];
    if (cpus !== void 0) {
      const total = services.reduce((sum, s) => sum + milli(s.cpus), milli(spec.cpus));
      if (total > milli(cpus)) problems.push(`together they request ${formatCpuCount(total / 1e3)}, but the capacity is ${formatCpuCount(cpus)}${where("cpus")}`);
    }
    if (memory !== void 0) {
      const total = services.reduce((sum, s) => sum + s.memory, spec.memory);
      if (total > memory) problems.push(`together they request ${formatBytes(total)} of memory, but the capacity is ${formatBytes(memory)}${where("memory")}`);
    }
    if (services.length + 1 > parallel) {
      problems.push(`that is ${services.length + 1} containers at once, but parallel is ${parallel}${where("parallel")}`);
    }
    if (problems.length === 0) continue;
    diagnostics.push({
      code: "exceeds-capacity-with-services",
      message: `${lead}: ${problems.join("; ")}. It could never start; lower the requests, or raise the capacity.`,
      severity: "error",
      range
    });
  }
  return diagnostics;
}
function pinnedBecause(spec) {
  const volume = namedVolumes(spec)[0];
  if (volume !== void 0) return `it mounts volume ${volume}, and the run's volumes live on the node Gantry talks to`;
  if (spec.build) return `its image is built in the run, and images built in the run stay on the node Gantry talks to`;
  const bind = spec.volumes.find((m) => m.kind !== "volume");
  if (bind) return `it binds host folder ${bind.source}, which is on the machine Gantry runs on`;
  return void 0;
}
function requestRange(spec, key) {
  if (spec.fields[key]) return spec.fields[key].value;
  const mount = spec.volumes.find((m) => m.kind === "volume");
  return mount ? mount.range : spec.nameRange;
}
function checkNodeFit(ctx) {
  const nodes = ctx.nodes;
  const diagnostics = [];
  if (!nodes || nodes.length < 2) return diagnostics;
  const home = homeIndex(nodes);
  const biggest = largestNode(nodes);
  const { cpus: totalCpus, memory: totalMemory } = ctx.capacity;
  for (let i = 0; i < ctx.all.length; i++) {
    const spec = ctx.all[i];
    if (totalCpus !== void 0 && milli(spec.cpus) > milli(totalCpus) || totalMemory !== void 0 && spec.memory > totalMemory) continue;
    const because = home >= 0 ? pinnedBecause(spec) : void 0;
    const target = because !== void 0 ? nodes[home] : void 0;
    const candidates = target ? [target] : nodes;
    const cpusFit = candidates.some((node) => milli(spec.cpus) <= milli(node.capacity.cpus));
    const memoryFit = candidates.some((node) => spec.memory <= node.capacity.memory);
    const bothFit = candidates.some((node) => milli(spec.cpus) <= milli(node.capacity.cpus) && spec.memory <= node.capacity.memory);
    if (bothFit) {
      if (target) withPinnedServices(ctx, i, target, diagnostics);
      continue;
    }
    const what = (key) => key === "cpus" ? formatCpuCount(spec.cpus) : `${formatBytes(spec.memory)} of memory`;
    const keys = !cpusFit || !memoryFit ? [...!cpusFit ? ["cpus"] : [], ...!memoryFit ? ["memory"] : []] : ["cpus", "memory"];
    for (const key of keys) {
      const message = target ? `${DescribeUnit(spec)} requests ${what(key)}, but it must run on the home node ${describeNode(target)}: ${because}. Lower its ${key}, make a bigger node the manager Gantry talks to, or drop the shared volume (or the build) from it.` : `${DescribeUnit(spec)} requests ${what(key)}, but no single node has ${keys.length > 1 ? "its cpus and memory together" : "that much"} (the largest: ${describeNode(biggest)}); a ${spec.kind} runs on one node. Lower its ${key}, or add a bigger node.`;
      diagnostics.push({ code: "exceeds-node", message, severity: "error", range: target ? requestRange(spec, key) : fieldValueRange(spec, key) });
    }
  }
  return diagnostics;
}
function withPinnedServices(ctx, i, home, diagnostics) {
  const spec = ctx.all[i];
  if (spec.kind !== "task" || ctx.file.services.length === 0) return;
  const services = [];
  for (let j = 0; j < spec.needs.length; j++) {
    const k = ctx.needTarget[ctx.needStart[i] + j];
    const target = k >= 0 ? ctx.all[k] : void 0;
    if (target?.kind === "service" && target !== spec && !services.includes(target) && pinnedBecause(target) !== void 0) services.push(target);
  }
  if (services.length === 0) return;
  const cpus = services.reduce((sum, s) => sum + milli(s.cpus), milli(spec.cpus));
  const memory = services.reduce((sum, s) => sum + s.memory, spec.memory);
  if (cpus <= milli(home.capacity.cpus) && memory <= home.capacity.memory) return;
  const names = services.map((s) => s.name).join(", ");
  diagnostics.push({
    code: "exceeds-node",
    message: `${DescribeUnit(spec)} and ${services.length === 1 ? "service" : "services"} ${names}, which ${services.length === 1 ? "stays" : "stay"} up while it runs, must all run on the home node ${describeNode(home)}, where their volumes (or images built in the run) are: together they request ${formatCpuCount(cpus / 1e3)} and ${formatBytes(memory)} of memory. Lower the requests, or make a bigger node the manager Gantry talks to.`,
    severity: "error",
    range: fieldValueRange(spec, "needs")
  });
}

// core/checks/needs.ts
var MAX_SUGGESTIONS = 100;
function checkNeeds(ctx) {
  const diagnostics = [];
  let suggestions = 0;
  const { all, needStart, needTarget } = ctx;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    for (let j = 0; j < spec.needs.length; j++) {
      const need = spec.needs[j];
      if (need.name === spec.name) {
        diagnostics.push({
          code: "needs-self",
          message: `${DescribeUnit(spec)} needs itself, so it could never start. Remove "${need.name}" from its needs.`,
          severity: "error",
          range: need.range,
          fixes: removeFix(ctx, spec, need)
        });
      } else if (needTarget[needStart[i] + j] < 0) {
        const volume = ctx.volumes.has(need.name);
        const candidates = suggestions++ < MAX_SUGGESTIONS && !volume ? [...ctx.indexOf.keys()].filter((name) => name !== spec.name) : [];
        const guess = suggest(need.name, candidates);
        diagnostics.push({
          code: "needs-unknown",
          message: volume ? `"${need.name}" is a volume; needs name tasks and services. Mount the volume with volumes: ["${need.name}:/path"] instead.` : `${DescribeUnit(spec)} needs "${need.name}", but there is no task or service of that name.` + (guess ? ` Did you mean "${guess}"?` : ""),
          severity: "error",
          range: need.range,
          fixes: guess ? [{ title: `Change to "${guess}"`, range: need.range, newText: guess }] : void 0
        });
      }
    }
  }
  if (!ctx.needsPointBack) diagnostics.push(...findCycles(ctx));
  return diagnostics;
}
function removeFix(ctx, spec, need) {
  return ctx.source ? [removeListEntryFix(`Remove "${need.name}" from the needs of "${spec.name}"`, ctx.source, need.range)] : void 0;
}
function findCycles(ctx) {
  const { all: specs, needStart, needTarget } = ctx;
  const edges = specs.map((spec, i) => {
    const out = [];
    spec.needs.forEach((ref, j) => {
      const to = needTarget[needStart[i] + j];
      if (to >= 0 && ref.name !== spec.name) out.push({ to, ref });
    });
    return out;
  });
  const n = specs.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = [];
  const call = [];
  const components = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    call.push(root);
    while (call.length > 0) {
      const v = call[call.length - 1];
      if (next[v] < edges[v].length) {
        const w = edges[v][next[v]++].to;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], order[w]);
        }
        continue;
      }
      call.pop();
      if (call.length > 0) {
        const parent = call[call.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === order[v]) {
        if (stack[stack.length - 1] === v) {
          stack.pop();
          onStack[v] = 0;
          continue;
        }
        const members = [];
        let w;
        do {
          w = stack.pop();
          onStack[w] = 0;
          component[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members);
      }
    }
  }
  const diagnostics = [];
  const onPath = new Uint8Array(n);
  next.fill(0);
  components.forEach((members, id) => {
    let start = members[0];
    for (const m of members) if (m < start) start = m;
    const path2 = [start];
    onPath[start] = 1;
    while (path2.length > 0) {
      const v = path2[path2.length - 1];
      const edge = edges[v][next[v]++];
      if (!edge) {
        onPath[v] = 0;
        path2.pop();
        continue;
      }
      if (component[edge.to] !== id) continue;
      if (onPath[edge.to]) {
        const from = path2.indexOf(edge.to);
        const names = [...path2.slice(from), edge.to].map((i) => specs[i].name);
        diagnostics.push({
          code: "cycle",
          message: `Dependency cycle: ${names.join(" \u2192 ")}. None of these can start; remove one of these needs.`,
          severity: "error",
          range: edge.ref.range,
          fixes: removeFix(ctx, specs[v], edge.ref)
        });
        for (const i of path2) onPath[i] = 0;
        return;
      }
      path2.push(edge.to);
      onPath[edge.to] = 1;
    }
  });
  return diagnostics;
}

// core/checks/ports.ts
function checkPorts(ctx) {
  const diagnostics = [];
  const taken = [];
  for (const spec of ctx.file.services) {
    if (!spec.ports?.length) continue;
    const who = DescribeUnit(spec);
    for (const port of spec.ports) {
      if (ctx.policy === "strict") {
        diagnostics.push({
          code: "policy-ports",
          message: `${who} publishes port ${port.host} on the host. The strict policy refuses it (the file is not trusted).`,
          severity: "error",
          range: port.range
        });
        continue;
      }
      if (spec.network === "host") {
        diagnostics.push({
          code: "ports-with-host-network",
          message: `${who} uses the host's network, so its ports are the host's already; remove "ports" or "network: host".`,
          severity: "error",
          range: port.range
        });
        continue;
      }
      const clash = taken.find(
        (t) => t.port.host === port.host && t.port.protocol === port.protocol && (t.port.address === port.address || t.port.address === "0.0.0.0" || port.address === "0.0.0.0")
      );
      if (clash) {
        const where = clash.service === spec.name ? "already by this service" : `already by service "${clash.service}"`;
        diagnostics.push({
          code: "duplicate-port",
          message: `Host port ${port.host}/${port.protocol} on ${port.address} is published ${where} (line ${clash.port.range.start.line + 1}); choose another host port.`,
          severity: "error",
          range: port.range
        });
        continue;
      }
      taken.push({ port, service: spec.name });
    }
  }
  return diagnostics;
}

// core/checks/usage.ts
function checkUsage(ctx) {
  const diagnostics = [];
  const mounted = /* @__PURE__ */ new Set();
  const { all, needStart, needTarget } = ctx;
  const needed = new Uint8Array(all.length);
  let suggestions = 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    for (let j = 0; j < spec.needs.length; j++) {
      const target = needTarget[needStart[i] + j];
      if (target >= 0 && spec.needs[j].name !== spec.name) needed[target] = 1;
    }
    for (const mount of spec.volumes) {
      if (mount.kind !== "volume") continue;
      mounted.add(mount.source);
      if (ctx.volumes.has(mount.source)) continue;
      const guess = suggestions++ < MAX_SUGGESTIONS ? suggest(mount.source, ctx.volumes.keys()) : void 0;
      diagnostics.push({
        code: "volume-unknown",
        message: `${DescribeUnit(spec)} mounts volume "${mount.source}", which is not defined under volumes:.` + (guess ? ` Did you mean "${guess}"?` : ` Define it (volumes: { ${mount.source}: {} }), or start the source with ./ or / to bind a host path.`),
        severity: "error",
        range: mount.sourceRange,
        fixes: guess ? [{ title: `Change to "${guess}"`, range: mount.sourceRange, newText: guess }] : void 0
      });
    }
  }
  for (const volume of ctx.file.volumes) {
    if (mounted.has(volume.name)) continue;
    diagnostics.push({
      code: "volume-unused",
      message: `Volume "${volume.name}" is not mounted by any task or service. Mount it ("${volume.name}:/path") or remove it.`,
      severity: "warning",
      range: volume.nameRange
    });
  }
  for (const service of ctx.file.services) {
    if (needed[ctx.indexOf.get(service.name)]) continue;
    diagnostics.push({
      code: "service-unused",
      message: `Service "${service.name}" is not in the needs of any task, so it never starts. Add it to the needs of the tasks that use it, or remove it.`,
      severity: "warning",
      range: service.nameRange
    });
  }
  return diagnostics;
}

// core/checks/check-file.ts
function checkFile(file, options = {}) {
  const { capacity: flags, machine } = options;
  const capacity = resolveCapacity(flags, file.capacity, machine);
  const ctx = makeContext(file, {
    capacity,
    capacitySources: {
      cpus: capacitySource("cpus", flags, file.capacity, machine),
      memory: capacitySource("memory", flags, file.capacity, machine),
      parallel: capacitySource("parallel", flags, file.capacity, machine)
    },
    policy: options.policy,
    baseDir: options.baseDir,
    text: options.text,
    ...options.passEnv ? { passEnv: options.passEnv } : {},
    ...options.engine ? { engine: options.engine } : {},
    ...options.nodes ? { nodes: options.nodes } : {}
  });
  const matrices = checkMatrices(file);
  return [
    ...checkNeeds(ctx),
    ...checkUsage(ctx),
    ...checkExpressions(ctx),
    ...matrices.diagnostics,
    ...checkMatrixEstimates(file, matrices.tooLarge),
    ...checkFit(ctx),
    ...checkNodeFit(ctx),
    ...checkPolicy(ctx),
    ...checkPorts(ctx),
    ...checkCache(ctx)
  ];
}

// core/validate.ts
function validate(text, options = {}) {
  const parse3 = parseBatchFile(text, { slowYaml: options.slowYaml, reusable: options.reusable, previous: options.previous?.parse });
  const { file } = parse3;
  if (!file) return { diagnostics: sortDiagnostics(parse3.diagnostics), parse: parse3 };
  const resolved = resolveCapacity(options.capacity, file.capacity, options.machine);
  const capacity = isCompleteCapacity(resolved) ? resolved : void 0;
  const diagnostics = [...parse3.diagnostics, ...checkFile(file, { ...options, text: normalizeLineBreaks(text) })];
  const validation = { file, diagnostics: sortDiagnostics(diagnostics), parse: parse3 };
  if (capacity) validation.capacity = capacity;
  if (options.graph !== false && !hasErrors(diagnostics)) validation.graph = expand(file).graph;
  return validation;
}

// core/caller-env.ts
function readsCallerEnv(spec) {
  for (const e of spec.expressions) if (e.path[0] === "env") return true;
  return false;
}
function checkCallerEnv(file, env, policy, passEnv = []) {
  const diagnostics = [];
  const reported = /* @__PURE__ */ new Set();
  for (const spec of [...file.services, ...file.tasks]) {
    for (const expr of spec.expressions) {
      if (expr.path[0] !== "env" || expr.path.length !== 2) continue;
      const name = expr.path[1];
      if (policy === "strict" && !passEnv.includes(name)) continue;
      if (Object.hasOwn(env, name) && env[name] !== void 0) continue;
      const range = expr.segmentRanges[1] ?? expr.range;
      const at = `${range.start.line}:${range.start.character}`;
      if (reported.has(at)) continue;
      reported.add(at);
      diagnostics.push({
        code: "env-unset",
        severity: "error",
        message: `${expr.text} reads the variable ${name}, which is not set in the environment Gantry runs in. Set it (in a workflow, the step's env:; locally, export it or put it in a dotenv file: env-file: in the batch file or --env-file), or write the value directly.`,
        range
      });
    }
  }
  return diagnostics;
}
function bindCallerEnv(graph, env) {
  for (const unit of graph.units) {
    const spec = unit.spec;
    if (!spec || !readsCallerEnv(spec)) continue;
    const bound = {};
    for (const key in spec.env) bound[key] = substituteMatrixAndEnv(spec.env[key], unit.matrix, env);
    unit.env = bound;
  }
}

// core/surface/load-file.ts
var MIB = 1024 * 1024;
function readBatchFile(path2) {
  const refuse2 = (code, message) => ({
    ok: false,
    refusal: { code, message, severity: "error", range: FILE_START }
  });
  const unreadable = (error) => {
    const code = error.code;
    if (code === "ENOENT" || code === "ENOTDIR") return refuse2("file-not-found", "no such file");
    if (code === "EISDIR") return refuse2("file-is-folder", "is a folder, not a batch file");
    return refuse2("file-unreadable", `cannot be read (${code ?? "unknown error"})`);
  };
  let fd;
  try {
    fd = openSync2(path2, "r");
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stat = fstatSync2(fd);
    if (stat.isDirectory()) return refuse2("file-is-folder", "is a folder, not a batch file");
    const tooLarge = (what) => refuse2("file-too-large", `is ${what}; batch files may be at most ${MAX_FILE_BYTES / MIB} MiB`);
    if (stat.size > MAX_FILE_BYTES) return tooLarge(`${(stat.size / MIB).toFixed(1)} MiB`);
    let bytes = Buffer.allocUnsafe(Math.min(stat.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (; ; ) {
      if (length === bytes.length) {
        if (length > MAX_FILE_BYTES) return tooLarge(`over ${MAX_FILE_BYTES / MIB} MiB`);
        const larger = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
        bytes.copy(larger, 0, 0, length);
        bytes = larger;
      }
      const n = readSync2(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: decodeBatchFile(bytes.subarray(0, length)) };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync2(fd);
  }
}
function loadBatchFile(path2, options = {}) {
  const read = readBatchFile(path2);
  if (!read.ok) return { ok: false, path: path2, refusal: read.refusal, diagnostics: [read.refusal] };
  const baseDir = dirname2(path2);
  const policy = options.policy ?? "trusted";
  const validation = validate(read.text, {
    policy,
    capacity: options.capacity,
    ...options.machine ? { machine: options.machine } : {},
    baseDir,
    ...options.passEnv ? { passEnv: options.passEnv } : {},
    ...options.engine ? { engine: options.engine } : {}
  });
  let callerEnv = options.callerEnv;
  if (validation.file) {
    const envFiles = readBatchEnvFiles(validation.file, { baseDir, policy });
    if (callerEnv) callerEnv = { ...envFiles.env, ...callerEnv };
    const seen = new Set(validation.diagnostics.map(diagnosticKey));
    const host = [
      ...checkHostBinds(validation.file, { baseDir, policy, hidden: realFolders([join2(baseDir, ".gantry")]) }),
      // Build contexts judged by their real paths (a link out of the folder), and missing ones.
      ...checkHostBuilds(validation.file, { baseDir, policy }),
      ...envFiles.diagnostics
    ];
    const caller = callerEnv && !hasErrors(envFiles.diagnostics) ? [...checkSecrets(validation.file, callerEnv, policy), ...checkCallerEnv(validation.file, callerEnv, policy, options.passEnv)] : [];
    const added = [...host, ...caller].filter((d) => !seen.has(diagnosticKey(d)));
    if (added.length > 0) validation.diagnostics = sortDiagnostics([...validation.diagnostics, ...added]);
  }
  if (hasErrors(validation.diagnostics) || !validation.file || !validation.graph) {
    return { ok: false, path: path2, diagnostics: validation.diagnostics };
  }
  if (callerEnv) bindCallerEnv(validation.graph, callerEnv);
  return { ok: true, path: path2, text: read.text, diagnostics: validation.diagnostics, validation, ...callerEnv ? { callerEnv } : {} };
}
function diagnosticKey(d) {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}`;
}

// cli/load.ts
function machineCapacity() {
  return { cpus: availableParallelism(), memory: totalmem() };
}
function loadBatchFile2(file, io, options = {}) {
  const loaded = loadBatchFile(resolve2(io.cwd, file), {
    policy: options.policy ?? "trusted",
    capacity: options.capacity,
    machine: options.machine ?? machineCapacity(),
    ...options.callerEnv ? { callerEnv: options.callerEnv } : {},
    ...options.passEnv ? { passEnv: options.passEnv } : {},
    ...options.engine ? { engine: options.engine } : {}
  });
  if (!loaded.ok && loaded.refusal) {
    io.stderr.write(`${file}: error: ${loaded.refusal.message} [${loaded.refusal.code}]
`);
  } else {
    for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(file, d)}
`);
  }
  if (!loaded.ok) return { ok: false, code: classifyLoad(file, loaded).exitCode };
  const validation = loaded.validation;
  if (!validation.capacity) return { ok: false, code: EXIT.invalid };
  return { ok: true, path: loaded.path, text: loaded.text, validation, ...loaded.callerEnv ? { callerEnv: loaded.callerEnv } : {} };
}
var FLAG_SPELLING = { subject: (input, value) => `--${input} ${value}` };
function capacityFromFlags(values) {
  const capacity = capacityFromValues(values, FLAG_SPELLING);
  return capacity instanceof GantryError ? capacity.message : capacity;
}
function engineFromFlag(value) {
  if (value === "") return "--engine needs a value; expected docker or swarm.";
  const engine = engineFromValue(value, FLAG_SPELLING);
  return engine instanceof GantryError ? engine.message : engine;
}
function policyFromFlag(value) {
  const policy = policyFromValue(value, FLAG_SPELLING);
  return policy instanceof GantryError ? policy.message : policy;
}

// core/eta.ts
function remainingGraph(graph, so) {
  const units = [];
  for (const unit of graph.units) {
    if (so.ended.has(unit.id)) continue;
    const needs = unit.needs.filter((id) => !so.ended.has(id));
    const ran = so.running.get(unit.id);
    if (ran === void 0) {
      units.push(needs.length === unit.needs.length ? unit : { ...unit, needs });
      continue;
    }
    if (unit.kind === "service") {
      const healthyAfter = so.healthy.has(unit.id) ? 0 : Math.max(0, (unit.healthyAfter ?? 0) - ran);
      units.push({ ...unit, needs, healthyAfter });
    } else {
      units.push({ ...unit, needs, estimate: Math.max(0, unit.estimate - ran) });
    }
  }
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}
function timeLeft(graph, capacity, so, options) {
  const left = remainingGraph(graph, so);
  if (left.units.every((u) => u.kind === "service")) return 0;
  return plan(left, capacity, options).makespan;
}

// cli/run-progress.ts
var COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];
var ETA_SMALL = 300;
var ETA_REPLAN_MS = 1e3;
var ETA_LINE_MS = 3e4;
var PREFIX_MAX = 24;
var RunProgress = class {
  constructor(graph, options) {
    this.options = options;
    const tasks = graph.units.filter((u) => u.kind === "task");
    this.total = tasks.length;
    this.services = new Set(graph.units.filter((u) => u.kind === "service").map((u) => u.id));
    this.unchecked = new Set(graph.units.filter((u) => u.kind === "service" && !u.spec.health).map((u) => u.id));
    this.width = Math.min(PREFIX_MAX, Math.max(4, ...graph.units.map((u) => sanitize(u.id).length)));
    graph.units.forEach((u, i) => this.colorOf.set(u.id, COLORS[i % COLORS.length]));
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }
  options;
  width;
  colorOf = /* @__PURE__ */ new Map();
  total;
  done = 0;
  failed = 0;
  running = /* @__PURE__ */ new Set();
  /** Tasks the task cache did not run: the run their outputs came from. */
  cached = /* @__PURE__ */ new Map();
  services;
  /** Services without a health check: "up" once started, never "healthy". */
  unchecked;
  statusShown = false;
  announced = /* @__PURE__ */ new Set();
  started;
  now;
  /** The run's prediction (graph and capacity), once runBatch gives it: the time left is planned from it. */
  predicted;
  /** The node of each unit's current attempt, on several nodes. */
  nodeOf = /* @__PURE__ */ new Map();
  /** Where the run stands, for the time left: units ended, attempts going on since (ms), services healthy. */
  ended = /* @__PURE__ */ new Set();
  since = /* @__PURE__ */ new Map();
  healthy = /* @__PURE__ */ new Set();
  /** The last planned time left, when it was planned, and whether the run moved on since. */
  left;
  lastEtaLine = -Infinity;
  /** Cancelling: the time left is not said any more. */
  stopping = false;
  line(unitId2, attempt, stream, text) {
    if (!this.services.has(unitId2)) this.announce(unitId2, attempt);
    const prefix = this.prefix(unitId2);
    let clean = sanitize(text, { sgr: this.options.color ? "keep" : "strip" });
    if (clean.includes("\x1B[")) clean += "\x1B[0m";
    this.print(`${prefix} \u2502 ${stream === "stderr" && this.options.color ? `\x1B[2m${clean}\x1B[22m` : clean}`);
  }
  /** The run's prediction (runBatch's `onPrediction`): from now on the status says the time left. */
  prediction(p) {
    if (this.stopping) return;
    this.predicted = { graph: p.graph, capacity: p.capacity, ...p.plan ? { plan: p.plan } : {} };
    this.left = void 0;
    this.drawStatus();
  }
  event(e) {
    this.track(e);
    switch (e.type) {
      case "attempt-start":
        this.running.add(e.unit);
        if (e.node !== void 0) this.nodeOf.set(e.unit, e.node);
        break;
      // When the command runs, not when it is scheduled: an attempt whose image cannot be pulled never started.
      case "attempt-running":
        this.announce(e.unit, e.attempt);
        break;
      case "attempt-end":
        this.running.delete(e.unit);
        if (e.outcome.cached) this.cached.set(e.unit, e.outcome.cached.run);
        if (e.willRetry) this.print(`${this.prefix(e.unit)} \u21BB ${untrusted(describe(e.outcome))}; retrying`);
        break;
      case "service-start":
        this.print(`${this.prefix(e.unit)} \u25B6 service starting${this.onNode(e.node)}`);
        break;
      case "service-healthy":
        this.print(`${this.prefix(e.unit)} \u2714 service ${this.unchecked.has(e.unit) ? "up (no health check)" : "healthy"}`);
        break;
      // A failed service is said once, by its unit-end.
      case "service-stop":
        break;
      case "unit-end": {
        this.running.delete(e.unit);
        const task = !this.services.has(e.unit);
        if (task) this.done++;
        if (e.status === "succeeded") {
          const from = this.cached.get(e.unit);
          const taken = this.options.takenFrom?.get(e.unit);
          const what = taken !== void 0 ? `${task ? "" : "service "}succeeded (from ${untrusted(taken)})` : !task ? "service stopped" : from !== void 0 ? `cached (from ${untrusted(from)})` : "succeeded";
          this.print(`${this.prefix(e.unit)} ${this.paint("\u2714", 32)} ${what}`);
        } else {
          if (task && e.status !== "skipped" && e.status !== "cancelled") this.failed++;
          const mark = e.status === "skipped" || e.status === "cancelled" ? this.paint("\u25CB", 90) : this.paint("\u2716", 31);
          this.print(`${this.prefix(e.unit)} ${mark} ${task ? "" : "service "}${e.status}${e.reason ? `: ${untrusted(e.reason)}` : ""}`);
        }
        if (task) this.etaLine();
        break;
      }
      default:
        break;
    }
    this.drawStatus();
  }
  /** "▶ started", once per attempt (on a terminal the status line says it for first attempts). */
  announce(unitId2, attempt) {
    const key = `${unitId2}#${attempt}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    if (!this.options.tty || attempt > 1) this.print(`${this.prefix(unitId2)} \u25B6 started${attempt > 1 ? ` (attempt ${attempt})` : ""}${this.onNode(this.nodeOf.get(unitId2))}`);
  }
  /** ` on worker-1`, when the run packs several nodes (a swarm): the node's name, from the engine. */
  onNode(node) {
    const nodes = this.predicted?.plan?.placement?.nodes;
    if (node === void 0 || !nodes || nodes.length < 2) return "";
    return ` on ${untrusted(nodes.find((n) => n.id === node)?.name ?? node)}`;
  }
  /** Where the run stands, for the time left. */
  track(e) {
    switch (e.type) {
      case "attempt-start":
      case "service-start":
        this.since.set(e.unit, this.now());
        break;
      // Ended, to be tried again: not running until its next attempt starts (a last attempt's unit-end follows).
      case "attempt-end":
        if (e.willRetry) this.since.delete(e.unit);
        break;
      case "service-healthy":
        this.healthy.add(e.unit);
        break;
      case "unit-end":
        this.ended.add(e.unit);
        this.since.delete(e.unit);
        break;
      default:
        return;
    }
    if (this.left) this.left.stale = true;
  }
  /**
   * ms the run has left by the plan of what is left (core/eta.ts), planned again when the run
   * moved on (at most once a second), counting down in between; undefined before the prediction.
   */
  timeLeft() {
    if (!this.predicted) return void 0;
    const now = this.now();
    const due = this.predicted.graph.units.length <= ETA_SMALL || now - (this.left?.at ?? -Infinity) >= ETA_REPLAN_MS;
    if (!this.left || this.left.stale && due) {
      const running = /* @__PURE__ */ new Map();
      for (const [unit, since] of this.since) running.set(unit, now - since);
      const ms = timeLeft(this.predicted.graph, this.predicted.capacity, { ended: this.ended, running, healthy: this.healthy }, this.predicted.plan);
      this.left = { ms, at: now, stale: false };
    }
    return Math.max(0, this.left.ms - (now - this.left.at));
  }
  /** Without a status line: `gantry: 12/40 tasks done · ~1m20s left`, at a task's end, at most every 30 s. */
  etaLine() {
    if (this.options.tty || this.done >= this.total) return;
    const now = this.now();
    if (now - this.lastEtaLine < ETA_LINE_MS) return;
    const left = this.timeLeft();
    if (left === void 0) return;
    this.lastEtaLine = now;
    this.print(`gantry: ${this.done}/${this.total} tasks done \xB7 ~${formatDuration(roundSeconds(left))} left`);
  }
  /**
   * The run is being cancelled (Ctrl-C): what is left will not run, so no time left is said any
   * more — not on the status line, not as a `gantry: N/M tasks done · ~… left` line.
   */
  cancelling() {
    this.stopping = true;
    this.predicted = void 0;
    this.left = void 0;
    this.drawStatus();
  }
  /** Removes the status line (before the final summary). */
  finish() {
    this.clearStatus();
  }
  prefix(unitId2) {
    const id = sanitize(unitId2);
    const name = id.length > this.width ? `${id.slice(0, this.width - 1)}\u2026` : id.padEnd(this.width);
    return this.paint(name, this.colorOf.get(unitId2) ?? 37);
  }
  paint(text, code) {
    return this.options.color ? `\x1B[${code}m${text}\x1B[39m` : text;
  }
  print(text) {
    this.clearStatus();
    this.options.out.write(`${text}
`);
    this.drawStatus();
  }
  clearStatus() {
    if (this.statusShown) {
      this.options.out.write("\r\x1B[K");
      this.statusShown = false;
    }
  }
  /** `[██████░░░░] 6/10 · 2 running · 1 failed · 12s` — TTY only. */
  drawStatus() {
    if (!this.options.tty) return;
    this.clearStatus();
    const elapsed = Math.round((this.now() - this.started) / 1e3) * 1e3;
    const cols = this.options.columns || 80;
    const barWidth = Math.max(10, Math.min(30, cols - 50));
    const filled = this.total === 0 ? barWidth : Math.round(this.done / this.total * barWidth);
    const bar = `${"\u2588".repeat(filled)}${"\u2591".repeat(Math.max(0, barWidth - filled))}`;
    const parts = [`${this.done}/${this.total}`, `${this.running.size} running`];
    if (this.failed > 0) parts.push(this.paint(`${this.failed} failed`, 31));
    parts.push(formatDuration(elapsed));
    const left = this.done < this.total ? this.timeLeft() : void 0;
    if (left !== void 0) parts.push(`~${formatDuration(roundSeconds(left))} left`);
    this.options.out.write(`[${bar}] ${parts.join(" \xB7 ")}`);
    this.statusShown = true;
  }
};
function roundSeconds(ms) {
  return ms <= 0 ? 0 : Math.max(1e3, Math.round(ms / 1e3) * 1e3);
}
function describe(outcome) {
  return outcome.message ?? outcome.status;
}
function untrusted(text) {
  return sanitize(text, { sgr: "strip" });
}

// cli/kept-hints.ts
function keptHints(kept, runId) {
  const lines = [`kept for debugging (--keep-failed), on network ${kept.network}:`];
  for (const unit of kept.units) {
    const c = unit.container;
    if (unit.kind === "task") {
      const image = debugImage(c);
      lines.push(
        `  task ${sanitize(unit.unit)}: container ${c} (exited)`,
        `    docker logs ${c}`,
        `    docker diff ${c}                     # the files it changed; docker cp ${c}:PATH . copies one`,
        `    docker commit ${c} ${image} && docker run --rm -it --network ${kept.network} --entrypoint sh ${image}`,
        `    docker rmi ${image}                  # afterwards: gantry cleanup does not remove images`
      );
    } else {
      lines.push(`  service ${sanitize(unit.unit)}: container ${c} (running)`, `    docker exec -it ${c} sh`, `    docker logs ${c}`);
    }
  }
  lines.push(`remove all of it: gantry cleanup --run ${runId}`);
  return `${lines.join("\n")}
`;
}
function debugImage(container) {
  const name = container.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `gantry-debug/${name || "task"}`;
}

// core/shard.ts
var PARTITION_CPUS = 2;
function parseShard(text) {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
  if (!m) return void 0;
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > 256 || index < 1 || index > total) return void 0;
  return { index, total };
}
function partition(graph, total, cpus = PARTITION_CPUS) {
  const order = new Map(graph.units.map((u, i) => [u.id, i]));
  const closures = /* @__PURE__ */ new Map();
  const closure = (id) => {
    let c = closures.get(id);
    if (c) return c;
    c = /* @__PURE__ */ new Set([id]);
    closures.set(id, c);
    for (const need of graph.byId.get(id)?.needs ?? []) for (const x of closure(need)) c.add(x);
    return c;
  };
  const dependents = /* @__PURE__ */ new Map();
  for (const u of graph.units) {
    for (const n of u.needs) {
      const list = dependents.get(n);
      if (list) list.push(u.id);
      else dependents.set(n, [u.id]);
    }
  }
  const tails = /* @__PURE__ */ new Map();
  const tail = (id) => {
    const known = tails.get(id);
    if (known !== void 0) return known;
    const unit = graph.byId.get(id);
    const value = unit.estimate + Math.max(0, ...(dependents.get(id) ?? []).map(tail));
    tails.set(id, value);
    return value;
  };
  const tasks = graph.units.filter((u) => u.kind === "task").sort((a, b) => tail(b.id) - tail(a.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shards = Array.from({ length: total }, () => ({ tasks: [], runs: /* @__PURE__ */ new Set(), cost: 0 }));
  for (const task of tasks) {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < total; i++) {
      const runs = /* @__PURE__ */ new Set([...shards[i].runs, ...closure(task.id)]);
      const cost = lowerBound(graph, runs, cpus);
      if (cost < bestCost || cost === bestCost && work(graph, shards[i].runs) < work(graph, shards[best].runs)) {
        best = i;
        bestCost = cost;
      }
    }
    shards[best].tasks.push(task);
    for (const id of closure(task.id)) shards[best].runs.add(id);
    shards[best].cost = bestCost;
  }
  const byOrder = (ids) => [...ids].sort((a, b) => order.get(a) - order.get(b));
  const count2 = /* @__PURE__ */ new Map();
  for (const s of shards) for (const id of s.runs) count2.set(id, (count2.get(id) ?? 0) + 1);
  return shards.map((s, i) => ({
    index: i + 1,
    tasks: byOrder(s.tasks.map((t) => t.id)),
    runs: byOrder(s.runs),
    shared: byOrder([...s.runs].filter((id) => count2.get(id) > 1)),
    predicted: s.cost
  }));
}
function work(graph, ids) {
  let total = 0;
  for (const id of ids) total += graph.byId.get(id).estimate * graph.byId.get(id).cpus;
  return total;
}
function lowerBound(graph, ids, cpus) {
  const chain = /* @__PURE__ */ new Map();
  const longest = (id) => {
    const known = chain.get(id);
    if (known !== void 0) return known;
    const unit = graph.byId.get(id);
    const value = unit.estimate + Math.max(0, ...unit.needs.filter((n) => ids.has(n)).map(longest));
    chain.set(id, value);
    return value;
  };
  let work2 = 0;
  let path2 = 0;
  for (const id of ids) {
    const unit = graph.byId.get(id);
    if (unit.kind === "task") work2 += unit.estimate * Math.min(unit.cpus, cpus);
    path2 = Math.max(path2, longest(id));
  }
  return Math.max(path2, work2 / cpus);
}

// cli/shards.ts
function shardsOf(graph, total, cpus) {
  return partition(graph, total, cpus.flag ?? cpus.file ?? PARTITION_CPUS);
}
function planShards(graph, shards, capacity) {
  return shards.map((s) => ({ ...s, makespan: s.tasks.length === 0 ? 0 : plan(selectOnly(graph, s.tasks), capacity).makespan }));
}
var seconds = (ms) => Math.round(ms) / 1e3;
function shardPlanJson(shards) {
  return {
    shards: shards.map((s) => ({ shard: s.index, tasks: s.tasks, runs: s.runs, shared: s.shared, makespan: seconds(s.makespan), balanced: seconds(s.predicted) }))
  };
}
function renderShardPlan(shards, cpus) {
  const total = shards.length;
  const lines = [`${total} shard${total === 1 ? "" : "s"} (partition balanced for ${cpus} cpus; run each with --shard I/${total}, or the action's \`shard: I/${total}\`)`, ""];
  const label = (s) => `shard ${s.index}/${total}`;
  const width = Math.max(...shards.map((s) => label(s).length));
  const timeWidth = Math.max(...shards.map((s) => formatDuration(s.makespan).length));
  for (const s of shards) {
    const tasks = s.tasks.length === 0 ? "no tasks (nothing to run)" : `${s.tasks.length} task${s.tasks.length === 1 ? "" : "s"}: ${s.tasks.map((t) => sanitize(t)).join(", ")}`;
    const needs = s.runs.filter((id) => !s.tasks.includes(id));
    const shared = needs.length > 0 ? `   also runs what they need: ${needs.map((id) => `${sanitize(id)}${s.shared.includes(id) ? " (also in another shard)" : ""}`).join(", ")}` : "";
    lines.push(`${label(s).padEnd(width)}  predicted ${formatDuration(s.makespan).padStart(timeWidth)}  ${tasks}${shared}`);
  }
  const longest = shards.reduce((a, b) => b.makespan > a.makespan ? b : a);
  lines.push("", `longest shard: ${formatDuration(longest.makespan)} (${label(longest)}) \u2014 the sharded run's predicted makespan`);
  return `${lines.join("\n")}
`;
}
function parseShardCount(text) {
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return n >= 1 && n <= 256 ? n : `--shards takes a whole number from 1 to 256 (got "${sanitize(text)}")`;
}
function shardFlag(text) {
  return parseShard(text) ?? `--shard takes INDEX/TOTAL with 1 \u2264 INDEX \u2264 TOTAL \u2264 256, e.g. 2/4 (got "${sanitize(text)}")`;
}

// cli/run.ts
var USAGE = `Usage: gantry run FILE [options]
       gantry run FILE --resume [RUN]

Run a batch file on a container engine (the Docker engine by default; see --engine): tasks start
as soon as their needs are done and capacity allows, critical path first. Reports go to <file's
folder>/.gantry/runs/<run-id>/.

Options:
  --only NAME        Run only this task (or expansion, e.g. 'test[shard=1]') and what it needs;
                     repeat for several. Default: everything.
  --parallel N       At most N containers at once. Default: the file's capacity, else no limit
                     beyond cpus and memory (each task asks 1 cpu unless it says otherwise).
  --cpus N           CPUs to pack tasks into. Default: the file's capacity, else the engine's.
  --memory Q         Memory to pack tasks into (e.g. 4Gi). Default: the file's, else the engine's.
  --shard I/N        Run part I of N of the batch (its tasks and what they need), as the action's
                     \`shard: I/N\` does on runner I of a job matrix; \`gantry plan --shards N\`
                     shows the parts. Not with --only.
  --resume [RUN]     Run again only what failed, was cancelled or was skipped in run RUN (a folder
                     under .gantry/runs/; default: the newest run of FILE), and what needs it.
                     Tasks that succeeded there are taken as done, with the outputs they wrote
                     (one whose output had a secret masked as *** runs again); services the
                     tasks run again need are started again; the volumes a failed run kept for
                     them are mounted as they were. A new run with its own folder, its report
                     showing the others as "succeeded (from RUN)". FILE must be unchanged since
                     RUN (its hash is recorded); a run that succeeded leaves nothing to do (exit
                     0). Not with --only or --shard (RUN's own --only is kept).
                     A run that fails keeps the volumes its failed units need for this, listed
                     at its end; \`gantry cleanup\` and the next run of the folder remove them.
  --engine E         docker: the Docker engine the client points at (DOCKER_HOST, else the local
                     socket); swarm: the Docker Swarm whose manager it points at. Default: the
                     file's capacity.engine, else docker. Under --policy strict the file alone
                     may not choose swarm: this flag may.
  --fail-fast        Stop everything at the first failure. Default: independent work goes on.
  --keep-failed      Leave each failed task's (exited) container, the services that were running
                     and the run's network in place for debugging, and print per kept unit its
                     container and commands to paste (docker logs, docker commit + docker run on
                     the run's network, docker exec into a service). The next run does not sweep
                     them; \`gantry cleanup --run ID\` removes them. Nothing failed: nothing is
                     kept. Not offered by the GitHub Action (its runners are thrown away).
  --no-history       Plan this run's priorities from the file's estimates and the defaults only,
                     not from the durations earlier runs recorded in .gantry/history/ (this run
                     is still recorded there).
  --no-cache         Run every task, also those with cache: whose inputs match an earlier
                     success in .gantry/cache/, and store nothing there (see "Task cache" in
                     docs/batch-file.md). Default: a task whose cache key matches is not run
                     and shows as "cached (from RUN)".
  --json             At the end print one JSON object on stdout (live output goes to stderr).
  --policy P         trusted (default) or strict: refuse privileged, host network, cap-add and
                     host binds outside the file's folder (for untrusted files); pass no secrets.
  --env-file FILE    Read variables from a dotenv file (NAME=VALUE lines), as a workflow's env:
                     would give them: for the tasks' secrets: and \${{ env.NAME }}. It wins over
                     the files of the batch file's env-file: key; variables of the environment
                     gantry runs in win over both. Default: none.
  --pass-env NAME    Under --policy strict, let the file read this variable with \${{ env.NAME }};
                     repeat for several. (A trusted file may read any.)

Exit codes: 0 all tasks succeeded, 1 a task failed, 2 invalid file or usage,
3 engine problem (the engine cannot be reached or used; also: a task's image could not be
pulled), 130 cancelled.
`;
var run = {
  summary: "Run a batch file on the Docker engine (or a Docker Swarm)",
  usage: USAGE,
  async run(argv, io) {
    const args = parse(argv);
    if (typeof args === "string") {
      io.stderr.write(`gantry run: ${args}

${USAGE}`);
      return EXIT.invalid;
    }
    let callerEnv = io.env;
    if (args.envFile !== void 0) {
      try {
        callerEnv = { ...readEnvFile(resolve3(io.cwd, args.envFile), args.envFile), ...io.env };
      } catch (error) {
        if (!(error instanceof GantryError)) throw error;
        io.stderr.write(`gantry run: ${error.message} [${error.code}]
`);
        return EXIT.invalid;
      }
    }
    const loaded = loadBatchFile2(args.file, io, { policy: args.policy, capacity: args.capacity, callerEnv, passEnv: args.passEnv, ...args.engine ? { engine: args.engine } : {} });
    if (!loaded.ok) return loaded.code;
    const hash = fileHash(loaded.text);
    let resume;
    if (args.resume) {
      try {
        const found = findResumable(join3(dirname3(loaded.path), ".gantry", "runs"), loaded.path, args.resume.run, io.cwd);
        const only = found.document.only ?? [];
        const graph = only.length ? selectOnly(loaded.validation.graph, only) : loaded.validation.graph;
        const decision = decideResume(found, hash, graph, loaded.validation.file.volumes.map((v) => v.name));
        const say = args.json ? io.stderr : io.stdout;
        if (decision.kind === "nothing") {
          say.write(`gantry: ${sanitize(decision.why)}
`);
          if (args.json) io.stdout.write(`${JSON.stringify({ result: "success", runId: null, makespan: 0, tasks: [] })}
`);
          return EXIT.ok;
        }
        resume = decision.setting;
        args.only = only;
        const again = graph.units.filter((u) => decision.plan.rerun.has(u.id) && u.kind === "task").map((u) => sanitize(u.id));
        const taken = graph.units.filter((u) => decision.plan.taken.has(u.id) && u.kind === "task").map((u) => sanitize(u.id));
        say.write(
          `gantry: resuming run ${found.runId}: running again ${again.join(", ") || "no task"}; taken over (succeeded there): ${taken.join(", ") || "none"}${decision.plan.masked.length ? ` (${decision.plan.masked.map((id) => sanitize(id)).join(", ")} again because an output of theirs had a secret masked)` : ""}${Object.keys(resume.volumes).length ? `; volumes kept by it: ${Object.keys(resume.volumes).map((n) => sanitize(n)).join(", ")}` : ""}
`
        );
      } catch (error) {
        if (!(error instanceof GantryError)) throw error;
        io.stderr.write(failureLines(classifyError(error)));
        return EXIT.invalid;
      }
    }
    if (args.shard) {
      const { index, total } = args.shard;
      const shard = shardsOf(loaded.validation.graph, total, { flag: args.capacity.cpus, file: loaded.validation.file.capacity.cpus })[index - 1];
      (args.json ? io.stderr : io.stdout).write(`gantry: shard ${index}/${total}: ${shard.tasks.length ? shard.tasks.map((t) => sanitize(t)).join(", ") : "no tasks"}
`);
      if (shard.tasks.length === 0) {
        if (args.json) io.stdout.write(`${JSON.stringify({ result: "success", runId: null, makespan: 0, tasks: [] })}
`);
        return EXIT.ok;
      }
      args.only = shard.tasks;
    }
    const live = args.json ? io.stderr : io.stdout;
    const ci = io.env.CI === "true" || io.env.CI === "1";
    const tty = Boolean(live.isTTY) && !ci;
    let progress;
    let stopListening = () => {
    };
    let report;
    try {
      const graph = args.only.length ? selectOnly(loaded.validation.graph, args.only) : loaded.validation.graph;
      const backend = await loadBackend(engineChoice(args.engine, loaded.validation.file.engine?.name).name);
      const { checkBackend } = await import("./chunks/backend-PNCYN7GV.js");
      await checkBackend(backend, { env: io.env, signal: io.signal });
      progress = new RunProgress(graph, {
        out: live,
        tty,
        color: tty && io.env.NO_COLOR === void 0,
        columns: io.stdout.columns ?? 80,
        ...resume ? { takenFrom: new Map([...resume.taken].map(([id, t]) => [id, t.from ?? resume.runId])) } : {}
      });
      const onCancel = () => {
        progress?.cancelling();
        live.write("\ngantry: cancelling: stopping the containers and removing what the run made (Ctrl-C again: stop at once)\n");
      };
      const onForce = () => live.write("gantry: stopping at once (Ctrl-C again: quit without removing; `gantry cleanup` removes it later)\n");
      io.signal.addEventListener("abort", onCancel, { once: true });
      io.force?.addEventListener("abort", onForce, { once: true });
      stopListening = () => {
        io.signal.removeEventListener("abort", onCancel);
        io.force?.removeEventListener("abort", onForce);
      };
      const { runBatch } = await import("./chunks/run-batch-M4BR3FSA.js");
      report = await runBatch({
        backend,
        path: loaded.path,
        validation: loaded.validation,
        ...args.only.length ? { only: args.only } : {},
        capacity: args.capacity,
        failFast: args.failFast,
        ...args.noHistory ? { history: false } : {},
        ...args.noCache ? { cache: false } : {},
        ...args.keepFailed ? { keepFailed: true } : {},
        policy: args.policy,
        fileHash: hash,
        resumable: true,
        ...resume ? { resume } : {},
        env: io.env,
        secrets: callerSecrets(loaded.validation.file, loaded.callerEnv ?? callerEnv, args.policy),
        onNotice: (message) => live.write(`gantry: ${sanitize(message)}
`),
        signal: io.signal,
        ...io.force ? { force: io.force } : {},
        onPrediction: (p) => progress?.prediction(p),
        onEvent: (e) => progress?.event(e),
        onLine: (unit, attempt, stream, line) => progress?.line(unit, attempt, stream, line)
      });
    } catch (error) {
      const failure = classifyError(error);
      if (failure.exitCode === EXIT.internal) throw error;
      const start = error instanceof GantryError ? error.range.start : void 0;
      const at = start && (start.line > 0 || start.character > 0) ? `${sanitize(args.file)}:${start.line + 1}:${start.character + 1}: ` : "";
      io.stderr.write(failureLines(at ? { ...failure, line: `${at}${failure.line} [${failure.code}]` } : failure));
      return failure.exitCode;
    } finally {
      stopListening();
      progress?.finish();
    }
    const outcome = report.result.result;
    const where = relative(io.cwd, report.dir) || ".";
    if (args.json) {
      io.stdout.write(`${JSON.stringify(jsonSummary(report))}
`);
    } else {
      const tasks = report.document.units.filter((u) => u.kind === "task");
      const failed = failedUnits(report.document);
      const takenOver = tasks.filter((u) => u.resumedFrom !== void 0).length;
      const cached = tasks.filter((u) => u.cachedFrom !== void 0 && u.status === "succeeded").length;
      io.stdout.write(
        `
${outcome === "success" ? "succeeded" : outcome === "failure" ? "FAILED" : "cancelled"}: ${tasks.filter((u) => u.status === "succeeded").length}/${tasks.length} tasks succeeded${report.document.resumedFrom !== void 0 ? ` (${takenOver} from run ${report.document.resumedFrom})` : ""}${cached > 0 ? ` (${cached} cached)` : ""}${failed.length ? `, failed: ${failed.map((id) => sanitize(id)).join(", ")}` : ""} in ${formatDuration(report.result.makespan)} (plan predicted ${formatDuration(report.prediction.makespan)})
report: ${where}/report.html (also report.md, report.json, logs/)
`
      );
    }
    if (report.kept) (args.json ? io.stderr : io.stdout).write(keptHints(report.kept, report.runId));
    if (report.keptVolumes) (args.json ? io.stderr : io.stdout).write(resumeHint(report.keptVolumes, args.file, report.runId));
    return runExitCode(report.document);
  }
};
function resumeHint(kept, file, runId) {
  const list = Object.entries(kept).map(([name, v]) => `${sanitize(name)} (${sanitize(v.volume)})`);
  const resume = `gantry run ${sanitize(file)} --resume`;
  const cleanup2 = `gantry cleanup --run ${sanitize(runId)}`;
  const width = Math.max(resume.length, cleanup2.length);
  return `kept for --resume: volume${list.length === 1 ? "" : "s"} ${list.join(", ")}
  ${resume.padEnd(width)}   # runs again only what failed or did not run
  ${cleanup2.padEnd(width)}   # removes them (so does the next full run here)
`;
}
function takeResume(argv) {
  const rest = [];
  let resume;
  let word;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--resume") {
      resume ??= {};
      const next = argv[i + 1];
      if (next !== void 0 && !next.startsWith("-") && word === void 0) {
        word = next;
        i++;
      }
      continue;
    }
    if (arg.startsWith("--resume=")) {
      resume = { run: arg.slice("--resume=".length) };
      continue;
    }
    rest.push(arg);
  }
  return { rest, ...resume ? { resume } : {}, ...word !== void 0 ? { word } : {} };
}
var YAML_NAME = /\.ya?ml$/i;
function parse(argv) {
  let values;
  let positionals;
  const taken = takeResume(argv);
  try {
    ({ values, positionals } = parseArgs({
      args: taken.rest,
      allowPositionals: true,
      strict: true,
      options: {
        only: { type: "string", multiple: true },
        parallel: { type: "string" },
        cpus: { type: "string" },
        memory: { type: "string" },
        "fail-fast": { type: "boolean" },
        "keep-failed": { type: "boolean" },
        "no-history": { type: "boolean" },
        "no-cache": { type: "boolean" },
        json: { type: "boolean" },
        policy: { type: "string" },
        shard: { type: "string" },
        "env-file": { type: "string" },
        "pass-env": { type: "string", multiple: true },
        engine: { type: "string" }
      }
    }));
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  let resume = taken.resume;
  if (taken.word !== void 0) {
    if (positionals.length === 0) positionals = [taken.word];
    else if (resume?.run === void 0 && positionals.length === 1 && YAML_NAME.test(taken.word) && !YAML_NAME.test(positionals[0])) {
      resume = { run: positionals[0] };
      positionals = [taken.word];
    } else if (resume?.run === void 0) resume = { run: taken.word };
    else positionals = [...positionals, taken.word];
  }
  if (positionals.length !== 1) return positionals.length === 0 ? "missing the batch FILE" : `one FILE at a time (got ${positionals.length})`;
  if (resume && (values.only?.length || values.shard !== void 0)) return "--resume cannot be combined with --only or --shard (the resumed run keeps its own --only)";
  if (resume?.run === "") return "--resume=RUN: RUN is empty";
  const capacity = capacityFromFlags(values);
  if (typeof capacity === "string") return capacity;
  const policy = policyFromFlag(values.policy);
  if (!isPolicy(policy)) return policy;
  const engine = engineFromFlag(values.engine);
  if (engine !== void 0 && !isEngineName(engine)) return engine;
  const shard = values.shard === void 0 ? void 0 : shardFlag(values.shard);
  if (typeof shard === "string") return shard;
  if (shard && values.only?.length) return "--shard and --only cannot be combined";
  const passEnv = (values["pass-env"] ?? []).flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
  const badName = passEnv.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (badName !== void 0) return `--pass-env ${badName}: not the name of an environment variable`;
  return {
    ...shard ? { shard } : {},
    ...resume ? { resume } : {},
    file: positionals[0],
    only: (values.only ?? []).flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean),
    capacity,
    failFast: values["fail-fast"] ?? false,
    keepFailed: values["keep-failed"] ?? false,
    noHistory: values["no-history"] ?? false,
    noCache: values["no-cache"] ?? false,
    json: values.json ?? false,
    policy,
    ...values["env-file"] !== void 0 ? { envFile: values["env-file"] } : {},
    passEnv,
    ...engine ? { engine } : {}
  };
}
function jsonSummary(report) {
  const seconds3 = (ms) => ms === void 0 ? null : Math.round(ms) / 1e3;
  const resumedFrom = new Map(report.document.units.filter((u) => u.resumedFrom !== void 0).map((u) => [u.id, u.resumedFrom]));
  return {
    result: report.result.result,
    runId: report.runId,
    makespan: seconds3(report.result.makespan),
    tasks: report.result.units.filter((u) => u.kind === "task").map((u) => {
      const last = u.attempts[u.attempts.length - 1];
      const peaks = u.attempts.map((a) => a.outcome.usage?.peakMemory).filter((p) => p !== void 0);
      return {
        name: u.id,
        status: u.status,
        attempts: u.attempts.length,
        exitCode: last?.outcome.exitCode ?? null,
        start: seconds3(u.start),
        end: seconds3(u.end),
        memory: peaks.length ? Math.max(...peaks) : null,
        ...last?.outcome.cached ? { cachedFrom: last.outcome.cached.run } : {},
        ...resumedFrom.has(u.id) ? { resumedFrom: resumedFrom.get(u.id) } : {}
      };
    })
  };
}

// cli/cleanup.ts
import { parseArgs as parseArgs2 } from "node:util";
var USAGE2 = `Usage: gantry cleanup [--run ID] [--instance ID] [--force] [--engine E]

Remove the containers, networks, volumes and temporary state folders that Gantry runs left
behind, found by their labels (dev.gantry.run, dev.gantry.instance, dev.gantry.owner). A normal
or cancelled run removes its own; this is for runs that were killed or crashed. Runs whose gantry
process is still going (or that belong to another machine) are left alone and listed, and so
are runs that kept their failures with \`gantry run --keep-failed\` until --run ID names them.
The volumes a failed run kept for \`gantry run --resume\` are removed (that run has ended).

Options:
  --run ID        Only what run ID created (the folder name under .gantry/runs/); also a run
                  kept by --keep-failed.
  --instance ID   Only what runs of this instance created.
                  Default (neither): every Gantry run on this engine whose process is gone.
  --force         Also remove runs that are still going (their containers are killed).
  --engine E      Where to look: docker (the Docker engine the client points at) or swarm (the
                  Docker Swarm whose manager it points at): the engine the runs ran on.
                  Default: docker.

Exit codes: 0 removed (or nothing to remove), 1 something could not be removed,
2 usage error, 3 engine problem.
`;
var cleanup = {
  summary: "Remove what crashed runs left on the Docker engine (or a Docker Swarm)",
  usage: USAGE2,
  async run(argv, io) {
    let values;
    try {
      const parsed = parseArgs2({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: { run: { type: "string" }, instance: { type: "string" }, force: { type: "boolean" }, engine: { type: "string" } }
      });
      values = parsed.values;
    } catch (error) {
      io.stderr.write(`gantry cleanup: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}

${USAGE2}`);
      return EXIT.invalid;
    }
    const engine = engineFromFlag(values.engine);
    if (engine !== void 0 && !isEngineName(engine)) {
      io.stderr.write(`gantry cleanup: ${engine}

${USAGE2}`);
      return EXIT.invalid;
    }
    try {
      const backend = await loadBackend(engineChoice(engine, void 0).name);
      const connection = await backend.connect({ env: io.env, signal: io.signal });
      const force2 = values.force === true;
      if (force2) io.stderr.write("gantry cleanup: --force: runs still going are removed too; their containers are killed.\n");
      const result = await connection.sweep(
        {
          ...values.run !== void 0 ? { runId: values.run } : {},
          ...values.instance !== void 0 ? { instance: values.instance } : {}
        },
        { force: force2 }
      ).finally(() => connection.close());
      const scope = values.run ? `run ${values.run}` : values.instance ? `instance ${values.instance}` : "Gantry runs";
      if (result.removed.length === 0) io.stdout.write(`${scope}: nothing to remove
`);
      const errors = [];
      for (const run2 of result.removed) {
        io.stdout.write(`run ${run2.runId}: removed ${run2.removed} (${run2.why})
`);
        errors.push(...run2.errors);
      }
      for (const run2 of result.kept) {
        io.stdout.write(`run ${run2.runId}: left alone, ${run2.why}${run2.keptFailed ? "" : " (--force removes it)"}
`);
      }
      for (const e of errors) io.stderr.write(`gantry cleanup: could not remove ${e}
`);
      return errors.length ? EXIT.failed : EXIT.ok;
    } catch (error) {
      if (error instanceof GantryError && error.code === "cancelled") {
        io.stderr.write("gantry cleanup: cancelled\n");
        return EXIT.cancelled;
      }
      if (!(error instanceof GantryError)) {
        io.stderr.write(`gantry cleanup: error: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim()}
`);
        return EXIT.engine;
      }
      io.stderr.write(engineErrorLine(error));
      return EXIT.engine;
    }
  }
};

// cli/validate.ts
import { parseArgs as parseArgs3 } from "node:util";
var USAGE3 = `Usage: gantry validate FILE... [options]

Check batch files without running anything: YAML syntax, keys, types, quantities, durations,
names, needs, cycles, expressions, and that every task fits the capacity (the file's, else this
machine's). Problems go to stderr as FILE:LINE:COL: error|warning: message [code].

Options:
  --policy P        trusted (default) or strict: refuse privileged, host network, cap-add and
                    host binds outside the file's folder, as untrusted files (from forks) must be.
  --pass-env NAME   Under --policy strict, allow \${{ env.NAME }} for this variable, as the
                    action's pass-env input does; repeat for several.
  --engine E        docker or swarm: the engine the run will be given (gantry run --engine, the
                    action's engine: input). Under --policy strict the file alone may not choose
                    swarm; with this, its capacity.engine is not refused. Default: none.

Exit codes: 0 no errors (warnings allowed), 2 an error in some file or a usage error.
`;
var validateCommand = {
  summary: "Check batch files and print every problem with its place",
  usage: USAGE3,
  async run(argv, io) {
    let values;
    let files;
    try {
      ({ values, positionals: files } = parseArgs3({ args: argv, allowPositionals: true, strict: true, options: { policy: { type: "string" }, "pass-env": { type: "string", multiple: true }, engine: { type: "string" } } }));
    } catch (error) {
      io.stderr.write(`gantry validate: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}

${USAGE3}`);
      return EXIT.invalid;
    }
    const policy = policyFromFlag(values.policy);
    if (files.length === 0 || !isPolicy(policy)) {
      io.stderr.write(`gantry validate: ${files.length === 0 ? "missing the batch FILE" : policy}

${USAGE3}`);
      return EXIT.invalid;
    }
    const engine = engineFromFlag(values.engine);
    if (engine !== void 0 && !isEngineName(engine)) {
      io.stderr.write(`gantry validate: ${engine}

${USAGE3}`);
      return EXIT.invalid;
    }
    const passEnv = (values["pass-env"] ?? []).flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
    let code = EXIT.ok;
    for (const file of files) {
      const loaded = loadBatchFile2(file, io, { policy, passEnv, ...engine ? { engine } : {} });
      if (!loaded.ok) {
        code = loaded.code;
        continue;
      }
      const units = loaded.validation.graph.units;
      const tasks = units.filter((u) => u.kind === "task").length;
      const services = units.length - tasks;
      io.stdout.write(`${file}: ok (${tasks} ${tasks === 1 ? "task" : "tasks"}, ${services} ${services === 1 ? "service" : "services"})
`);
    }
    return code;
  }
};

// cli/plan.ts
import { parseArgs as parseArgs4 } from "node:util";
import { dirname as dirname4 } from "node:path";
var USAGE4 = `Usage: gantry plan FILE [options]

Show how a run would be scheduled if every task took its estimate: one row per task and service,
the makespan, the critical path, the lower bound no schedule can beat, and where each estimate
comes from. An estimate is the median of the unit's recent successful runs when \`gantry run\` has
recorded any (.gantry/history/ beside the file), else its \`estimate:\`, else the default (10s; a
service is healthy at once).

Tasks with cache: whose inputs match an earlier success in .gantry/cache/ \u2014 all but the image,
which plan cannot know without the engine \u2014 are listed as "cached if the image is unchanged",
with the makespan without them (--json: "makespanWithoutCached", a task's "cachedFrom").

Options:
  --cpus N       CPUs to pack tasks into. Default: the file's capacity, else this machine's.
  --memory Q     Memory to pack into (e.g. 4Gi, 512Mi). Default: the file's, else this machine's.
  --parallel N   At most N containers at once. Default: the file's, else no limit.
  --no-history   Ignore the recorded runs: only the file's estimates and the defaults.
  --engine E     docker (default) plans offline against the capacity; swarm asks the swarm the
                 Docker client points at for its nodes and places each unit on one, as
                 \`gantry run --engine swarm\` will (a node column, a line per node). Default:
                 the file's capacity.engine, else docker.
  --json         Print {"makespan","lowerBound","criticalPath","tasks":[\u2026]} (seconds, bytes);
                 each task has "estimate" (seconds; a service: to healthy), "source" (history,
                 estimate or default) and "runs" (how many runs the history estimate is from).
  --shards N     Split the batch for N runners as \`gantry run --shard I/N\` and the action's
                 \`shard: I/N\` do: which tasks run where, each shard's predicted makespan.
                 With --json: {"shards":[{"shard","tasks","runs","shared","makespan","balanced"}]}.

Exit codes: 0 planned, 2 invalid file or usage, 3 the swarm could not be asked (--engine swarm).
`;
var planCommand = {
  summary: "Show the schedule a run would follow, with its critical path",
  usage: USAGE4,
  run: (argv, io) => runPlan(argv, io)
};
async function runPlan(argv, io, given = {}) {
  let engine = given;
  let values;
  let positionals;
  const usageError = (message) => {
    io.stderr.write(`gantry plan: ${message}

${USAGE4}`);
    return EXIT.invalid;
  };
  try {
    ({ values, positionals } = parseArgs4({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { cpus: { type: "string" }, memory: { type: "string" }, parallel: { type: "string" }, json: { type: "boolean" }, shards: { type: "string" }, "no-history": { type: "boolean" }, engine: { type: "string" } }
    }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message.split("\n")[0] : String(error));
  }
  if (positionals.length !== 1) return usageError(positionals.length === 0 ? "missing the batch FILE" : `one FILE at a time (got ${positionals.length})`);
  const capacity = capacityFromFlags(values);
  if (typeof capacity === "string") return usageError(capacity);
  const shards = values.shards === void 0 ? void 0 : parseShardCount(values.shards);
  if (typeof shards === "string") return usageError(shards);
  const engineFlag = engineFromFlag(values.engine);
  if (engineFlag !== void 0 && !isEngineName(engineFlag)) return usageError(engineFlag);
  const loaded = loadBatchFile2(positionals[0], io, { capacity, ...engineFlag ? { engine: engineFlag } : {} });
  if (!loaded.ok) return loaded.code;
  if (!engine.nodes && engineChoice(engineFlag, loaded.validation.file.engine?.name).name !== "docker") {
    try {
      const backend = await loadBackend(engineChoice(engineFlag, loaded.validation.file.engine?.name).name);
      const connection = await backend.connect({ env: io.env, ...io.signal ? { signal: io.signal } : {} });
      try {
        const asked = await connection.capacity();
        engine = { nodes: asked.nodes, ...asked.startOverhead !== void 0 ? { startOverhead: asked.startOverhead } : {}, ...asked.homeUnavailable !== void 0 ? { homeUnavailable: asked.homeUnavailable } : {} };
      } finally {
        await connection.close();
      }
    } catch (error) {
      const failure = classifyError(error);
      io.stderr.write(failureLines(failure));
      return failure.exitCode;
    }
  }
  if (shards !== void 0) {
    const cpus = capacity.cpus ?? loaded.validation.file.capacity.cpus ?? PARTITION_CPUS;
    const planned = planShards(loaded.validation.graph, shardsOf(loaded.validation.graph, shards, { flag: capacity.cpus, file: loaded.validation.file.capacity.cpus }), loaded.validation.capacity);
    io.stdout.write(values.json ? `${JSON.stringify(shardPlanJson(planned))}
` : renderShardPlan(planned, cpus));
    return EXIT.ok;
  }
  let graph = loaded.validation.graph;
  if (!values["no-history"]) {
    const read = readHistory(dirname4(loaded.path), loaded.path);
    if (read.problem) io.stderr.write(`gantry plan: ${sanitize(read.problem)}
`);
    graph = withEstimates(graph, estimatesFromHistory(read.records, { startOverhead: engine.startOverhead ?? DEFAULT_START_OVERHEAD_MS }));
  }
  let placement;
  let planCapacity = loaded.validation.capacity;
  if (engine.nodes && (engine.nodes.length > 1 || engine.homeUnavailable !== void 0)) {
    const placed = placeUnits(graph, engine.nodes, engine.homeUnavailable !== void 0 ? { homeUnavailable: engine.homeUnavailable } : {});
    if (placed.problems.length > 0) {
      for (const problem of placed.problems) io.stderr.write(`gantry plan: ${sanitize(problem.message)}
`);
      return EXIT.invalid;
    }
    placement = placed.placement;
    planCapacity = {
      cpus: engine.nodes.reduce((sum, node) => sum + node.capacity.cpus, 0),
      memory: engine.nodes.reduce((sum, node) => sum + node.capacity.memory, 0),
      parallel: planCapacity.parallel
    };
  }
  const options = placement || engine.startOverhead !== void 0 ? { ...placement ? { placement } : {}, ...engine.startOverhead !== void 0 ? { startOverhead: engine.startOverhead } : {} } : void 0;
  const result = plan(graph, planCapacity, options);
  const cached = predictCached(graph, { baseDir: dirname4(loaded.path), batchFile: loaded.path });
  const withCache = cached.size > 0 ? { cached, makespan: plan(atNoTime(graph, cached), planCapacity, options).makespan } : void 0;
  if (values.json) io.stdout.write(`${JSON.stringify(planJson(result, graph, withCache, placement))}
`);
  else io.stdout.write(renderPlan(result, graph, planCapacity, io.stdout.columns ?? 80, withCache, values["no-history"] === true, placement));
  return EXIT.ok;
}
var seconds2 = (ms) => Math.round(ms) / 1e3;
function planJson(p, graph, withCache, placement) {
  return {
    makespan: seconds2(p.makespan),
    ...p.nodes ? { nodes: p.nodes.map(({ profile: _, ...node }) => node) } : {},
    ...withCache ? { makespanWithoutCached: seconds2(withCache.makespan) } : {},
    lowerBound: seconds2(p.lowerBound),
    criticalPath: p.criticalPath,
    tasks: p.units.map((u) => {
      const source = estimateSource(graph.byId.get(u.id));
      return {
        name: u.id,
        start: seconds2(u.start),
        end: seconds2(u.end),
        cpus: u.cpus,
        memory: u.memory,
        kind: u.kind,
        estimate: seconds2(source.ms),
        source: source.source,
        runs: source.runs ?? null,
        ...withCache?.cached.has(u.id) ? { cachedFrom: withCache.cached.get(u.id).run } : {},
        ...u.node !== void 0 ? { node: u.node } : {},
        ...placement?.why.has(u.id) ? { pinned: placement.why.get(u.id) } : {}
      };
    })
  };
}
var ESTIMATE_ROWS = 40;
function renderPlan(p, graph, capacity, width, withCache, noHistory = false, placement) {
  const lines = [];
  const nodeNames = new Map((p.nodes ?? []).map((node) => [node.id, sanitize(node.name || node.id)]));
  const nodeWidth = p.nodes ? Math.min(16, Math.max(4, ...[...nodeNames.values()].map((name) => name.length))) : 0;
  const nodeColumn = (id) => {
    if (!p.nodes) return "";
    const name = id === void 0 ? "" : nodeNames.get(id) ?? sanitize(id);
    return `${name.length > nodeWidth ? `${name.slice(0, nodeWidth - 1)}\u2026` : name.padEnd(nodeWidth)} `;
  };
  const cap = formatCapacity(capacity);
  const times = (u) => `${formatDuration(u.start)}\u2013${formatDuration(u.end)}`;
  const nameWidth = Math.min(32, Math.max(4, ...p.units.map((u) => sanitize(u.id).length)));
  const timeWidth = Math.max(9, ...p.units.map((u) => times(u).length));
  const barWidth = Math.max(10, Math.floor(width) - nameWidth - timeWidth - 4 - (p.nodes ? nodeWidth + 1 : 0));
  const scale = p.makespan > 0 ? barWidth / p.makespan : 0;
  lines.push(`Plan on ${cap}: ${p.units.length} ${p.units.length === 1 ? "unit" : "units"}`);
  for (const node of p.nodes ?? []) {
    const count2 = p.units.filter((u) => u.node === node.id).length;
    lines.push(`  node ${nodeNames.get(node.id)}: ${formatCapacity(node)}${node.home ? " (home)" : ""}, ${count2} ${count2 === 1 ? "unit" : "units"}`);
  }
  lines.push("");
  for (const u of p.units) {
    const from = Math.min(barWidth - 1, Math.floor(u.start * scale));
    const to = Math.max(from + 1, Math.min(barWidth, Math.ceil(u.end * scale)));
    const mark = u.kind === "service" ? "~" : u.critical ? "#" : "=";
    const bar = " ".repeat(from) + mark.repeat(to - from) + " ".repeat(barWidth - to);
    const id = sanitize(u.id);
    const name = id.length > nameWidth ? `${id.slice(0, nameWidth - 1)}\u2026` : id.padEnd(nameWidth);
    lines.push(`${name} ${nodeColumn(u.node)}|${bar}| ${times(u)}`);
  }
  lines.push(`${" ".repeat(nameWidth + (p.nodes ? nodeWidth + 1 : 0))}  ${"0s".padEnd(barWidth - formatDuration(p.makespan).length)}${formatDuration(p.makespan)}`);
  lines.push("");
  const ratio = p.lowerBound > 0 ? ` (${(p.makespan / p.lowerBound).toFixed(2)}\xD7 the lower bound)` : "";
  lines.push(`makespan       ${formatDuration(p.makespan)}${ratio}`);
  lines.push(`lower bound    ${formatDuration(p.lowerBound)}: max(critical path, cpu\xB7s \xF7 cpus, memory\xB7s \xF7 memory)`);
  lines.push(`critical path  ${p.criticalPath.length > 0 ? p.criticalPath.map((id) => sanitize(id)).join(" \u2192 ") : "(none)"}`);
  lines.push("legend         # critical path   = task   ~ service");
  if (placement && placement.why.size > 0) {
    const home = p.nodes?.find((node) => node.home);
    const ids = [...placement.why.keys()];
    const shown = ids.slice(0, 10).map((id) => `${sanitize(id)} (${sanitize(placement.why.get(id))})`).join(", ");
    lines.push(`pinned         to the home node${home ? ` ${nodeNames.get(home.id)}` : ""}: ${shown}${ids.length > 10 ? `, \u2026 ${ids.length - 10} more (--json: pinned)` : ""}`);
  }
  if (withCache) {
    const ids = [...withCache.cached.keys()];
    const shown = ids.slice(0, 10).map((id) => `${sanitize(id)} (from ${sanitize(withCache.cached.get(id).run)})`).join(", ");
    lines.push(`cached         ${ids.length} ${ids.length === 1 ? "task" : "tasks"} cached if the image is unchanged: ${shown}${ids.length > 10 ? `, \u2026 ${ids.length - 10} more` : ""}`);
    lines.push(`               makespan without them ${formatDuration(withCache.makespan)} (the plan's image IDs are not known without the engine; --json: cachedFrom)`);
  }
  const rows = p.units.map((u) => ({ id: u.id, source: estimateSource(graph.byId.get(u.id)), service: u.kind === "service" }));
  const fromHistory = rows.filter((r) => r.source.source === "history").length;
  const without = noHistory ? "earlier runs ignored (--no-history)" : "no earlier runs recorded";
  lines.push(`estimates      ${fromHistory > 0 ? `${fromHistory} of ${rows.length} from earlier runs (--no-history ignores them)` : `${without}: the file's estimates and the defaults`}`);
  for (const r of rows.slice(0, ESTIMATE_ROWS)) {
    const id = sanitize(r.id);
    const name = id.length > nameWidth ? `${id.slice(0, nameWidth - 1)}\u2026` : id.padEnd(nameWidth);
    const what = r.source.source === "default" ? `default, ${formatDuration(r.source.ms)}` : r.source.text;
    lines.push(`  ${name} ${r.service ? `healthy after ${what}` : what}`);
  }
  if (rows.length > ESTIMATE_ROWS) lines.push(`  \u2026 ${rows.length - ESTIMATE_ROWS} more (--json lists them all)`);
  return `${lines.join("\n")}
`;
}

// cli/logs.ts
import { lstatSync as lstatSync2, readdirSync } from "node:fs";
import { join as join4, resolve as resolve4, dirname as dirname5 } from "node:path";
import { parseArgs as parseArgs5 } from "node:util";
var USAGE5 = `Usage: gantry logs [RUN] [UNIT ...] [options]

Print the logs of a run, attempt by attempt, each under a header line.

  RUN             A run id (a folder under .gantry/runs/). Default: the newest run.
  UNIT            A task or service name (all its matrix expansions) or one expansion
                  ('test[shard=1]'); several may be given. Default: every unit.

Options:
  --file FILE     The batch file whose runs to read (runs are in <its folder>/.gantry/runs/).
                  Default: the current folder's .gantry/runs/.
  --tail N        Only the last N lines of each log.
  --list          List the runs (newest first) and stop.

Exit codes: 0 printed, 1 no such run or unit, 2 usage error.
`;
var MAX_LOG_BYTES = 64 * 1024 * 1024;
var MAX_REPORT_BYTES = 64 * 1024 * 1024;
var logs = {
  summary: "Print a run's logs from its run folder",
  usage: USAGE5,
  async run(argv, io) {
    const args = parse2(argv);
    if (typeof args === "string") {
      io.stderr.write(`gantry logs: ${args}

${USAGE5}`);
      return EXIT.invalid;
    }
    const runsDir = runsFolder(args.file, io.cwd);
    const runs = listRuns(runsDir);
    if (args.list) {
      for (const run2 of runs) io.stdout.write(`${sanitize(run2)}
`);
      if (runs.length === 0) io.stderr.write(`gantry logs: no runs in ${sanitize(runsDir)}
`);
      return EXIT.ok;
    }
    const [first, ...rest] = args.positionals;
    let runId;
    let units;
    if (first !== void 0 && (runs.includes(first) || first === "latest")) {
      runId = first === "latest" ? runs[0] : first;
      units = rest;
    } else {
      runId = runs[0];
      units = args.positionals;
    }
    if (runId === void 0) {
      io.stderr.write(`gantry logs: no runs in ${sanitize(runsDir)}${args.file ? "" : " (give the batch file with --file)"}
`);
      return EXIT.failed;
    }
    const runDir = join4(runsDir, runId);
    const entries = logEntries(runDir);
    const chosen = units.length ? entries.filter((e) => units.some((u) => matches(e, u))) : entries;
    const unknown = units.filter((u) => !entries.some((e) => matches(e, u)));
    if (unknown.length) {
      const known = [...new Set(entries.map((e) => e.unit ?? e.file))].join(", ") || "none";
      io.stderr.write(`gantry logs: run ${sanitize(runId)} has no logs for ${unknown.map((u) => `'${sanitize(u)}'`).join(", ")} (it has: ${sanitize(known)})
`);
      for (const elsewhere of ranElsewhere(join4(runDir, "report.json"), unknown)) {
        io.stderr.write(
          `  ${sanitize(elsewhere.id)} did not run in it: ${elsewhere.how} (from ${sanitize(elsewhere.from)}); its logs: gantry logs ${elsewhere.from} ${shellWord(sanitize(elsewhere.id))}${args.file !== void 0 ? ` --file ${shellWord(sanitize(args.file))}` : ""}
`
        );
      }
      return EXIT.failed;
    }
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    for (const entry of chosen) {
      const content = readRegularFile(join4(runDir, "logs", entry.file), MAX_LOG_BYTES);
      io.stdout.write(`==> ${sanitize(entry.title)} \xB7 logs/${sanitize(entry.file)} <==
`);
      if (content === void 0) {
        io.stdout.write("(not readable: missing, or not a regular file)\n\n");
        continue;
      }
      let text = content.toString("utf8");
      if (args.tail !== void 0) text = lastLines(text, args.tail);
      const clean = sanitize(text, { multiline: true, sgr: color ? "keep" : "strip" });
      io.stdout.write(clean.endsWith("\n") || clean === "" ? `${clean}
` : `${clean}

`);
    }
    return EXIT.ok;
  }
};
function logEntries(runDir) {
  const files = realFolder(join4(runDir, "logs")) ? safeList(join4(runDir, "logs"), "files").filter((f) => f.endsWith(".log")) : [];
  const doc = readReport(join4(runDir, "report.json"));
  const entries = [];
  const named = /* @__PURE__ */ new Set();
  for (const unit of doc?.units ?? []) {
    if (!isRecord(unit) || typeof unit.id !== "string" || !Array.isArray(unit.attempts)) continue;
    if (typeof unit.name !== "string") unit.name = unit.id;
    for (const attempt of unit.attempts) {
      if (!isRecord(attempt) || typeof attempt.log !== "string" || !attempt.log.startsWith("logs/")) continue;
      if (attempt.outcome !== void 0 && !isRecord(attempt.outcome)) continue;
      const file = attempt.log.slice("logs/".length);
      if (named.has(file) || !files.includes(file)) continue;
      named.add(file);
      entries.push({ unit: unit.id, name: unit.name, file, title: attemptTitle(unit, attempt) });
    }
    if (unit.kind === "service") {
      const stem = fileSafeId(unit.id);
      const file = files.find((f) => !named.has(f) && (f === `${stem}.service.log` || f.startsWith(`${stem}~`) && f.endsWith(".service.log")));
      if (file !== void 0) {
        named.add(file);
        entries.push({ unit: unit.id, name: unit.name, file, title: `${unit.id} \xB7 service \xB7 ${plain(unit.status)}` });
      }
    }
  }
  for (const file of files) if (!named.has(file)) entries.push({ file, title: file.replace(/\.log$/, "") });
  return entries;
}
function attemptTitle(unit, attempt) {
  const outcome = attempt.outcome;
  const status = outcome ? `${plain(outcome.status)}${outcome.exitCode !== void 0 ? ` (exit ${plain(outcome.exitCode)})` : ""}` : "running";
  return `${unit.id} \xB7 attempt ${plain(attempt.number)} \xB7 ${status}`;
}
function plain(v) {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "?";
}
function matches(entry, wanted) {
  if (entry.unit !== void 0) return entry.unit === wanted || entry.name === wanted;
  const stem = entry.file.replace(/\.(\d+|service)\.log$/, "");
  return stem === fileSafeId(wanted) || stem.startsWith(`${fileSafeId(wanted)}[`);
}
function ranElsewhere(reportPath, wanted) {
  const found = [];
  for (const unit of readReport(reportPath)?.units ?? []) {
    if (!isRecord(unit) || typeof unit.id !== "string") continue;
    if (!wanted.some((w) => w === unit.id || w === unit.name)) continue;
    const from = typeof unit.cachedFrom === "string" ? unit.cachedFrom : typeof unit.resumedFrom === "string" ? unit.resumedFrom : void 0;
    if (from === void 0 || !RUN_ID.test(from)) continue;
    found.push({ id: unit.id, from, how: typeof unit.cachedFrom === "string" ? "cached" : "taken over by --resume" });
  }
  return found;
}
function shellWord(word) {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
function readReport(path2) {
  const raw = readRegularFile(path2, MAX_REPORT_BYTES);
  if (raw === void 0) return void 0;
  try {
    const doc = JSON.parse(raw.toString("utf8"));
    return Array.isArray(doc?.units) ? doc : void 0;
  } catch {
    return void 0;
  }
}
function runsFolder(file, cwd) {
  if (file !== void 0) return join4(dirname5(resolve4(cwd, file)), ".gantry", "runs");
  return join4(cwd, ".gantry", "runs");
}
var RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
function listRuns(runsDir) {
  if (!realFolder(dirname5(runsDir)) || !realFolder(runsDir)) return [];
  return safeList(runsDir, "folders").filter((name) => RUN_ID.test(name)).sort().reverse();
}
function realFolder(path2) {
  try {
    return lstatSync2(path2).isDirectory();
  } catch {
    return false;
  }
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function safeList(dir, kind) {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => kind === "folders" ? d.isDirectory() : d.isFile()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}
function lastLines(text, n) {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.slice(Math.max(0, lines.length - n)).join("\n") + (lines.length ? "\n" : "");
}
function parse2(argv) {
  let parsed;
  try {
    parsed = parseArgs5({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { file: { type: "string" }, tail: { type: "string" }, list: { type: "boolean" } }
    });
  } catch (error) {
    return error.message;
  }
  const { values, positionals } = parsed;
  let tail;
  if (values.tail !== void 0) {
    if (!/^\d+$/.test(values.tail)) return `--tail wants a whole number of lines, not '${values.tail}'`;
    tail = Number(values.tail);
  }
  return { positionals, file: values.file, tail, list: values.list ?? false };
}

// cli/commands.ts
var commands = {
  validate: validateCommand,
  plan: planCommand,
  run,
  cleanup,
  logs
};

// cli/main.ts
var VERSION = "0.1.0";
function help() {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    "Usage: gantry <command> [options]",
    "",
    "Run a batch of containers (gantry.yml): a DAG of tasks packed against this machine's capacity.",
    "",
    "Commands:",
    ...rows,
    "",
    "Run `gantry <command> --help` for a command's options.",
    ""
  ].join("\n");
}
async function main(argv, io) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(help());
    return name === void 0 ? EXIT.invalid : EXIT.ok;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${VERSION}
`);
    return EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`gantry: unknown command "${name}"

${help()}`);
    return EXIT.invalid;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage.trimEnd()}
`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

// cli/gantry.ts
var controller = new AbortController();
var force = new AbortController();
var signals = 0;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    signals += 1;
    if (signals === 1) controller.abort(sig);
    else if (signals === 2) force.abort(sig);
    else process.kill(process.pid, "SIGKILL");
  });
}
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => void 0);
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
  force: force.signal
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const failure = classifyError(error);
    process.stderr.write(failureLines(failure));
    process.exitCode = failure.exitCode;
  }
);
