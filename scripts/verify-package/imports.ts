import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

import { checks, walk } from './checks';

/**
 * What a node may load at runtime on n8n: n8n-workflow and the short list n8n allows
 * (@n8n/eslint-plugin-community-nodes' no-restricted-imports). That lint rule also lets any
 * devDependency through — on an installed package those are absent, so this check does not.
 */
const ALLOWED = ['n8n-workflow', 'lodash', 'moment', 'p-limit', 'luxon', 'zod', 'crypto'];
const ALLOWED_MODULES = new Set([...ALLOWED, 'node:crypto']);

function isAllowed(specifier: string): boolean {
	const parts = specifier.split('/');
	const moduleName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
	return /^\.\.?\//.test(specifier) || ALLOWED_MODULES.has(moduleName);
}

/** Module specifiers a TypeScript file loads at runtime (type-only imports and exports left out). */
function runtimeImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const specifiers: string[] = [];
	const visit = (node: ts.Node): void => {
		const literal = (value: ts.Node | undefined) =>
			value && ts.isStringLiteralLike(value) ? value.text : undefined;
		let specifier: string | undefined;
		if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly)
			specifier = literal(node.moduleSpecifier);
		else if (ts.isExportDeclaration(node) && !node.isTypeOnly)
			specifier = literal(node.moduleSpecifier);
		else if (
			ts.isImportEqualsDeclaration(node) &&
			ts.isExternalModuleReference(node.moduleReference)
		)
			specifier = literal(node.moduleReference.expression);
		else if (ts.isCallExpression(node) && node.arguments[0]) {
			const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
			if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword)
				specifier = literal(node.arguments[0]) ?? '<computed>';
		}
		if (specifier !== undefined) specifiers.push(specifier);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return specifiers;
}

/** Sources under nodes/ and credentials/ load only n8n-workflow, relative files and n8n's allow-list. */
export function checkSourceImports(projectRoot: string): void {
	const sources = ['nodes', 'credentials'].flatMap((folder) =>
		walk(join(projectRoot, folder), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
	);
	checks.addProblems(
		'nodes/ and credentials/ import only n8n-workflow, relative paths and the allow-list',
		sources.flatMap((file) =>
			runtimeImports(file)
				.filter((specifier) => !isAllowed(specifier))
				.map((specifier) => `${relative(projectRoot, file)} imports ${specifier}`),
		),
	);
}

/** The built JavaScript, as shipped, requires only the same modules. */
export function checkBuiltRequires(packageDir: string): void {
	const requireCall = /\brequire\(\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^)]*))\s*\)/g;
	const problems = walk(join(packageDir, 'dist'), (f) => f.endsWith('.js')).flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(requireCall)].flatMap((match) => {
			const specifier = match[1] ?? match[2] ?? match[3];
			const where = relative(packageDir, file);
			if (specifier === undefined) return [`${where} requires a computed path`];
			return isAllowed(specifier) ? [] : [`${where} requires ${specifier}`];
		}),
	);
	checks.addProblems(
		'built dist/ requires only n8n-workflow, relative paths and the allow-list',
		problems,
	);
}
