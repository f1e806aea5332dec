import type { INodeProperties } from 'n8n-workflow';

import { SKILL_POLL_SECONDS } from '../../../nodes/MeiGen/catalog/skills';
import { DEFAULT_CONCURRENCY } from '../../../nodes/MeiGen/execution/itemLoop';
import { LONGEST_WAIT_SECONDS } from '../../../nodes/MeiGen/jobs/deadlines';
import {
	DEFAULT_MAX_DOWNLOAD_MB,
	DEFAULT_POLL_SECONDS,
} from '../../../nodes/MeiGen/jobs/waitOptions';
import { MeiGen } from '../../../nodes/MeiGen/MeiGen.node';

/**
 * Each operation's collections are written out in full so that n8n's lint can read them (issue
 * 26), which repeats the options several operations share. These checks keep the copies one
 * option, and the panel's defaults the ones the engine applies when a field is not set.
 */

const { properties } = new MeiGen().description;

function collection(name: string, resource: string, operation: string): INodeProperties[] {
	const found = properties.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions.show.operation?.includes(operation),
	);
	return (found?.options ?? []) as INodeProperties[];
}

const OPTIONS = {
	'Image → Generate': collection('options', 'image', 'generate'),
	'Image → Get': collection('options', 'image', 'get'),
	'Generation → Get Status': collection('options', 'generation', 'getStatus'),
	'Skill → Remove Background': collection('options', 'skill', 'removeBackground'),
	'Skill → Upscale': collection('options', 'skill', 'upscale'),
	'Skill → Product Detail': collection('options', 'skill', 'productDetail'),
	'Skill → Marketing Poster': collection('options', 'skill', 'marketingPoster'),
	'Skill → AI Background': collection('options', 'skill', 'aiBackground'),
	'Skill → Get Status': collection('options', 'skill', 'getStatus'),
};

const option = (from: INodeProperties[], name: string) => from.find((o) => o.name === name);

describe('Options written out in each operation', () => {
	it('every collection is there', () => {
		for (const options of Object.values(OPTIONS)) expect(options.length).toBeGreaterThan(2);
	});

	it('an option several operations have is the same in each, but for the Skills’ poll interval', () => {
		const byName = new Map<string, Array<[string, INodeProperties]>>();
		for (const [where, options] of Object.entries(OPTIONS)) {
			for (const entry of options)
				byName.set(entry.name, [...(byName.get(entry.name) ?? []), [where, entry]]);
		}
		for (const [name, copies] of byName) {
			const [, first] = copies[0];
			for (const [where, copy] of copies) {
				const comparable = (o: INodeProperties) =>
					name === 'pollInterval' ? { ...o, default: 0 } : o;
				expect({ where, option: comparable(copy) }).toEqual({ where, option: comparable(first) });
			}
		}
	});

	it('the defaults are the ones the engine applies', () => {
		for (const [where, options] of Object.entries(OPTIONS)) {
			const skill = where.startsWith('Skill');
			const expected: Record<string, unknown> = {
				pollInterval: skill ? SKILL_POLL_SECONDS : DEFAULT_POLL_SECONDS,
				maxDownloadSize: DEFAULT_MAX_DOWNLOAD_MB,
				concurrency: DEFAULT_CONCURRENCY,
			};
			for (const [name, value] of Object.entries(expected)) {
				const found = option(options, name);
				if (found)
					expect({ where, name, default: found.default }).toEqual({ where, name, default: value });
			}
			const concurrency = option(options, 'concurrency');
			// The engine takes Concurrency's bounds from the field: whole numbers from 1 to 50.
			if (concurrency) {
				expect(concurrency.typeOptions).toEqual({ minValue: 1, maxValue: 50, numberPrecision: 0 });
			}
			const timeout = option(options, 'waitTimeout');
			if (timeout)
				expect(timeout.description).toContain(`at most ${LONGEST_WAIT_SECONDS / 60} minutes`);
		}
	});
});

describe('Additional Fields written out in each Skill', () => {
	it('Product Detail and Marketing Poster share Language, Logo, Quality and UI Locale', () => {
		const detail = collection('additionalFields', 'skill', 'productDetail');
		const poster = collection('additionalFields', 'skill', 'marketingPoster');
		for (const name of ['language', 'logo', 'quality', 'uiLocale']) {
			expect(option(detail, name)).toBeDefined();
			expect(option(poster, name)).toEqual(option(detail, name));
		}
	});
});
