import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The environment variables that libs/platform's configuration reads, found in its sources:
 * the keys of its zod object schemas (`z.object({ PORT: … })`) and every `env.NAME`,
 * `env['NAME']` or `process.env.NAME` it reads directly.
 */
export function configEnvNames(root: string): Set<string> {
  const dir = join(root, 'libs', 'platform', 'src');
  const names = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      for (const name of envNamesAt(node)) if (ENV_NAME.test(name)) names.add(name);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

function envNamesAt(node: ts.Node): string[] {
  if (ts.isCallExpression(node) && isSchemaObject(node.expression)) {
    const shape = node.arguments[0];
    if (shape && ts.isObjectLiteralExpression(shape)) {
      return shape.properties.flatMap((p) => (p.name ? [propertyName(p.name)] : []));
    }
  }
  if (ts.isPropertyAccessExpression(node) && isEnv(node.expression)) return [node.name.text];
  if (
    ts.isElementAccessExpression(node) &&
    isEnv(node.expression) &&
    ts.isStringLiteral(node.argumentExpression)
  ) {
    return [node.argumentExpression.text];
  }
  return [];
}

/** `z.object(…)` (also `z.strictObject`, `z.looseObject`). */
const isSchemaObject = (callee: ts.Expression): boolean =>
  ts.isPropertyAccessExpression(callee) && /^(object|strictObject|looseObject)$/.test(callee.name.text);

/** `env`, `process.env`, `this.env` … anything whose last name is `env`. */
const isEnv = (e: ts.Expression): boolean =>
  (ts.isIdentifier(e) && e.text === 'env') || (ts.isPropertyAccessExpression(e) && e.name.text === 'env');

const propertyName = (name: ts.PropertyName): string =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
