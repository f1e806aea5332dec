/**
 * A Skill run's body checked against the Skill's fields (API reference, Part 2.4): unknown fields,
 * types, enums, lengths, module counts; then normalized (omitted ≡ explicit default) so that
 * "the same inputs" can be compared for idempotency.
 */
import { isRecord, type Reply, fail } from './http';
import type { FieldSpec, SkillSpec } from './skillCatalogue';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Product detail makes 1–6 images: modules and custom modules together. */
const MAX_MODULES = 6;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

const invalid = (field: string, error: string, extra: Record<string, unknown> = {}): Reply =>
	fail(400, undefined, `${field}: ${error}`, { field, ...extra });

function checkString(name: string, spec: FieldSpec, value: unknown): Reply | undefined {
	if (typeof value !== 'string') return invalid(name, 'must be a string');
	if (spec.enum && !spec.enum.includes(value)) {
		return invalid(name, `must be one of ${spec.enum.join(', ')}`, { received: value });
	}
	if (spec.minLength !== undefined && value.trim().length < spec.minLength) {
		return invalid(name, `must have at least ${spec.minLength} characters`);
	}
	if (spec.maxLength !== undefined && value.length > spec.maxLength) {
		return invalid(name, `must have at most ${spec.maxLength} characters`, {
			max: spec.maxLength,
			received: value.length,
		});
	}
	return undefined;
}

function checkCustomModules(value: unknown): Reply | undefined {
	if (!Array.isArray(value)) return invalid('customModules', 'must be an array');
	for (const module of value) {
		if (!isRecord(module)) return invalid('customModules', 'entries must be objects');
		const unknown = Object.keys(module).filter((key) => key !== 'name' && key !== 'description');
		if (unknown.length) return invalid('customModules', `unknown fields ${unknown.join(', ')}`);
		const name = checkString(
			'customModules.name',
			{ kind: 'string', minLength: 1, maxLength: 40 },
			module.name,
		);
		if (name) return name;
		const description = checkString(
			'customModules.description',
			{ kind: 'string', minLength: 1, maxLength: 500 },
			module.description,
		);
		if (description) return description;
	}
	return undefined;
}

function checkField(name: string, spec: FieldSpec, value: unknown): Reply | undefined {
	switch (spec.kind) {
		case 'string':
		case 'image':
			return checkString(name, spec, value);
		case 'boolean':
			return typeof value === 'boolean' ? undefined : invalid(name, 'must be true or false');
		case 'integer':
			return Number.isInteger(value) && (value as number) >= 0
				? undefined
				: invalid(name, 'must be an integer ≥ 0');
		case 'images':
			if (!Array.isArray(value) || value.some((url) => typeof url !== 'string')) {
				return invalid(name, 'must be an array of image URLs');
			}
			return spec.maxItems !== undefined && value.length > spec.maxItems
				? invalid(name, `takes at most ${spec.maxItems} images`, { max: spec.maxItems })
				: undefined;
		case 'modules': {
			const allowed = spec.enum ?? [];
			if (
				!Array.isArray(value) ||
				value.some((m) => typeof m !== 'string' || !allowed.includes(m))
			) {
				return invalid(name, `must be an array of ${allowed.join(', ')}`, { received: value });
			}
			return new Set(value).size === value.length ? undefined : invalid(name, 'must be unique');
		}
		case 'customModules':
			return checkCustomModules(value);
	}
}

/** The 400 that refuses the body, or undefined when every field is acceptable. */
export function checkRunBody(spec: SkillSpec, body: Record<string, unknown>): Reply | undefined {
	if (!isUuid(body.requestId)) {
		return fail(400, undefined, 'requestId is required and must be a UUID', {
			received: body.requestId ?? null,
		});
	}
	const unknown = Object.keys(body).filter((key) => key !== 'requestId' && !spec.fields[key]);
	if (unknown.length) {
		return fail(400, undefined, `Unknown fields: ${unknown.join(', ')}`, {
			fields: unknown,
		});
	}
	for (const [name, field] of Object.entries(spec.fields)) {
		const value = body[name];
		if (value === undefined || value === null) {
			if (field.required) return fail(400, undefined, `${name} is required`, { field: name });
			continue;
		}
		const refused = checkField(name, field, value);
		if (refused) return refused;
	}
	const mode = typeof body.mode === 'string' ? body.mode : String(spec.fields.mode?.default ?? '');
	for (const [name, field] of Object.entries(spec.fields)) {
		if (field.modes && body[name] !== undefined && !field.modes.includes(mode)) {
			return invalid(name, `applies to the ${field.modes.join(' and ')} modes only`);
		}
	}
	if (spec.id === 'white-bg' && mode === 'custom' && !String(body.customPrompt ?? '').trim()) {
		return fail(400, undefined, 'customPrompt is required for the custom mode', {
			field: 'customPrompt',
		});
	}
	if (spec.id === 'product-detail') {
		const count = moduleCount(normalize(spec, body));
		if (count < 1 || count > MAX_MODULES) {
			return invalid('modules', `modules and customModules together must be 1–${MAX_MODULES}`, {
				received: count,
			});
		}
	}
	return undefined;
}

/** The run's inputs with defaults filled in (omitted ≡ explicit default), requestId aside. */
export function normalize(spec: SkillSpec, body: Record<string, unknown>): Record<string, unknown> {
	const inputs: Record<string, unknown> = {};
	const mode = typeof body.mode === 'string' ? body.mode : spec.fields.mode?.default;
	for (const [name, field] of Object.entries(spec.fields)) {
		const given = body[name];
		if (given !== undefined && given !== null) inputs[name] = given;
		else if (field.default !== undefined && (!field.modes || field.modes.includes(String(mode))))
			inputs[name] = field.default;
	}
	return inputs;
}

/** How many images a product-detail run makes: its modules and custom modules. */
export function moduleCount(inputs: Record<string, unknown>): number {
	const modules = Array.isArray(inputs.modules) ? inputs.modules.length : 0;
	const custom = Array.isArray(inputs.customModules) ? inputs.customModules.length : 0;
	return modules + custom;
}

/** Key-order independent serialisation: "same inputs" must not depend on property order. */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (isRecord(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableStringify(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Every image URL of the run, with the field it came in. */
export function imageUrls(
	spec: SkillSpec,
	body: Record<string, unknown>,
): Array<{ field: string; url: string }> {
	const urls: Array<{ field: string; url: string }> = [];
	for (const [name, field] of Object.entries(spec.fields)) {
		const value = body[name];
		if (field.kind === 'image' && typeof value === 'string') urls.push({ field: name, url: value });
		if (field.kind === 'images' && Array.isArray(value)) {
			for (const url of value) if (typeof url === 'string') urls.push({ field: name, url });
		}
	}
	return urls;
}
