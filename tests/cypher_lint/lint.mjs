// Lints Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
// Input (stdin): JSON {"schema": {labels, relationshipTypes, propertyKeys},
//                      "statements": [{"name", "text", "parameters": {name: sample value}}]}
// Output (stdout): JSON [{"name", "severity", "line", "column", "message"}] — every diagnostic,
// errors and warnings alike (deprecations included). Exit code 0; the Python runner decides.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function dbSchema(schema, parameters) {
  // Neo4j 5's built-in functions and procedures as the package ships them, so unknown and
  // deprecated functions (e.g. id()) are reported too.
  return {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    propertyKeys: schema.propertyKeys,
    functions: testData.mockSchema.functions,
    procedures: testData.mockSchema.procedures,
    parameters,
    defaultLanguage: 'CYPHER 5',
  };
}

function lintOne(statement, schema) {
  const result = lintCypherQuery(statement.text, dbSchema(schema, statement.parameters ?? {}), {
    consoleCommandsEnabled: false,
  });
  return result.diagnostics.map((d) => ({
    name: statement.name,
    severity: SEVERITY[d.severity] ?? String(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    message: d.message,
  }));
}

const input = JSON.parse(await readStdin());
const out = input.statements.flatMap((s) => lintOne(s, input.schema));
process.stdout.write(JSON.stringify(out));
