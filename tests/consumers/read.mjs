// The reference managers' readers, run by tests/test_consumers.py: what they make of the
// edition's records. Reads a JSON request on standard input, writes JSON on standard output.
//   {"cite": items, "style": path.csl, "locales": folder, "locator": "2"}
//     -> citeproc-js with an official CSL style: the note or in-text citation (pinned to a
//        paragraph where a locator is given) and the bibliography entry, as plain text
//   {"read": text, "format": "bibtex" | "ris"}
//     -> Citation.js's CSL-JSON of a BibTeX or RIS record
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const request = JSON.parse(readFileSync(0, "utf8"));

function cite({ cite: items, style, locales, locator, lang }) {
  const CSL = require("citeproc");
  const byId = Object.fromEntries(items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: (language) => {
      try { return readFileSync(join(locales, `locales-${language}.xml`), "utf8"); }
      catch (error) { return readFileSync(join(locales, "locales-en-US.xml"), "utf8"); }
    },
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, readFileSync(style, "utf8"), lang || "en-US");
  engine.setOutputFormat("text");
  const ids = items.map((item) => item.id);
  engine.updateItems(ids);
  const citationItems = ids.map((id) => (locator ? { id, locator, label: "paragraph" } : { id }));
  const [, cited] = engine.processCitationCluster(
    { citationItems, properties: { noteIndex: 1 } }, [], []);
  const [, entries] = engine.makeBibliography();
  return { citation: cited.map((c) => c[1]), bibliography: entries.map((e) => e.trim()) };
}

async function read({ read: text, format }) {
  const { Cite } = require("@citation-js/core");
  require("@citation-js/plugin-bibtex");
  require("@citation-js/plugin-ris");
  require("@citation-js/plugin-csl");
  const found = await Cite.async(text, { forceType: format === "ris" ? "@ris/file" : "@biblatex/text" });
  return { items: found.data };
}

const answer = request.cite ? cite(request) : await read(request);
process.stdout.write(JSON.stringify(answer));
