/**
 * The fake's five Skills (API reference, Part 2.2–2.4): each Skill's fields with their limits and
 * defaults (used both to validate a run and to show the catalog's `inputSchema`), its price in
 * the catalog's undocumented shapes, and how long its jobs take.
 */

export type SkillId = 'remove-bg' | 'upscale' | 'product-detail' | 'brand-poster' | 'white-bg';

export const SKILL_IDS: SkillId[] = [
	'remove-bg',
	'upscale',
	'product-detail',
	'brand-poster',
	'white-bg',
];

export const PRODUCT_MODULES = ['hero', 'detail', 'scene', 'material', 'usage', 'brand'];

/** One run field: its kind and the limits MeiGen documents. */
export interface FieldSpec {
	kind: 'string' | 'boolean' | 'integer' | 'image' | 'images' | 'modules' | 'customModules';
	required?: boolean;
	enum?: string[];
	default?: unknown;
	minLength?: number;
	maxLength?: number;
	/** For lists of images */
	maxItems?: number;
	/** Only taken with these modes (white-bg's ratio and quality) */
	modes?: string[];
}

export interface SkillSpec {
	id: SkillId;
	title: string;
	tool: string;
	fields: Record<string, FieldSpec>;
	/** The price as the catalog shows it (number, `{ credits }`, `{ perImage }`, or by mode). */
	pricing: unknown;
	maxOutputImages: number;
	durationMs: number;
	/** Catalog fields only some Skills have (style presets, output) and unknown extras. */
	extra?: Record<string, unknown>;
}

export const POSTER_STYLES = [
	{ id: 'minimal-clean', label: 'Minimal Clean' },
	{ id: 'bold-retro', label: 'Bold Retro' },
	{ id: 'luxury-dark', label: 'Luxury Dark' },
];

const image = (required = false): FieldSpec => ({ kind: 'image', required });
const text = (maxLength: number, fallback?: string): FieldSpec => ({
	kind: 'string',
	maxLength,
	...(fallback === undefined ? {} : { default: fallback }),
});
const QUALITY: FieldSpec = { kind: 'string', enum: ['low', 'medium'], default: 'low' };

export function buildSkillCatalogue(): SkillSpec[] {
	return [
		{
			id: 'remove-bg',
			title: 'Remove Background',
			tool: 'remove_background',
			fields: { productImage: image(true) },
			pricing: 2,
			maxOutputImages: 1,
			durationMs: 150,
		},
		{
			id: 'upscale',
			title: 'Upscale',
			tool: 'upscale_image',
			fields: {
				imageUrl: { kind: 'image', required: true },
				mode: { kind: 'string', enum: ['crisp', 'creative'], default: 'crisp' },
				allowDownscale: { kind: 'boolean', default: false },
				confirmedCredits: { kind: 'integer' },
			},
			pricing: { credits: 4, currency: 'credits' },
			maxOutputImages: 1,
			durationMs: 150,
		},
		{
			id: 'product-detail',
			title: 'Product Detail Images',
			tool: 'product_detail_images',
			fields: {
				productImage: image(true),
				modules: { kind: 'modules', enum: PRODUCT_MODULES, default: ['hero', 'detail', 'scene'] },
				customModules: { kind: 'customModules' },
				productName: text(200),
				sellingPoints: text(2000),
				autoCopy: { kind: 'boolean', default: true },
				platform: text(100, 'amazon'),
				aspectRatio: text(20, '4:5'),
				language: text(35, 'auto'),
				uiLocale: text(35),
				quality: QUALITY,
				modelImage: image(),
				logo: image(),
				extraProductImages: { kind: 'images', maxItems: 2 },
				extraRequirements: text(500),
			},
			pricing: { credits: 3, unit: 'image' },
			maxOutputImages: 6,
			durationMs: 200,
		},
		{
			id: 'brand-poster',
			title: 'Brand Poster',
			tool: 'brand_poster',
			fields: {
				brand: { kind: 'string', required: true, minLength: 1, maxLength: 60 },
				content: text(500),
				autoCopy: { kind: 'boolean', default: true },
				extraNotes: text(500),
				ratio: text(20, '4:5'),
				language: text(35, 'auto'),
				uiLocale: text(35),
				quality: QUALITY,
				logo: image(),
				styleImage: image(),
				productImages: { kind: 'images', maxItems: 3 },
				styleId: { kind: 'string', enum: POSTER_STYLES.map((style) => style.id) },
				customStyle: text(200),
			},
			pricing: { perImage: 5 },
			maxOutputImages: 1,
			durationMs: 200,
			extra: {
				stylePresets: POSTER_STYLES,
				styleSelection: { field: 'styleId', overriddenBy: 'customStyle' },
				output: { images: 1, format: 'png' },
			},
		},
		{
			id: 'white-bg',
			title: 'AI Backgrounds',
			tool: 'ai_background',
			fields: {
				productImage: image(true),
				mode: { kind: 'string', enum: ['white', 'smart', 'custom'], default: 'smart' },
				customPrompt: text(300),
				ratio: { kind: 'string', maxLength: 20, default: 'auto', modes: ['smart', 'custom'] },
				quality: {
					kind: 'string',
					enum: ['fast', 'hd'],
					default: 'fast',
					modes: ['smart', 'custom'],
				},
			},
			pricing: {
				white: { credits: 1 },
				smart: { fast: 2, hd: 4 },
				custom: { fast: 3, hd: 5 },
			},
			maxOutputImages: 1,
			durationMs: 150,
		},
	];
}

const KIND_TYPES: Record<FieldSpec['kind'], string> = {
	string: 'string',
	boolean: 'boolean',
	integer: 'integer',
	image: 'string',
	images: 'array',
	modules: 'array',
	customModules: 'array',
};

/** The catalog's `inputSchema`: a JSON-schema-like view of the fields. */
function inputSchema(spec: SkillSpec): Record<string, unknown> {
	const properties: Record<string, unknown> = {};
	for (const [name, field] of Object.entries(spec.fields)) {
		const type = KIND_TYPES[field.kind];
		properties[name] = Object.fromEntries(
			Object.entries({
				type,
				format: field.kind === 'image' ? 'uri' : undefined,
				enum: field.kind === 'modules' ? undefined : field.enum,
				items: field.kind === 'modules' ? { enum: field.enum } : undefined,
				default: field.default,
				minLength: field.minLength,
				maxLength: field.maxLength,
				maxItems: field.maxItems,
			}).filter(([, value]) => value !== undefined),
		);
	}
	return {
		type: 'object',
		required: [
			'requestId',
			...Object.entries(spec.fields)
				.filter(([, field]) => field.required)
				.map(([name]) => name),
		],
		properties: { requestId: { type: 'string', format: 'uuid' }, ...properties },
		additionalProperties: false,
	};
}

/** A catalog entry as GET /api/skills shows it, with the given (maybe changed) pricing. */
export function catalogEntry(spec: SkillSpec, pricing: unknown): Record<string, unknown> {
	const materials = Object.entries(spec.fields)
		.filter(([, field]) => field.kind === 'image' || field.kind === 'images')
		.map(([name, field]) => ({
			field: name,
			required: field.required === true,
			maxItems: field.kind === 'images' ? field.maxItems : 1,
		}));
	return {
		id: spec.id,
		title: spec.title,
		endpoint: `/api/skills/${spec.id}/run`,
		tool: spec.tool,
		materials,
		pricing,
		maxOutputImages: spec.maxOutputImages,
		inputSchema: inputSchema(spec),
		...spec.extra,
		// Unknown to clients on purpose: they must tolerate fields they don't know.
		category: 'ecommerce',
	};
}
