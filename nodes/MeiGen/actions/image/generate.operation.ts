import { runGeneration } from '../../generation/run';
import type { HintedProperty } from '../builderHint';
import { estimateOnly, modelLocator } from '../common.descriptions';
import { additionalFields, options } from './generate.fields';
import { declareOperation } from '../operation';

const properties: HintedProperty[] = [
	modelLocator,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A lighthouse at dusk, oil painting, warm light',
		description: 'What to generate',
		builderHint: {
			propertyHint:
				"The picture or clip in plain words: subject, setting, style, light, and for a video the motion and camera. When each item brings its own prompt (a chat message, a sheet row, an agent's output), map it from the incoming item with an expression.",
		},
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait for the image or video and output it. Off: output the generation ID at once, to fetch later with Generation → Get Status.',
		displayOptions: { show: { estimateOnly: [false] } },
		builderHint: {
			propertyHint:
				'Leave on for images and short videos: the node waits and outputs the media as binary data. Turn off for long videos so no worker is held: the output then has generationId and checkAgainInSeconds; follow it with a Wait node for checkAgainInSeconds, then Generation → Get Status, and an If node on its done field that loops back to the Wait node until done is true.',
		},
	},
	estimateOnly,
	additionalFields,
	options,
];

export const operation = declareOperation({
	resource: 'image',
	operation: 'generate',
	properties,
	execute: runGeneration,
	concurrent: true,
	agent: 'summary',
});
