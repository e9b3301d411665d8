#!/usr/bin/env node
// The Neo4j guard: every query of the catalog must pass Neo4j's own Cypher front end with zero diagnostics.
//
// Neo4j cannot run on the development machines, so this is how a query that LadybugDB accepts but Neo4j
// would refuse (or warn about) is caught. The texts are exactly what the Neo4j backend runs: the expanded
// Neo4j texts printed by `python -m graph.catalog`. The linter is given the schema of graph/models.py
// (labels, relationship types, property keys and which labels each relationship joins), Neo4j's built-in
// functions and procedures only (no APOC, no GDS: production has neither), and every `$param` a query uses,
// so an unknown label, relationship type, property, function or parameter is a diagnostic. Every
// diagnostic fails the lint, warnings included (cartesian products, deprecations, impossible paths).
//
// Usage: node scripts/lint-cypher.mjs [--root DIR]     (npm run lint:cypher [-- --root DIR])
// The Python that prints the catalog is $PYTHON, else .venv/bin/python of this repository.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import {
  lintCypherQuery,
  parseParameters,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CYPHER_VERSION = 'CYPHER 5'; // what Neo4j 5 runs by default
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const LINT_OPTIONS = { consoleCommandsEnabled: false }; // `:param` and friends are Browser-only

function usage(message) {
  console.error(`${message}\nusage: node scripts/lint-cypher.mjs [--root DIR]`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { root: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && i + 1 < argv.length) args.root = argv[++i];
    else if (argv[i].startsWith('--root=')) args.root = argv[i].slice('--root='.length);
    else usage(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  return args;
}

/** Run `python -m graph.catalog ARGS` in the repository and parse its JSON. */
function catalogJson(args) {
  const python = process.env.PYTHON || path.join(REPO, '.venv', 'bin', 'python');
  if (!process.env.PYTHON && !existsSync(python)) {
    usage(`no Python at ${python}: set PYTHON or create the venv (make install)`);
  }
  let out;
  try {
    out = execFileSync(python, ['-m', 'graph.catalog', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    console.error(`lint-cypher: \`${python} -m graph.catalog ${args.join(' ')}\` failed (${error.message.split('\n')[0]})`);
    process.exit(2);
  }
  return JSON.parse(out);
}

/** A registry of one kind (functions or procedures) per Cypher version, without APOC and GDS. */
function builtIns(registry) {
  const isPlugin = (name) => name.startsWith('apoc.') || name.startsWith('gds.');
  return Object.fromEntries(
    Object.entries(registry).map(([version, entries]) => [
      version,
      Object.fromEntries(Object.entries(entries).filter(([name]) => !isPlugin(name))),
    ]),
  );
}

const FUNCTIONS = builtIns(testData.mockSchema.functions);
const PROCEDURES = builtIns(testData.mockSchema.procedures);

function dbSchema(schema, parameters) {
  return {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    propertyKeys: schema.propertyKeys,
    graphSchema: schema.graphSchema,
    functions: FUNCTIONS,
    procedures: PROCEDURES,
    parameters: Object.fromEntries(parameters.map((name) => [name, null])),
    defaultLanguage: CYPHER_VERSION,
  };
}

/**
 * The front end swallows any exception of its semantic analysis (the compiled Neo4j parser) and then
 * reports nothing: make sure it ran, or a broken install would pass everything.
 */
function assertSemanticAnalysisRuns(schema) {
  const probe = 'MATCH (a:User), (b:User) RETURN a.id AS a, b.id AS b';
  const { diagnostics } = lintCypherQuery(probe, dbSchema(schema, []), LINT_OPTIONS);
  if (!diagnostics.some((d) => d.message.includes('cartesian product'))) {
    console.error(
      "lint-cypher: Neo4j's semantic analysis did not run (no cartesian-product warning on a probe query);" +
        ' check the Node version and `npm ci`',
    );
    process.exit(2);
  }
}

/** Diagnostics of our own: the gateway sends each file as one statement. */
function statementDiagnostics(text) {
  const statements = parseStatementsStrs(text).filter((s) => s.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim());
  if (statements.length === 0) return [{ severity: 1, message: 'no Cypher statement in this query', at: 0 }];
  if (statements.length > 1) {
    return [{ severity: 1, message: `${statements.length} statements: a query file holds exactly one`, at: 0 }];
  }
  return [];
}

/**
 * The front end's unknown-property check has one false positive (seen in 2.0.0-next.38): a key read
 * from a map inside a node pattern, `MATCH (u:User {id: row.requester})` after `UNWIND $rows AS row`
 * (or `{id: $row.requester}`), is checked as if it were a property of `u`. Such a warning is dropped only
 * when the text right before the key is `$param.` or `variable.` where the front end itself typed every
 * use of that variable as something other than a node or relationship; every other warning stands.
 */
function isMapKeyTakenForProperty(diagnostic, text, symbolTable) {
  const property = /^(\S+) is not present in the database\. /.exec(diagnostic.message)?.[1];
  const start = diagnostic.offsets?.start;
  if (!property || start === undefined || text.slice(start, start + property.length) !== property) return false;
  const owner = /(\$?)(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*\.\s*$/.exec(text.slice(0, start));
  if (!owner) return false;
  if (owner[1] === '$') return true; // a key of a parameter, never a stored property
  const name = owner[2].replace(/^`|`$/g, '');
  const uses = symbolTable.filter((symbol) => symbol.variable === name);
  const entity = (type) => type === 'Node' || type === 'Relationship';
  return uses.length > 0 && uses.every((symbol) => symbol.types.length > 0 && !symbol.types.some(entity));
}

function position(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, source: text.split('\n')[line - 1] ?? '' };
}

function report(name, text, severity, message, offset) {
  const { line, column, source } = position(text, Math.max(0, Math.min(offset, text.length)));
  console.log(`${name}:${line}:${column}: ${SEVERITY[severity] ?? 'error'}: ${message}`);
  console.log(`    ${source}`);
  console.log(`    ${' '.repeat(column - 1)}^`);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const rootArgs = args.root ? ['--root', path.resolve(args.root)] : [];
  const queries = catalogJson(rootArgs);
  const schema = catalogJson(['--schema']);
  assertSemanticAnalysisRuns(schema);

  const names = Object.keys(queries).sort();
  let count = 0;
  const failed = new Set();
  for (const name of names) {
    const text = queries[name];
    const own = statementDiagnostics(text);
    for (const d of own) report(name, text, d.severity, d.message, d.at);
    const parameters = parseParameters(text, LINT_OPTIONS.consoleCommandsEnabled);
    const linted = lintCypherQuery(text, dbSchema(schema, parameters), LINT_OPTIONS);
    const symbolTable = linted.symbolTables.flat();
    const diagnostics = linted.diagnostics.filter((d) => !isMapKeyTakenForProperty(d, text, symbolTable));
    for (const d of diagnostics) report(name, text, d.severity, d.message, d.offsets?.start ?? 0);
    const found = own.length + diagnostics.length;
    if (found) failed.add(name);
    count += found;
  }
  if (count) {
    console.log(`lint-cypher: ${count} diagnostic(s) in ${failed.size} of ${names.length} queries`);
    process.exit(1);
  }
  console.log(`lint-cypher: ${names.length} queries, no diagnostics`);
}

main();
